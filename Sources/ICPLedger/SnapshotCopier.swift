import ByteText
import Crypto
import EventStore
import Foundation
import ICPDomain
import Postgres

/// Reads a pipeline export once, scoring each row as it goes, and copies the scored rows into
/// `pipeline_snapshot_rows` in batches of short transactions (COPY text), never holding the file.
/// Once a row cannot be read and bad rows are not skipped, copying stops (the rows already copied
/// are discarded by the caller) but reading goes on, so every bad row is listed.
struct SnapshotCopier {
    let workspace: WorkspaceID
    let snapshot: SnapshotID
    let targets: [PipelineScorer.Target]
    let mapping: FieldMapping
    let given: PipelineColumns
    let skipBadRows: Bool
    let owners: OwnerPseudonyms

    /// Rows per transaction, at most.
    static let batchRows = 50_000
    /// How long a batch's transaction may stay open, at most (checked every 256 rows). The transaction
    /// holds a transaction id while the file is read and scored, and every event feed of the cluster
    /// waits for the oldest one, so batches are cut short on a slow machine or a slow build.
    static let batchNanoseconds: UInt64 = 200_000_000
    /// COPY data is sent in pieces of about this size.
    static let sendBytes = 256 * 1024
    /// A JSON export is read whole: at most this many bytes.
    static let maxJSONBytes = 64 << 20

    struct Outcome {
        var scorer: PipelineScorer
        var tally: PipelineTally
        var bad: [UnreadableAccount] = []
        var badCount = 0
        var stored = 0
    }

    func run(_ input: PipelineInput, on connection: PostgresConnection) throws -> Outcome {
        var state = CopyState(copier: self, connection: connection)
        do {
            let head = try input.prefix(4096)
            let body = head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : head
            let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
                let file: AccountFile
                do {
                    file = try AccountFile.read(try input.all(limit: Self.maxJSONBytes))
                } catch let failure as AccountFile.Failure {
                    throw PipelineImportError.unreadable(failure.description)
                }
                try state.record(file.columns, line: 1)
                for row in file.rows {
                    try state.record(file.columns.map { Self.text(row.fields[$0]) }, line: row.row)
                }
            } else {
                let separator = body.withUnsafeBufferPointer { CSVParser.detectSeparator($0) }
                var parser = CSVParser(separator: separator)
                do {
                    try input.forEachChunk { chunk in try parser.parse(chunk) { try state.record($0, line: $1) } }
                    try parser.finish { try state.record($0, line: $1) }
                } catch let error as CSVError {
                    throw PipelineImportError.unreadable(error.description)
                }
            }
            try state.endBatch()
        } catch {
            state.abandon()
            throw error
        }
        guard let scorer = state.scorer, let tally = state.tally else {
            throw PipelineImportError.unreadable("the file is empty: a header row naming the columns is needed")
        }
        return Outcome(scorer: scorer, tally: tally, bad: state.bad, badCount: state.badCount, stored: state.stored)
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

    /// The reading and copying under way.
    struct CopyState {
        let copier: SnapshotCopier
        let connection: PostgresConnection
        var scorer: PipelineScorer? = nil
        var tally: PipelineTally? = nil
        var bad: [UnreadableAccount] = []
        var badCount = 0
        var stored = 0
        var copying = false
        var stopped = false
        var batch = 0
        var batchStart: UInt64 = 0
        var buffer: [UInt8] = []
        var scratch: [UInt8] = []

        init(copier: SnapshotCopier, connection: PostgresConnection) {
            self.copier = copier
            self.connection = connection
            buffer.reserveCapacity(SnapshotCopier.sendBytes + 64 * 1024)
        }

