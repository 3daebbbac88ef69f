import ByteText
public import EventStore
import Foundation
public import ICPDomain
import Postgres
public import Reports

extension Ledger {
    /// The board report of a workspace for a quarter (`FY2026-Q3`, `current` or `previous`; any member).
    ///
    /// The workspace's events are read once, up to the feed horizon, and the report is built from
    /// exactly those: it carries a checkpoint signed with `signer` over them, recorded as a
    /// ``LogCheckpointed`` event. When nothing but checkpoints was recorded since the last one by
    /// the same key, that one is reused and the report covers the events it covers. Fits the drift
    /// figures need that no import scored are worked out from the snapshots' stored rows.
    public func boardReport(
        _ workspace: WorkspaceID, quarter: String, signer: CheckpointSigner, by actor: PrincipalID
    ) async throws
        -> BoardReport
    {
        _ = try await requireRole(.viewer, actor, in: workspace, to: "read the board report")
        let settings = try await workspaceSettings(workspace)
        let calendar = FiscalCalendar(timeZone: TimeZone(identifier: settings.timeZone) ?? .gmt, fiscalYearStartMonth: settings.fiscalYearStartMonth)
        let fiscalQuarter = try ReportQuarter.parse(quarter, calendar: calendar, now: now())
        // Another workspace's open transaction may hold the feed horizon back a moment: wait for it, within reason.
        let history = try await store.tenantHistory(workspace.uuid, waitingUpTo: .seconds(30))
        var events: [DomainEvent] = []
        events.reserveCapacity(history.events.count)
        for recorded in history.events {
            events.append(try EventCodec.decode(type: recorded.type, schemaVersion: recorded.schemaVersion, payload: recorded.payload))
        }
        let (covered, checkpoint) = try await reportCheckpoint(workspace, events: events, log: history.log, signer: signer, by: actor)
        events.removeLast(events.count - covered)
        var names: [PrincipalID: String] = [:]
        for principal in try await principals(in: workspace) { names[principal.id] = principal.name }
        let personal = Self.personalTexts(in: events)
        let texts = try await read(workspace) { connection in try NoteTexts.load(personal, on: connection) }
        let builder = try BoardReportBuilder(
            BoardReportBuilder.Input(
                workspaceId: workspace, events: events, quarter: fiscalQuarter, generatedAt: now(), checkpoint: checkpoint, names: names,
                text: { texts.text($0) }))
        let (rescored, unavailable) = try await rescore(builder.missingFits, with: builder, in: workspace)
        return builder.build(rescored: rescored, unavailable: unavailable)
    }

    /// The checkpoint a report carries, and how many of `events` it covers: the latest one by the
    /// same key when only checkpoints followed it, else a new one over all of them, recorded.
    func reportCheckpoint(
        _ workspace: WorkspaceID, events: [DomainEvent], log: TenantLog, signer: CheckpointSigner, by actor: PrincipalID
    ) async throws -> (covered: Int, checkpoint: ReportCheckpoint) {
        let keyId = signer.verifier.keyID
        let origin = Self.checkpointOrigin(workspace)
        if let lastIndex = events.lastIndex(where: { if case .logCheckpointed = $0 { true } else { false } }),
            case .logCheckpointed(let last) = events[lastIndex], last.keyId == keyId, last.size <= events.count,
            events[last.size...].allSatisfy({ if case .logCheckpointed = $0 { true } else { false } }),
            MerkleTree.root(log.leaves[..<last.size]).description == last.root
        {
            return (last.size, ReportCheckpoint(origin: origin, size: last.size, root: last.root, keyId: keyId, note: last.note))
        }
        let issued = try await recordCheckpoint(of: log, in: workspace, signer: signer, by: actor)
        return (
            events.count,
            ReportCheckpoint(origin: origin, size: issued.checkpoint.size, root: issued.checkpoint.root.description, keyId: keyId, note: issued.note)
        )
    }

    /// The stored texts of the events that may be references to personal notes.
    static func personalTexts(in events: [DomainEvent]) -> [String?] {
        events.flatMap { event -> [String?] in
            switch event {
            case .revisionEmergencyPublished(let e): [e.justification]
            case .revisionApproved(let e): [e.comment]
            case .quarterlyReviewRecorded(let e): [e.notes]
            case .afterTheFactReviewCompleted(let e): [e.comment]
            case .revisionRejected(let e): [e.reason]
            case .findingResolved(let e): if case .decision(let text) = e.resolution { [text] } else { [] }
            default: []
            }
        }
    }

