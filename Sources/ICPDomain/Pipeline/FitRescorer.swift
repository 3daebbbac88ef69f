/// Scores the rows of a stored snapshot under several definitions at once, counting each one's
/// rows and the part in fit (by count and by the amount column): what a drift figure needs when the
/// snapshot's import did not score that revision. Rows a definition cannot read are left out of its
/// counts, as in ``ImpactCalculator``.
public struct FitRescorer: Sendable {
    let readers: [(scorer: CompiledScorer, reader: ColumnReader)]
    let amountIndex: Int?
    /// Per definition, in the order given.
    public private(set) var totals: [PipelineMeasure]
    public private(set) var inFit: [PipelineMeasure]
    public private(set) var unreadable: [Int]

    public init(scorers: [CompiledScorer], mapping: FieldMapping, columns: [String], amountColumn: String?) {
        readers = scorers.map { ($0, ColumnReader(scorer: $0, mapping: mapping, columns: columns)) }
        amountIndex = amountColumn.flatMap { columns.firstIndex(of: $0) }
        totals = Array(repeating: PipelineMeasure(), count: scorers.count)
        inFit = totals
        unreadable = Array(repeating: 0, count: scorers.count)
    }

    /// Adds one row (its fields in the columns' order).
    public mutating func add(_ fields: [String]) {
        let amount = amountIndex.flatMap { $0 < fields.count ? AccountReader.number(fields[$0]) : nil } ?? 0
        for (index, entry) in readers.enumerated() {
            guard case .success(let account) = entry.reader.encode(fields) else {
                unreadable[index] += 1
                continue
            }
            totals[index].add(amount)
            if entry.scorer.frozenScore(account).inFit { inFit[index].add(amount) }
        }
    }
}
