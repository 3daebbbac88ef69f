/// What a proposed definition would change on a pipeline: the same rows scored under the operating
/// definition and under the proposed one — rows and value moving into and out of fit, between tiers
/// (and into or out of disqualification), and the rules that moved them.
public struct ImpactPreview: Sendable, Hashable, Codable {
    /// Where a row stands under one definition: a tier, `disqualified`, or `none` (no definition).
    public typealias Standing = String

    /// Rows that moved from one standing to another.
    public struct Move: Sendable, Hashable, Codable {
        public var from: Standing
        public var to: Standing
        public var measure: PipelineMeasure
    }

    /// A rule that scores differently under the proposal, and the rows whose standing it helped move.
    public struct RuleImpact: Sendable, Hashable, Codable {
        /// `disqualifier added: industry equals "gambling"`, `signal removed: fit: employees between 50…500`, `thresholds changed`…
        public var rule: String
        public var movedIn: PipelineMeasure
        public var movedOut: PipelineMeasure
        /// Rows that changed tier or disqualification without crossing the edge of fit.
        public var movedWithin: PipelineMeasure
    }

    public var operatingRevision: Int?
    public var proposedRevision: Int?
    /// Rows scored under both.
    public var rows: PipelineMeasure
    /// Rows that could not be read under one of the two definitions (a key read as a number by the
    /// proposal, say); they are left out.
    public var unreadable: Int
    public var inFitBefore: PipelineMeasure
    public var inFitAfter: PipelineMeasure
    public var movedIn: PipelineMeasure
    public var movedOut: PipelineMeasure
    /// Every change of standing, most rows first.
    public var moves: [Move]
    /// Rules by the rows they moved, most first (at most 20).
    public var rules: [RuleImpact]
}

/// Works out an ``ImpactPreview`` row by row.
public struct ImpactCalculator: Sendable {
    let before: (scorer: CompiledScorer, reader: ColumnReader)?
    let after: (scorer: CompiledScorer, reader: ColumnReader)
    let amountIndex: Int?
    /// Rule descriptions by how each rule of either definition is told apart.
    let beforeSignals: [String]
    let afterSignals: [String]
    let beforeDisqualifiers: [String]
    let afterDisqualifiers: [String]
    let thresholdsChanged: Bool

    var rows = PipelineMeasure()
    var unreadable = 0
    var inFitBefore = PipelineMeasure()
    var inFitAfter = PipelineMeasure()
    var movedIn = PipelineMeasure()
    var movedOut = PipelineMeasure()
    var moves: [String: ImpactPreview.Move] = [:]
    var rules: [String: ImpactPreview.RuleImpact] = [:]

    /// `operating` nil: the ICP has nothing in force (every row starts at `none`).
    public init(
        operating: CompiledScorer?, proposed: CompiledScorer, mapping: FieldMapping, columns: [String], amountColumn: String?
    ) {
        before = operating.map { ($0, ColumnReader(scorer: $0, mapping: mapping, columns: columns)) }
        after = (proposed, ColumnReader(scorer: proposed, mapping: mapping, columns: columns))
        amountIndex = amountColumn.flatMap { columns.firstIndex(of: $0) }
        func signals(_ definition: ICPDefinition?) -> [String] {
            guard let definition else { return [] }
            return SignalFamily.allCases.flatMap { family in
                definition.signals[family].map {
                    "\(family.rawValue): \($0.key) \($0.op.rawValue)\($0.value.map { " \($0)" } ?? "") (weight \(RuleValue.written($0.weight)))"
                }
            }
        }
        func disqualifiers(_ definition: ICPDefinition?) -> [String] {
            (definition?.disqualifiers ?? []).map { "\($0.key) \($0.op.rawValue)\($0.value.map { " \($0)" } ?? "")" }
        }
        beforeSignals = signals(operating?.definition)
        afterSignals = signals(proposed.definition)
        beforeDisqualifiers = disqualifiers(operating?.definition)
        afterDisqualifiers = disqualifiers(proposed.definition)
        thresholdsChanged =
            operating.map {
                $0.definition.thresholds != proposed.definition.thresholds || $0.definition.missingDataPolicy != proposed.definition.missingDataPolicy
            } ?? false
    }

    static func standing(_ score: FrozenScore?) -> ImpactPreview.Standing {
        guard let score else { return "none" }
        return score.qualified ? score.tier.rawValue : "disqualified"
    }

