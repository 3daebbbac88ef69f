public import ByteText

/// Scores the rows of a stored snapshot under several definitions at once, counting each one's
/// rows and the part in fit (by count and by the amount column): what a drift figure needs when the
/// snapshot's import did not score that revision. Rows a definition cannot read are left out of its
/// counts, as in ``ImpactCalculator``.
public struct FitRescorer: Sendable {
    let readers: [(scorer: CompiledScorer, reader: ColumnReader)]
    /// Each definition's encoded account, its storage reused from row to row.
    var accounts: [EncodedAccount]
    /// Per definition, in the order given.
    public private(set) var totals: [PipelineMeasure]
    public private(set) var inFit: [PipelineMeasure]
    public private(set) var unreadable: [Int]

    public init(scorers: [CompiledScorer], mapping: FieldMapping, columns: [String]) {
        readers = scorers.map { ($0, ColumnReader(scorer: $0, mapping: mapping, columns: columns)) }
        totals = Array(repeating: PipelineMeasure(), count: scorers.count)
        inFit = totals
        unreadable = Array(repeating: 0, count: scorers.count)
        accounts = Array(repeating: EncodedAccount(values: [], pool: []), count: scorers.count)
    }

    /// Adds one row read as bytes, with its amount (the snapshot keeps it beside the fields): the
    /// fields of common shapes are read from their bytes (``ColumnReader/encode(_:into:)``), to the
    /// same result as reading them as text.
    public mutating func add(_ record: CSVRecord, amount: Double) {
        for index in readers.indices {
            guard case .success = readers[index].reader.encode(record, into: &accounts[index]) else {
                unreadable[index] += 1
                continue
            }
            totals[index].add(amount)
            let score = readers[index].scorer.quickScore(accounts[index])
            if !score.disqualified && score.tier != .d { inFit[index].add(amount) }
        }
    }
}
