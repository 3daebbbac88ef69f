import ByteText
import Crypto
import EventStore
import Foundation
import ICPDomain
import Postgres

/// Reads a pipeline export once, scoring each row as it goes, and stores the scored rows in
/// `pipeline_snapshot_chunks` — up to ``chunkRows`` rows per chunk (``SnapshotChunkText``), up to
/// ``batchRows`` rows per short transaction — never holding the file.
///
/// Two threads share the work: one reads, scores and encodes rows into batches of chunks; the
/// thread of the import's connection stores each finished batch (one round trip: BEGIN, the tenant,
/// an INSERT per chunk, COMMIT) while the next one is being made. A batch's transaction therefore
/// opens only when its rows are ready and lasts as long as PostgreSQL takes to store them, and at
/// most two batches wait, so memory stays bounded.
///
/// Once a row cannot be read and bad rows are not skipped, copying stops (the rows already copied
/// are discarded by the caller) but reading goes on, so every bad row is listed.
struct SnapshotCopier: Sendable {
    let workspace: WorkspaceID
    let snapshot: SnapshotID
    let targets: [PipelineScorer.Target]
    let mapping: FieldMapping
    let given: PipelineColumns
    let skipBadRows: Bool
    let owners: OwnerPseudonyms

    /// Rows per chunk, at most.
    static let chunkRows = 1_000
    /// A chunk is closed once its text is this long (a row is never split).
    static let chunkBytes = 1 << 20
    /// Rows per batch (and transaction), at most.
    static let batchRows = 50_000
    /// Bytes of text per batch: a batch is closed once it is this long.
    static let batchBytes = 16 << 20
    /// Finished batches waiting to be stored, at most.
    static let waitingBatches = 2
    /// A JSON export is read whole: at most this many bytes.
    static let maxJSONBytes = 64 << 20

    struct Outcome: Sendable {
        var scorer: PipelineScorer
        var tally: PipelineTally
        var bad: [UnreadableAccount] = []
        var badCount = 0
        var stored = 0
    }

    /// Reads, scores and stores the export; returns once every batch is stored (or nothing is left
    /// to store), with no thread left running.
    func run(_ input: PipelineInput, on connection: PostgresConnection) throws -> Outcome {
        let channel = BatchChannel()
        let reader = Thread { [self] in
            var state = ReadState(copier: self, channel: channel)
            let result = Result { try state.read(input) }
            channel.finish(result)
        }
        reader.name = "pipeline-import"
        reader.stackSize = 4 << 20
        reader.start()
        do {
            while let batch = channel.next() {
                try store(batch, on: connection)
                channel.recycle(batch.text)
            }
        } catch {
            connection.rollBackIfNeeded()
            channel.cancel()
            _ = channel.waitForResult()
            throw error
        }
        return try channel.waitForResult().get()
    }

    /// Stores one batch of chunks in a transaction of its own, in one round trip.
    func store(_ batch: Batch, on connection: PostgresConnection) throws {
        var queries: [PostgresQuery] = ["BEGIN", EventStore.tenantStatement(workspace.uuid)]
        var start = 0
        for chunk in batch.chunks {
            let text = PostgresTextBytes(Array(batch.text[start..<chunk.end]))
            queries.append(
                """
                INSERT INTO pipeline_snapshot_chunks (tenant_id, snapshot_id, first_row, row_count, rows)
                VALUES (\(workspace.uuid), \(snapshot.uuid), \(chunk.firstRow), \(chunk.rows), \(text))
                """)
            start = chunk.end
        }
        queries.append("COMMIT")
        try connection.pipeline(queries)
    }

    /// Chunks of rows, their text end to end.
    struct Batch {
        var text: [UInt8] = []
        /// Each chunk's first row (its position among the snapshot's stored rows), row count, and
        /// where its text ends.
        var chunks: [(firstRow: Int, rows: Int, end: Int)] = []
        var rows = 0
    }

    /// A JSON value as the text a CSV export would hold.
    static func text(_ value: AccountReader.Value?) -> String {
        switch value {
        case .text(let text)?: text
        case .number(let number)?: AccountReader.text(number)
        case .flag(let flag)?: flag ? "true" : "false"
        case .list(let items)?: items.joined(separator: ";")
        case .null?, nil: ""
        }
    }

