public import ByteText

/// Scores the rows of a pipeline export against one or more ICPs at once, without holding the file:
/// the header is read once (columns, the pipeline's own columns, each ICP's readers), then each row
/// (its fields in the header's order) becomes a ``PipelineRow`` with a ``FrozenScore`` per ICP, or
/// an ``UnreadableAccount`` naming every field at fault.
public struct PipelineScorer: Sendable {
    /// One ICP the rows are scored against, at the revision operating on the snapshot's day.
    public struct Target: Sendable {
        public var id: ICPID
        public var name: String
        public var scorer: CompiledScorer

        public init(id: ICPID, name: String, scorer: CompiledScorer) {
            self.id = id
            self.name = name
            self.scorer = scorer
        }
    }

    public let columns: [String]
    public let roles: PipelineColumns
    public let targets: [Target]
    let readers: [ColumnReader]
    /// Positions of the pipeline's own columns in a row, when the file has them.
    public let labelIndex: Int?
    public let ownerIndex: Int?
    public let stageIndex: Int?
    public let amountIndex: Int?

    /// Reads the header: column names are trimmed, must not repeat, and at least one must be named.
    public init(header: [String], given: PipelineColumns = PipelineColumns(), targets: [Target], mapping: FieldMapping) throws(AccountFile.Failure) {
        let columns = header.map { $0.trimmed }
        guard columns.contains(where: { !$0.isEmpty }) else { throw AccountFile.Failure("the header row names no columns") }
        var seen: Set<String> = []
        for column in columns where !column.isEmpty {
            guard seen.insert(column).inserted else {
                throw AccountFile.Failure("the column \(TextEscaping.visible(column, limit: 60)) is named twice")
            }
        }
        let roles = try PipelineColumns.detect(in: columns, given: given)
        self.columns = columns
        self.roles = roles
        self.targets = targets
        self.readers = targets.map { ColumnReader(scorer: $0.scorer, mapping: mapping, columns: columns) }
        labelIndex = roles.label.flatMap { columns.firstIndex(of: $0) }
        ownerIndex = roles.owner.flatMap { columns.firstIndex(of: $0) }
        stageIndex = roles.stage.flatMap { columns.firstIndex(of: $0) }
        amountIndex = roles.amount.flatMap { columns.firstIndex(of: $0) }
    }

    /// Scores one row (`row`: the line it begins on, or its position in a JSON list).
    public func score(_ fields: [String], row: Int) -> Result<PipelineRow, UnreadableAccount> {
        score(
            count: fields.count, row: row, fast: false, bytes: { _ in UnsafeBufferPointer(start: nil, count: 0) }, text: { fields[$0] },
            frozen: { index in readers[index].encode(fields).map { targets[index].scorer.frozenScore($0) } })
    }

    /// ``score(_:row:)`` for a row read as bytes: the fields of common shapes are read from their
    /// bytes (see ``ColumnReader/encode(_:)-(CSVRecord)``), to the same result.
    public func score(_ record: CSVRecord, row: Int) -> Result<PipelineRow, UnreadableAccount> {
        var accounts: [EncodedAccount] = []
        return score(record, row: row, reusing: &accounts)
    }

    /// ``score(_:row:)-(CSVRecord,_)`` with the encoded accounts' storage kept in `accounts` from one
    /// row to the next.
    public func score(_ record: CSVRecord, row: Int, reusing accounts: inout [EncodedAccount]) -> Result<PipelineRow, UnreadableAccount> {
        while accounts.count < targets.count { accounts.append(EncodedAccount(values: [], pool: [])) }
        return score(
            count: record.count, row: row, fast: true, bytes: { record[$0] }, text: { record.string($0) },
            frozen: { index in readers[index].encode(record, into: &accounts[index]).map { targets[index].scorer.frozenScore(accounts[index]) } })
    }

    @inline(__always)
    func score(
        count: Int, row: Int, fast: Bool, bytes: (Int) -> UnsafeBufferPointer<UInt8>, text field: (Int) -> String,
        frozen: (Int) -> Result<FrozenScore, ColumnReader.UnreadableFields>
    ) -> Result<PipelineRow, UnreadableAccount> {
        func text(_ index: Int?) -> String? {
            guard let index, index < count else { return nil }
            if fast {
                let raw = bytes(index)
                if raw.isEmpty { return nil }
                if FieldBytes.isPlainEdged(raw) { return String(decoding: raw, as: UTF8.self) }
            }
            let value = field(index).trimmed
            return value.isEmpty ? nil : value
        }
        let label = text(labelIndex)
        guard count == columns.count else {
            let problem = AccountReader.Problem(field: "row", reason: "\(count) fields, but the header names \(columns.count) columns")
            return .failure(UnreadableAccount(row: row, label: label, problems: [problem]))
        }
        var problems: [AccountReader.Problem] = []
        var amount: Double? = nil
        if let amountIndex, fast, FieldBytes.isPlainEdged(bytes(amountIndex)), let number = FieldBytes.number(bytes(amountIndex)),
            abs(number) <= PipelineRow.maxAmount
        {
            amount = number
        } else if let raw = text(amountIndex) {
            if let number = AccountReader.number(raw), number.isFinite, abs(number) <= PipelineRow.maxAmount {
                amount = number
            } else {
                problems.append(
                    AccountReader.Problem(
                        field: roles.amount ?? "amount",
                        reason: "'\(TextEscaping.visible(raw, limit: 40))' is not an amount (at most \(Int(PipelineRow.maxAmount)) either way)"))
            }
        }
        var scores: [FrozenScore] = []
        scores.reserveCapacity(targets.count)
        for index in targets.indices {
            switch frozen(index) {
            case .success(let score): scores.append(score)
            case .failure(let unread):
                for problem in unread.problems where !problems.contains(problem) { problems.append(problem) }
            }
        }
        if !problems.isEmpty { return .failure(UnreadableAccount(row: row, label: label, problems: problems)) }
        return .success(PipelineRow(row: row, label: label, owner: text(ownerIndex), stage: text(stageIndex), amount: amount, scores: scores))
    }
}

/// One scored row of a pipeline snapshot.
public struct PipelineRow: Sendable, Hashable {
    /// The largest amount one row may carry, either way (a trillion).
    public static let maxAmount = 1e12

    public var row: Int
    public var label: String?
    /// As the file wrote it (stored only as a principal id or a pseudonym).
    public var owner: String?
    public var stage: String?
    /// Nil when the file has no amount column or the field is empty (it then counts as 0 value).
    public var amount: Double?
    /// One per ICP scored, in the scorer's order.
    public var scores: [FrozenScore]
}
