/// A score kept with the row it scored, small enough to store for every row of a pipeline snapshot
/// and complete enough to explain later: with the revision's definition (revisions never change),
/// ``explained(row:label:definition:)`` gives back the full explanation even after the ICP moved on.
public struct FrozenScore: Hashable, Sendable, Codable {
    /// The revision that produced it.
    public var revision: Int
    /// 0–100, to one decimal.
    public var score: Double
    public var tier: Tier
    /// False when a disqualifier matched.
    public var qualified: Bool
    /// Each rule's outcome in the revision's order: one letter per signal (families in their fixed
    /// order, then position) — `m` matched, `x` missed, `u` unknown — then `|`, then one per
    /// disqualifier — `d` hit, `-` clear, `?` unknown.
    public var outcomes: String

    public init(revision: Int, score: Double, tier: Tier, qualified: Bool, outcomes: String) {
        self.revision = revision
        self.score = score
        self.tier = tier
        self.qualified = qualified
        self.outcomes = outcomes
    }

    /// In fit: no disqualifier matched and the tier is C or better.
    public var inFit: Bool { qualified && tier != .d }

    /// The explanation of the score under the definition of its revision; nil when the outcomes do
    /// not fit that definition (another revision's definition).
    public func explained(row: Int, label: String?, definition: ICPDefinition) -> ScoredAccount? {
        let parts = outcomes.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == definition.disqualifiers.count, parts[0].count == definition.signals.all.count else { return nil }
        var matched: [SignalRef] = [], missed: [SignalRef] = [], unknown: [SignalRef] = []
        var letters = parts[0].makeIterator()
        var known = 0.0, total = 0.0
        for family in SignalFamily.allCases {
            for (index, signal) in definition.signals[family].enumerated() {
                let ref = SignalRef(family: family, index: index, key: signal.key, weight: signal.weight)
                total += signal.weight
                switch letters.next() {
                case "m":
                    matched.append(ref)
                    known += signal.weight
                case "x":
                    missed.append(ref)
                    known += signal.weight
                default: unknown.append(ref)
                }
            }
        }
        var hits: [DisqualifierHit] = []
        var unchecked: [Int] = []
        for (index, (letter, disqualifier)) in zip(parts[1], definition.disqualifiers).enumerated() {
            if letter == "d" { hits.append(DisqualifierHit(index: index, key: disqualifier.key, reason: disqualifier.reason)) }
            if letter == "?" { unchecked.append(index) }
        }
        let result = AccountScore(
            revision: revision, disqualifiedBy: hits, uncheckedDisqualifiers: unchecked, score: score,
            coverage: total > 0 ? known / total : 0, tier: tier, matched: matched, missed: missed, unknown: unknown)
        return ScoredAccount(row: row, label: label, score: result, definition: definition)
    }
}

extension CompiledScorer {
    /// Scores an account and records every rule's outcome (see ``FrozenScore/outcomes``).
    public func frozenScore(_ account: EncodedAccount) -> FrozenScore {
        account.values.withUnsafeBufferPointer { values in
            account.pool.withUnsafeBufferPointer { pool in
                sets.withUnsafeBufferPointer { sets in
                    var letters: [UInt8] = []
                    letters.reserveCapacity(signals.count + disqualifiers.count + 1)
                    var matched = 0.0, known = 0.0
                    for rule in signals {
                        switch rule.evaluate(values, pool, sets) {
                        case .match:
                            matched += rule.weight
                            known += rule.weight
                            letters.append(UInt8(ascii: "m"))
                        case .miss:
                            known += rule.weight
                            letters.append(UInt8(ascii: "x"))
                        case .unknown: letters.append(UInt8(ascii: "u"))
                        }
                    }
                    letters.append(UInt8(ascii: "|"))
                    var qualified = true
                    for rule in disqualifiers {
                        switch rule.evaluate(values, pool, sets) {
                        case .match:
                            qualified = false
                            letters.append(UInt8(ascii: "d"))
                        case .miss: letters.append(UInt8(ascii: "-"))
                        case .unknown: letters.append(UInt8(ascii: "?"))
                        }
                    }
                    let denominator = zeroPolicy ? totalWeight : known
                    let score = denominator > 0 ? 100 * matched / denominator : 0
                    return FrozenScore(
                        revision: revision, score: (score * 10).rounded() / 10, tier: definition.thresholds.tier(for: score),
                        qualified: qualified, outcomes: String(decoding: letters, as: UTF8.self))
                }
            }
        }
    }
}