    /// The reading, scoring and encoding, on the reader's thread.
    struct ReadState {
        let copier: SnapshotCopier
        let channel: BatchChannel
        var scorer: PipelineScorer? = nil
        var tally: PipelineTally? = nil
        var bad: [UnreadableAccount] = []
        var badCount = 0
        var stored = 0
        var stopped = false
        var batch: Batch
        /// The chunk under way: its first row and where its text starts in the batch's text.
        var chunkFirstRow = 0
        var chunkStart = 0
        var accounts: [EncodedAccount] = []

        init(copier: SnapshotCopier, channel: BatchChannel) {
            self.copier = copier
            self.channel = channel
            batch = Batch(text: channel.emptyBuffer())
        }

        mutating func read(_ input: PipelineInput) throws -> Outcome {
            let head = try input.prefix(4096)
            let body = head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : head
            let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
                let file: AccountFile
                do {
                    file = try AccountFile.read(try input.all(limit: SnapshotCopier.maxJSONBytes))
                } catch let failure as AccountFile.Failure {
                    throw PipelineImportError.unreadable(failure.description)
                }
                try CSVRecord.with(file.columns) { try record($0, line: 1) }
                for row in file.rows {
                    try CSVRecord.with(file.columns.map { SnapshotCopier.text(row.fields[$0]) }) { try record($0, line: row.row) }
                }
            } else {
                let separator = body.withUnsafeBufferPointer { CSVParser.detectSeparator($0) }
                var parser = CSVParser(separator: separator)
                do {
                    try input.forEachChunk { chunk in try parser.parseRecords(chunk) { try record($0, line: $1) } }
                    try parser.finishRecords { try record($0, line: $1) }
                } catch let error as CSVError {
                    throw PipelineImportError.unreadable(error.description)
                }
            }
            try endBatch()
            guard let scorer, let tally else {
                throw PipelineImportError.unreadable("the file is empty: a header row naming the columns is needed")
            }
            return Outcome(scorer: scorer, tally: tally, bad: bad, badCount: badCount, stored: stored)
        }

        mutating func record(_ fields: CSVRecord, line: Int) throws {
            guard let scorer else {
                do {
                    let scorer = try PipelineScorer(header: fields.strings, given: copier.given, targets: copier.targets, mapping: copier.mapping)
                    self.scorer = scorer
                    tally = PipelineTally(targets: copier.targets)
                } catch {
                    throw PipelineImportError.unreadable("line \(line): \(error)")
                }
                return
            }
            switch scorer.score(fields, row: line, reusing: &accounts) {
            case .failure(let unreadable):
                badCount += 1
                if bad.count < PipelineImportError.listedRows { bad.append(unreadable) }
                if !copier.skipBadRows && !stopped {
                    stopped = true
                    channel.stop()
                }
            case .success(let row):
                let owner = row.owner.map { copier.owners.stored($0) }
                tally!.add(row, owner: owner)
                guard !stopped else { return }
                append(row, fields: fields, owner: owner, ownerIndex: scorer.ownerIndex)
                stored += 1
                batch.rows += 1
                if stored - chunkFirstRow >= SnapshotCopier.chunkRows || batch.text.count - chunkStart >= SnapshotCopier.chunkBytes { endChunk() }
                if batch.rows >= SnapshotCopier.batchRows || batch.text.count >= SnapshotCopier.batchBytes { try endBatch() }
            }
        }

        mutating func endChunk() {
            guard stored > chunkFirstRow else { return }
            batch.chunks.append((firstRow: chunkFirstRow, rows: stored - chunkFirstRow, end: batch.text.count))
            chunkFirstRow = stored
            chunkStart = batch.text.count
        }

        /// Hands the batch under way to the storing thread (waiting while two batches wait already).
        mutating func endBatch() throws {
            endChunk()
            guard batch.rows > 0, !stopped else { return }
            try channel.put(batch)
            batch = Batch(text: channel.emptyBuffer())
            chunkStart = 0
        }

