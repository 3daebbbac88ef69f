public import ByteText

/// Scores the rows of a stored snapshot under several definitions at once, counting each one's
/// rows and the part in fit (by count and by the amount column): what a drift figure needs when the
/// snapshot's import did not score that revision. Rows a definition cannot read are left out of its
/// counts, as in ``ImpactCalculator``.
public struct FitRescorer: Sendable {
    let scorers: [CompiledScorer]
    /// One reader per distinct account schema (revisions that use the same keys and values share
    /// one), with the scorers that read its accounts: a row is encoded once per schema.
    let groups: [(reader: ColumnReader, scorers: [Int])]
    /// Each group's encoded account, its storage reused from row to row.
    var accounts: [EncodedAccount]
    /// Per definition, in the order given.
    public private(set) var totals: [PipelineMeasure]
    public private(set) var inFit: [PipelineMeasure]
    public private(set) var unreadable: [Int]

    public init(scorers: [CompiledScorer], mapping: FieldMapping, columns: [String]) {
        self.scorers = scorers
        var groups: [(reader: ColumnReader, scorers: [Int])] = []
        // Same slots, and each key read as the same kind from the same columns: the same encoding.
        struct Layout: Hashable {
            var schema: AccountSchema
            var keys: [String]
        }
        var byLayout: [Layout: Int] = [:]
        for (index, scorer) in scorers.enumerated() {
            let reader = ColumnReader(scorer: scorer, mapping: mapping, columns: columns)
            let layout = Layout(schema: scorer.schema, keys: reader.keys.map { "\($0.key) \($0.kind) \($0.sources.map(\.index))" })
            if let group = byLayout[layout] {
                groups[group].scorers.append(index)
            } else {
                byLayout[layout] = groups.count
                groups.append((reader, [index]))
            }
        }
        self.groups = groups
        totals = Array(repeating: PipelineMeasure(), count: scorers.count)
        inFit = totals
        unreadable = Array(repeating: 0, count: scorers.count)
        accounts = Array(repeating: EncodedAccount(values: [], pool: []), count: groups.count)
    }

    /// Adds one row read as bytes, with its amount (the snapshot keeps it beside the fields): the
    /// fields of common shapes are read from their bytes (``ColumnReader/encode(_:into:)``), to the
    /// same result as reading them as text.
    public mutating func add(_ record: CSVRecord, amount: Double) {
        for group in groups.indices {
            let readable: Bool
            if case .success = groups[group].reader.encode(record, into: &accounts[group]) { readable = true } else { readable = false }
            for index in groups[group].scorers {
                guard readable else {
                    unreadable[index] += 1
                    continue
                }
                totals[index].add(amount)
                let score = scorers[index].quickScore(accounts[group])
                if !score.disqualified && score.tier != .d { inFit[index].add(amount) }
            }
        }
    }
}