        mutating func record(_ fields: [String], line: Int) throws {
            guard let scorer else {
                do {
                    let scorer = try PipelineScorer(header: fields, given: copier.given, targets: copier.targets, mapping: copier.mapping)
                    self.scorer = scorer
                    tally = PipelineTally(targets: copier.targets)
                } catch {
                    throw PipelineImportError.unreadable("line \(line): \(error)")
                }
                return
            }
            switch scorer.score(fields, row: line) {
            case .failure(let unreadable):
                badCount += 1
                if bad.count < PipelineImportError.listedRows { bad.append(unreadable) }
                if !copier.skipBadRows && !stopped {
                    stopped = true
                    abandon()
                }
            case .success(let row):
                let owner = row.owner.map { copier.owners.stored($0) }
                tally!.add(row, owner: owner)
                guard !stopped else { return }
                if !copying { try beginBatch() }
                append(row, fields: fields, owner: owner, ownerIndex: scorer.ownerIndex)
                stored += 1
                batch += 1
                if buffer.count >= SnapshotCopier.sendBytes { try send() }
                if batch >= SnapshotCopier.batchRows
                    || (batch % 256 == 0 && DispatchTime.now().uptimeNanoseconds - batchStart >= SnapshotCopier.batchNanoseconds)
                {
                    try endBatch()
                }
            }
        }

        /// Starts a batch: rows are copied into a session-local staging table (COPY cannot write a
        /// table under row-level security), and moved into the snapshot's rows — under the tenant's
        /// policy — when the batch ends.
        mutating func beginBatch() throws {
            try connection.query("BEGIN")
            try connection.query(
                """
                CREATE TEMP TABLE IF NOT EXISTS pipeline_rows_staging (
                    row_number integer NOT NULL, label text, owner text, stage text, amount double precision, fields text NOT NULL,
                    scores text NOT NULL
                ) ON COMMIT DELETE ROWS
                """)
            try EventStore.setTenant(copier.workspace.uuid, on: connection)
            try connection.beginCopyIn("COPY pipeline_rows_staging FROM STDIN")
            copying = true
            batch = 0
            batchStart = DispatchTime.now().uptimeNanoseconds
        }

        mutating func send() throws {
            try buffer.withUnsafeBytes { try connection.putCopyData($0) }
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func endBatch() throws {
            guard copying else { return }
            try send()
            try connection.endCopyIn()
            try connection.query(
                """
                INSERT INTO pipeline_snapshot_rows (tenant_id, snapshot_id, row_number, label, owner, stage, amount, fields, scores)
                SELECT \(copier.workspace.uuid), \(copier.snapshot.uuid), * FROM pipeline_rows_staging
                """)
            try connection.query("COMMIT")
            copying = false
        }

        /// Stops copying: the batch under way is thrown away.
        mutating func abandon() {
            guard copying else { return }
            connection.abortCopyIn("import stopped")
            connection.rollBackIfNeeded()
            copying = false
            buffer.removeAll(keepingCapacity: true)
        }

        /// One row in COPY text: row, label, owner, stage, amount, fields, scores.
        mutating func append(_ row: PipelineRow, fields: [String], owner: String?, ownerIndex: Int?) {
            buffer.append(contentsOf: String(row.row).utf8)
            buffer.append(9)
            appendText(row.label)
            buffer.append(9)
            appendText(owner)
            buffer.append(9)
            appendText(row.stage)
            buffer.append(9)
            if let amount = row.amount { appendText(String(amount)) } else { appendText(nil) }
            buffer.append(9)
            scratch.removeAll(keepingCapacity: true)
            SnapshotFieldsText.append(fields, blanking: ownerIndex, to: &scratch)
            appendEscaped(scratch)
            buffer.append(9)
            scratch.removeAll(keepingCapacity: true)
            FrozenScoreText.append(row.scores, to: &scratch)
            appendEscaped(scratch)
            buffer.append(10)
        }

        mutating func appendText(_ text: String?) {
            guard var text else {
                buffer.append(92)
                buffer.append(78)  // \N
                return
            }
            text.withUTF8 { appendEscaped($0) }
        }

        mutating func appendEscaped(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { appendEscaped($0) } }

        /// Bytes as COPY text: backslash, tab, line feed and carriage return escaped.
        mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
            var clean = 0
            for (index, byte) in bytes.enumerated() where byte == 92 || byte == 9 || byte == 10 || byte == 13 {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
                buffer.append(92)
                buffer.append(byte == 92 ? 92 : byte == 9 ? UInt8(ascii: "t") : byte == 10 ? UInt8(ascii: "n") : UInt8(ascii: "r"))
                clean = index + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean...]))
        }
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