    /// Adds one row (its fields in the columns' order).
    public mutating func add(_ fields: [String]) {
        let amount = amountIndex.flatMap { $0 < fields.count ? AccountReader.number(fields[$0]) : nil } ?? 0
        var old: FrozenScore? = nil
        if let before {
            guard case .success(let account) = before.reader.encode(fields) else {
                unreadable += 1
                return
            }
            old = before.scorer.frozenScore(account)
        }
        guard case .success(let account) = after.reader.encode(fields) else {
            unreadable += 1
            return
        }
        let new = after.scorer.frozenScore(account)
        rows.add(amount)
        let wasIn = old?.inFit ?? false
        if wasIn { inFitBefore.add(amount) }
        if new.inFit { inFitAfter.add(amount) }
        if !wasIn && new.inFit { movedIn.add(amount) }
        if wasIn && !new.inFit { movedOut.add(amount) }
        let from = Self.standing(old), to = Self.standing(new)
        guard from != to else { return }
        moves["\(from)→\(to)", default: ImpactPreview.Move(from: from, to: to, measure: PipelineMeasure())].measure.add(amount)
        for rule in causes(old, new) {
            var impact =
                rules[rule]
                ?? ImpactPreview.RuleImpact(rule: rule, movedIn: PipelineMeasure(), movedOut: PipelineMeasure(), movedWithin: PipelineMeasure())
            if !wasIn && new.inFit {
                impact.movedIn.add(amount)
            } else if wasIn && !new.inFit {
                impact.movedOut.add(amount)
            } else {
                impact.movedWithin.add(amount)
            }
            rules[rule] = impact
        }
    }

    /// The rules whose outcome differs between the two scores of a row: a rule of one definition
    /// that matched and has no identical rule matching in the other.
    func causes(_ old: FrozenScore?, _ new: FrozenScore) -> [String] {
        func split(_ score: FrozenScore?) -> (signals: [UInt8], disqualifiers: [UInt8]) {
            guard let score else { return ([], []) }
            let parts = score.outcomes.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
            return (parts.first.map { Array($0) } ?? [], parts.count > 1 ? Array(parts[1]) : [])
        }
        let (oldSignals, oldHits) = split(old)
        let (newSignals, newHits) = split(new)
        func matched(_ names: [String], _ letters: [UInt8], _ letter: UInt8) -> Set<String> {
            Set(zip(names, letters).filter { $0.1 == letter }.map(\.0))
        }
        var causes: [String] = []
        let hitBefore = matched(beforeDisqualifiers, oldHits, UInt8(ascii: "d")), hitAfter = matched(afterDisqualifiers, newHits, UInt8(ascii: "d"))
        for rule in hitAfter.subtracting(hitBefore).sorted() {
            causes.append((beforeDisqualifiers.contains(rule) ? "disqualifier now matching: " : "disqualifier added: ") + rule)
        }
        for rule in hitBefore.subtracting(hitAfter).sorted() {
            causes.append((afterDisqualifiers.contains(rule) ? "disqualifier no longer matching: " : "disqualifier removed: ") + rule)
        }
        let signalBefore = matched(beforeSignals, oldSignals, UInt8(ascii: "m")), signalAfter = matched(afterSignals, newSignals, UInt8(ascii: "m"))
        for rule in signalAfter.subtracting(signalBefore).sorted() {
            causes.append((beforeSignals.contains(rule) ? "signal now matching: " : "signal added: ") + rule)
        }
        for rule in signalBefore.subtracting(signalAfter).sorted() {
            causes.append((afterSignals.contains(rule) ? "signal no longer matching: " : "signal removed: ") + rule)
        }
        if causes.isEmpty {
            causes.append(thresholdsChanged ? "tier thresholds or missing-data policy changed" : "weights of the other signals changed")
        }
        return causes
    }

    /// The preview of the rows added so far.
    public var preview: ImpactPreview {
        ImpactPreview(
            operatingRevision: before?.scorer.revision, proposedRevision: after.scorer.revision, rows: rows, unreadable: unreadable,
            inFitBefore: inFitBefore, inFitAfter: inFitAfter, movedIn: movedIn, movedOut: movedOut,
            moves: moves.values.sorted { ($0.measure.count, $1.from, $1.to) > ($1.measure.count, $0.from, $0.to) },
            rules: Array(
                rules.values.sorted {
                    let a = $0.movedIn.count + $0.movedOut.count + $0.movedWithin.count,
                        b = $1.movedIn.count + $1.movedOut.count + $1.movedWithin.count
                    return (a, $1.rule) > (b, $0.rule)
                }.prefix(20)))
    }
}