    /// Scores the snapshots' stored rows for the fits no import recorded: each snapshot read once,
    /// its rows scored under every revision asked of it, the snapshots two at a time.
    func rescore(
        _ requests: [FitRequest], with builder: BoardReportBuilder, in workspace: WorkspaceID
    ) async throws -> (fits: [FitRequest: FitTally], unavailable: [SnapshotID: String]) {
        guard !requests.isEmpty else { return ([:], [:]) }
        let headers = Dictionary(try await pipelineSnapshots(in: workspace).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let mapping = try await fieldMapping(in: workspace)
        var fits: [FitRequest: FitTally] = [:]
        var unavailable: [SnapshotID: String] = [:]
        var jobs: [(snapshot: PipelineSnapshot, requests: [FitRequest], scorers: [CompiledScorer])] = []
        for (snapshot, asked) in Dictionary(grouping: requests, by: \.snapshot).sorted(by: { $0.key.description < $1.key.description }) {
            guard let header = headers[snapshot] else {
                unavailable[snapshot] = "its rows are not stored"
                continue
            }
            guard !header.erased else {
                unavailable[snapshot] = "its rows were erased"
                continue
            }
            var scorable: [FitRequest] = [], scorers: [CompiledScorer] = []
            for request in asked {
                guard let definition = builder.definition(of: request),
                    let scorer = try? CompiledScorer(definition: definition, revision: request.revision)
                else { continue }
                scorable.append(request)
                scorers.append(scorer)
            }
            if !scorable.isEmpty { jobs.append((header, scorable, scorers)) }
        }
        try await withThrowingTaskGroup(of: [FitRequest: FitTally].self) { group in
            var next = 0
            func start() {
                guard next < jobs.count else { return }
                let job = jobs[next]
                next += 1
                group.addTask {
                    let rescorer = try await self.rescoreRows(
                        of: job.snapshot.id, in: workspace,
                        FitRescorer(scorers: job.scorers, mapping: mapping, columns: job.snapshot.columns))
                    var result: [FitRequest: FitTally] = [:]
                    for (index, request) in job.requests.enumerated() {
                        result[request] = FitTally(total: rescorer.totals[index], inFit: rescorer.inFit[index])
                    }
                    return result
                }
            }
            start()
            start()
            while let done = try await group.next() {
                fits.merge(done) { first, _ in first }
                start()
            }
        }
        return (fits, unavailable)
    }

    /// Adds every stored row of a snapshot to `rescorer`, in row order, read from the chunks' bytes.
    func rescoreRows(of snapshot: SnapshotID, in workspace: WorkspaceID, _ rescorer: FitRescorer) async throws -> FitRescorer {
        try await read(workspace) { connection in
            var rescorer = rescorer
            var bytes: [UInt8] = [], ends: [Int] = [], scratch: [UInt8] = []
            _ = try connection.forEachRow("SELECT rows FROM pipeline_snapshot_chunks WHERE snapshot_id = \(snapshot.uuid) ORDER BY first_row") {
                chunk in
                let text = try chunk.column(0, as: ChunkBytes.self)
                let readable = text.bytes.withUnsafeBufferPointer { chunk in
                    SnapshotChunkText.forEachFields(chunk, scratch: &scratch) { amount, fields in
                        guard SnapshotFieldsText.parse(fields, into: &bytes, ends: &ends) else { return }
                        bytes.withUnsafeBufferPointer { bytes in
                            ends.withUnsafeBufferPointer { ends in rescorer.add(CSVRecord(bytes: bytes, ends: ends), amount: amount ?? 0) }
                        }
                    }
                }
                guard readable else { throw LedgerError.inconsistentHistory("the rows of snapshot \(snapshot) cannot be read") }
            }
            return rescorer
        }
    }
}

/// A column's bytes as they came, copied once and never checked as text: a chunk of snapshot rows
/// read in place (``SnapshotChunkText/forEachFields(_:scratch:_:)``).
struct ChunkBytes: PostgresDecodable {
    var bytes: [UInt8]
    static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> ChunkBytes? { ChunkBytes(bytes: Array(text)) }
}