        /// One row of a chunk (``SnapshotChunkText``): row, label, owner, stage, amount, fields, scores.
        mutating func append(_ row: PipelineRow, fields: CSVRecord, owner: String?, ownerIndex: Int?) {
            DecimalText.append(row.row, to: &batch.text)
            batch.text.append(9)
            SnapshotChunkText.append(row.label, to: &batch.text)
            batch.text.append(9)
            SnapshotChunkText.append(owner, to: &batch.text)
            batch.text.append(9)
            SnapshotChunkText.append(row.stage, to: &batch.text)
            batch.text.append(9)
            if let amount = row.amount { DecimalText.append(amount, to: &batch.text) } else { SnapshotChunkText.append(nil, to: &batch.text) }
            batch.text.append(9)
            SnapshotFieldsText.appendToChunk(fields, blanking: ownerIndex, to: &batch.text)
            batch.text.append(9)
            FrozenScoreText.append(row.scores, to: &batch.text)
            batch.text.append(10)
        }
    }
}

/// The hand-over between the thread that makes batches and the one that stores them: at most
/// ``SnapshotCopier/waitingBatches`` batches wait; the maker may stop (a bad row: waiting batches
/// are dropped) and the storer may cancel (a database error: the maker's next hand-over throws).
final class BatchChannel: @unchecked Sendable {
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private var waiting: [SnapshotCopier.Batch] = []
    private var spare: [[UInt8]] = []
    private var stopped = false
    private var cancelled = false
    private var result: Result<SnapshotCopier.Outcome, any Error>? = nil

    /// Called by the maker: waits for room, then queues the batch.
    func put(_ batch: SnapshotCopier.Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= SnapshotCopier.waitingBatches && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        if !stopped { waiting.append(batch) }
        condition.broadcast()
    }

    /// Called by the maker after a bad row: nothing more is stored.
    func stop() {
        condition.lock()
        stopped = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the maker when it is done.
    func finish(_ outcome: Result<SnapshotCopier.Outcome, any Error>) {
        condition.lock()
        result = outcome
        if case .failure = outcome { waiting.removeAll() }
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the storer: the next batch, or nil once the maker is done and nothing waits.
    func next() -> SnapshotCopier.Batch? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && result == nil { condition.wait() }
        guard !waiting.isEmpty else { return nil }
        condition.broadcast()
        return waiting.removeFirst()
    }

    /// Called by the storer after a failure: the maker stops at its next hand-over.
    func cancel() {
        condition.lock()
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the maker is done.
    func waitForResult() -> Result<SnapshotCopier.Outcome, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }

    /// A stored batch's buffer, kept for the next batch.
    func recycle(_ batch: [UInt8]) {
        condition.lock()
        if spare.count < 2 {
            var batch = batch
            batch.removeAll(keepingCapacity: true)
            spare.append(batch)
        }
        condition.unlock()
    }

    func emptyBuffer() -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        if let buffer = spare.popLast() { return buffer }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(SnapshotCopier.batchBytes / 2)
        return buffer
    }
}

/// How owners are stored: the principal id of a workspace member whose name or e-mail the file
/// wrote (compared ignoring case), otherwise a pseudonym — `owner-` and 16 hex digits of an
/// HMAC-SHA-256 of the owner as written (trimmed, lower-cased) under the workspace's own key — so the
/// same rep gets the same pseudonym in every snapshot, and a name cannot be found from it without
/// the key.
final class OwnerPseudonyms: @unchecked Sendable {
    let key: SymmetricKey
    let known: [String: String]
    /// Pseudonyms already made (only touched by the one thread an import runs on).
    var made: [String: String] = [:]
    static let cacheLimit = 100_000

    init(key: [UInt8], known: [String: String]) {
        self.key = SymmetricKey(data: key)
        self.known = known
    }

    func stored(_ owner: String) -> String {
        if let id = made[owner] { return id }
        let folded = owner.lowercased()
        let id: String
        if let principal = known[folded] {
            id = principal
        } else {
            let code = HMAC<SHA256>.authenticationCode(for: Array(folded.utf8), using: key)
            id = "owner-" + Hex.encode(Array(code).prefix(8))
        }
        if made.count < Self.cacheLimit { made[owner] = id }
        return id
    }
}
