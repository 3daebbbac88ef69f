/// An ICP revision compiled for fast account scoring.
///
/// Compile once per published revision; encode accounts once with ``schema``; then
/// ``quickScore(_:)`` runs with no hashing, no string work and no allocation per account, and
/// ``score(_:)`` gives the full explanation. Disqualifiers are checked first, yet the score is
/// always computed so a disqualified account can still be diagnosed.
public struct CompiledScorer: Sendable {
    /// The revision number this scorer represents.
    public let revision: Int
    /// The definition compiled.
    public let definition: ICPDefinition
    /// Slot layout and vocabulary; use it to encode accounts.
    public let schema: AccountSchema

    let signals: [CompiledRule]
    let signalRefs: [SignalRef]
    let disqualifiers: [CompiledRule]
    let sets: [Int32]
    let totalWeight: Double
    let zeroPolicy: Bool

    /// Compiles a definition; throws ``DomainError/invalid(_:)`` when it does not validate.
    public init(definition: ICPDefinition, revision: Int) throws(DomainError) {
        let errors = definition.validate()
        if !errors.isEmpty { throw .invalid(errors) }
        self.revision = revision
        self.definition = definition
        let conditions: [(key: String, op: SignalOperator, value: RuleValue?)] =
            definition.signals.all.map { ($0.signal.key, $0.signal.op, $0.signal.value) }
            + definition.disqualifiers.map { ($0.key, $0.op, $0.value) }
        var strings: [String] = []
        for c in conditions {
            switch c.value {
            case .string(let s)?: strings.append(s)
            case .stringList(let list)?: strings += list
            default: break
            }
        }
        let schema = AccountSchema(keys: conditions.map(\.key), strings: strings)
        var sets: [Int32] = []
        func compile(_ key: String, _ op: SignalOperator, _ value: RuleValue?, weight: Double) -> CompiledRule {
            var rule = CompiledRule(slot: schema.slots[key] ?? 0, code: .exists, weight: weight, low: 0, high: 0, id: -1, setStart: 0, setCount: 0)
            switch (op, value) {
            case (.exists, _): rule.code = .exists
            case (.equals, .string(let s)?):
                rule.code = .equalsString
                rule.id = schema.id(of: s)
            case (.equals, .number(let n)?):
                rule.code = .equalsNumber
                rule.low = n
            case (.equals, .bool(let b)?):
                rule.code = .equalsBool
                rule.id = b ? 1 : 0
            case (.in, .stringList(let list)?), (.notIn, .stringList(let list)?):
                rule.code = op == .in ? .inSet : .notInSet
                rule.setStart = sets.count
                rule.setCount = list.count
                sets += list.map(schema.id(of:))
            case (.between, .numberRange(let r)?):
                rule.code = .between
                rule.low = r.lower
                rule.high = r.upper
            case (.atLeast, .number(let n)?):
                rule.code = .atLeast
                rule.low = n
            case (.atMost, .number(let n)?):
                rule.code = .atMost
                rule.low = n
            case (.contains, .string(let s)?):
                rule.code = .contains
                rule.id = schema.id(of: s)
            default: break  // unreachable for validated definitions
            }
            return rule
        }
        var refs: [SignalRef] = []
        var compiledSignals: [CompiledRule] = []
        for family in SignalFamily.allCases {
            for (index, s) in definition.signals[family].enumerated() {
                refs.append(SignalRef(family: family, index: index, key: s.key, weight: s.weight))
                compiledSignals.append(compile(s.key, s.op, s.value, weight: s.weight))
            }
        }
        self.signals = compiledSignals
        self.signalRefs = refs
        self.disqualifiers = definition.disqualifiers.map { compile($0.key, $0.op, $0.value, weight: 0) }
        self.sets = sets
        self.schema = schema
        self.totalWeight = compiledSignals.reduce(0) { $0 + $1.weight }
        self.zeroPolicy = definition.missingDataPolicy == .zero
    }

    /// Compiles the published revision of an ICP; nil when nothing is published.
    public init?(publishedOf state: ICPState) {
        guard let number = state.publishedRevision, let definition = state.publishedDefinition,
            let scorer = try? CompiledScorer(definition: definition, revision: number)
        else { return nil }
        self = scorer
    }

    /// The fast path: score, tier and disqualified flag, with no allocation.
    public func quickScore(_ account: EncodedAccount) -> QuickScore {
        account.values.withUnsafeBufferPointer { values in
            account.pool.withUnsafeBufferPointer { pool in
                sets.withUnsafeBufferPointer { sets in
                    var disqualified = false
                    disqualifiers.withUnsafeBufferPointer { rules in
                        for rule in rules where rule.evaluate(values, pool, sets) == .match {
                            disqualified = true
                            break
                        }
                    }
                    var matched = 0.0
                    var known = 0.0
                    signals.withUnsafeBufferPointer { rules in
                        for rule in rules {
                            switch rule.evaluate(values, pool, sets) {
                            case .match:
                                matched += rule.weight
                                known += rule.weight
                            case .miss: known += rule.weight
                            case .unknown: break
                            }
                        }
                    }
                    let score = fitScore(matched: matched, known: known)
                    return QuickScore(score: score, tier: definition.thresholds.tier(for: score), disqualified: disqualified)
                }
            }
        }
    }

    /// The full path: which disqualifiers and signals matched, missed or were unknown.
    public func score(_ account: EncodedAccount) -> AccountScore {
        account.values.withUnsafeBufferPointer { values in
            account.pool.withUnsafeBufferPointer { pool in
                sets.withUnsafeBufferPointer { sets in
                    var hits: [DisqualifierHit] = []
                    var unchecked: [Int] = []
                    for (index, rule) in disqualifiers.enumerated() {
                        switch rule.evaluate(values, pool, sets) {
                        case .match:
                            let d = definition.disqualifiers[index]
                            hits.append(DisqualifierHit(index: index, key: d.key, reason: d.reason))
                        case .unknown: unchecked.append(index)
                        case .miss: break
                        }
                    }
                    var matched: [SignalRef] = [], missed: [SignalRef] = [], unknown: [SignalRef] = []
                    var matchedWeight = 0.0, known = 0.0
                    for (rule, ref) in zip(signals, signalRefs) {
                        switch rule.evaluate(values, pool, sets) {
                        case .match:
                            matched.append(ref)
                            matchedWeight += rule.weight
                            known += rule.weight
                        case .miss:
                            missed.append(ref)
                            known += rule.weight
                        case .unknown: unknown.append(ref)
                        }
                    }
                    let score = fitScore(matched: matchedWeight, known: known)
                    return AccountScore(
                        revision: revision, disqualifiedBy: hits, uncheckedDisqualifiers: unchecked, score: score,
                        coverage: totalWeight > 0 ? known / totalWeight : 0, tier: definition.thresholds.tier(for: score),
                        matched: matched, missed: missed, unknown: unknown)
                }
            }
        }
    }

    /// Scores an attribute dictionary (encodes it first; convenient, not the fast path).
    public func score(_ attributes: [String: AttributeValue]) -> AccountScore { score(schema.encode(attributes)) }

    @inline(__always)
    private func fitScore(matched: Double, known: Double) -> Double {
        let denominator = zeroPolicy ? totalWeight : known
        return denominator > 0 ? 100 * matched / denominator : 0
    }
}
