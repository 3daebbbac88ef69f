import ByteText
import Crypto
import EventStore
import Foundation
public import ICPDomain
import Postgres

extension Ledger {
    /// Imports a pipeline export as a snapshot of `options.day` (editors and above).
    ///
    /// The file is hashed first: a file imported before is recognised and nothing new is stored.
    /// Then it is read once, streaming: each row is scored against every ICP operating on the day (or
    /// the one named), its score and the outcome of every rule frozen with it, and the rows are copied
    /// in short transactions. The snapshot becomes visible, with its aggregates event, in one final
    /// transaction. A file with unreadable rows stores nothing unless `skipBadRows`.
    public func importPipeline(
        _ input: PipelineInput, options: PipelineImportOptions, in workspace: WorkspaceID, by actor: PrincipalID
    ) async throws -> PipelineImportResult {
        let state = try await requireRole(.editor, actor, in: workspace, to: "import pipeline snapshots")
        var hasher = SHA256()
        try input.forEachChunk { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let digest = Array(hasher.finalize())
        if let existing = try await pipelineSnapshot(hash: digest, in: workspace) {
            return PipelineImportResult(snapshot: existing, alreadyImported: true, skipped: [], findings: [])
        }
        let targets = try await snapshotTargets(on: options.day, icp: options.icp, in: workspace)
        var known: [String: String] = [:]
        for principal in try await principals(in: workspace) {
            known[principal.name.lowercased()] = principal.id.rawValue
            if let email = principal.email { known[email.lowercased()] = principal.id.rawValue }
        }
        let copier = SnapshotCopier(
            workspace: workspace, snapshot: SnapshotID(), targets: targets.map(\.target), mapping: options.mapping ?? state.fieldMapping,
            given: options.columns, skipBadRows: options.skipBadRows,
            owners: OwnerPseudonyms(key: try await ownerKey(workspace), known: known))
        let outcome: SnapshotCopier.Outcome
        do {
            outcome = try await appPool.withConnection { connection in try copier.run(input, on: connection) }
        } catch {
            try? await discardRows(of: copier.snapshot, in: workspace)
            throw error
        }
        guard outcome.badCount == 0 || options.skipBadRows else {
            try await discardRows(of: copier.snapshot, in: workspace)
            throw PipelineImportError.badRows(outcome.bad, total: outcome.badCount)
        }
        guard outcome.stored > 0 else {
            try await discardRows(of: copier.snapshot, in: workspace)
            throw PipelineImportError.unreadable(
                outcome.badCount > 0 ? "none of its \(outcome.badCount) rows can be read" : "it holds no rows after the header")
        }
        let fits = outcome.tally.fits
        let header = SnapshotHeader(
            workspace: workspace, snapshot: copier.snapshot, day: options.day, digest: digest,
            sourceName: String(TextEscaping.visible(options.sourceName, limit: 200).prefix(200)),
            columns: outcome.scorer.columns, roles: outcome.scorer.roles, targets: targets.map(\.summary), rows: outcome.stored,
            skipped: outcome.badCount, importedBy: actor)
        do {
            _ = try await execute(
                WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor, retryOnConflict: true,
                alongside: { connection, _ in try header.insert(on: connection) },
                .recordPipelineSnapshot(
                    snapshotId: copier.snapshot, day: options.day, contentHash: Hex.encode(digest), rows: outcome.stored,
                    skippedRows: outcome.badCount, fits: fits))
        } catch let error as PostgresError where error.isUniqueViolation {
            // The same file, imported by someone else while this import ran.
            try await discardRows(of: copier.snapshot, in: workspace)
            guard let existing = try await pipelineSnapshot(hash: digest, in: workspace) else { throw error }
            return PipelineImportResult(snapshot: existing, alreadyImported: true, skipped: [], findings: [])
        } catch {
            try? await discardRows(of: copier.snapshot, in: workspace)
            throw error
        }
        var findings: [FindingID] = []
        if options.recordFinding {
            for (fit, target) in zip(fits, targets) {
                let finding = PipelineFinding(fit: fit, icpName: target.summary.name, day: options.day)
                let recorded = try await recordFinding(
                    in: workspace, audit: .pipeline, summary: finding.summary, severity: finding.severity, metrics: finding.metrics,
                    recommendation: finding.recommendation, icp: fit.icpId, by: actor)
                if let id = recorded.state?.id { findings.append(id) }
            }
        }
        guard let snapshot = try await pipelineSnapshot(copier.snapshot, in: workspace) else {
            throw LedgerError.inconsistentHistory("snapshot \(copier.snapshot) was stored but cannot be read")
        }
        return PipelineImportResult(snapshot: snapshot, alreadyImported: false, skipped: outcome.bad, findings: findings)
    }

    /// The ICPs a snapshot of `day` is scored against: the one named, or every ICP with a revision
    /// operating that day.
    func snapshotTargets(
        on day: CalendarDay, icp: ICPID?, in workspace: WorkspaceID
    ) async throws -> [(
        target: PipelineScorer.Target, summary: SnapshotTarget
    )] {
        let icps = try await listICPs(in: workspace).filter { icp == nil || $0.id == icp }
        if let icp, icps.isEmpty { throw LedgerError.icpNotFound(icp.description) }
        var targets: [(target: PipelineScorer.Target, summary: SnapshotTarget)] = []
        for summary in icps {
            guard let record = try await operatingOn(day, icp: summary.id, in: workspace),
                let scorer = try? CompiledScorer(definition: record.definition, revision: record.revision)
            else { continue }
            targets.append(
                (
                    PipelineScorer.Target(id: summary.id, name: summary.name, scorer: scorer),
                    SnapshotTarget(icpId: summary.id, name: summary.name, revision: record.revision)
                ))
        }
        guard !targets.isEmpty else {
            if icp != nil, let named = icps.first { throw PipelineImportError.notOperating(named.name, day) }
            throw PipelineImportError.nothingOperating(day)
        }
        return targets
    }

    /// The workspace's key for owner pseudonyms, made on first use.
    func ownerKey(_ workspace: WorkspaceID) async throws -> [UInt8] {
        let fresh = PostgresBytes(Array(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
        return try await read(workspace) { connection in
            try connection.query(
                "INSERT INTO pipeline_owner_keys (tenant_id, secret) VALUES (\(workspace.uuid), \(fresh)) ON CONFLICT (tenant_id) DO NOTHING")
            let key = try connection.query("SELECT secret FROM pipeline_owner_keys").single().column(0, as: Data.self)
            return Array(key)
        }
    }

    /// Removes the rows copied for a snapshot whose header was never written.
    func discardRows(of snapshot: SnapshotID, in workspace: WorkspaceID) async throws {
        _ = try await read(workspace) { connection in
            try connection.query("SELECT discard_pipeline_rows(\(workspace.uuid), \(snapshot.uuid))")
        }
    }

    // MARK: Reading snapshots

    /// Every snapshot of the workspace, oldest day first (then by import time).
    public func pipelineSnapshots(in workspace: WorkspaceID) async throws -> [PipelineSnapshot] {
        try await snapshots(where: "TRUE", in: workspace)
    }

    /// One snapshot, or nil.
    public func pipelineSnapshot(_ id: SnapshotID, in workspace: WorkspaceID) async throws -> PipelineSnapshot? {
        try await snapshots(where: "snapshot_id = \(id.uuid)", in: workspace).first
    }

    /// The latest snapshot (by day, then import time) that scored `icp`, if any (erased ones are skipped).
    public func latestPipelineSnapshot(scoring icp: ICPID? = nil, in workspace: WorkspaceID) async throws -> PipelineSnapshot? {
        try await pipelineSnapshots(in: workspace).last { !$0.erased && (icp == nil || $0.targets.contains { $0.icpId == icp }) }
    }

    func pipelineSnapshot(hash: [UInt8], in workspace: WorkspaceID) async throws -> PipelineSnapshot? {
        try await snapshots(where: "content_hash = \(PostgresBytes(hash))", in: workspace).first
    }

    /// Snapshots matching a condition, with their aggregates from the workspace's events.
    private func snapshots(where condition: PostgresQuery, in workspace: WorkspaceID) async throws -> [PipelineSnapshot] {
        let query =
            PostgresQuery(
                unsafeSQL: """
                    SELECT snapshot_id, day::text, encode(content_hash, 'hex'), source_name, columns, roles, targets, row_count, skipped_rows,
                           imported_by, imported_at, erased_at IS NOT NULL
                    FROM pipeline_snapshots WHERE\u{20}
                    """) + condition + " ORDER BY day, imported_at"
        let headers = try await read(workspace) { connection in
            try connection.query(query).map { row in
                try row.decode((UUID, String, String, String, String, String, String, Int, Int, String, Date, Bool).self)
            }
        }
        guard !headers.isEmpty else { return [] }
        var fits: [SnapshotID: [PipelineFit]] = [:]
        let events = try await store.readStream(Self.streamID(workspace, .workspace(workspace))).events
        for event in events where event.type == EventKind.pipelineSnapshotRecorded.rawValue {
            if case .pipelineSnapshotRecorded(let recorded) = try EventCodec.decode(
                type: event.type, schemaVersion: event.schemaVersion, payload: event.payload)
            {
                fits[recorded.snapshotId] = recorded.fits
            }
        }
        let decoder = JSONDecoder()
        return try headers.map { header in
            let (id, day, hash, source, columns, roles, targets, rows, skipped, by, at, erased) = header
            let snapshot = SnapshotID(id)
            return PipelineSnapshot(
                id: snapshot, day: CalendarDay(day) ?? CalendarDay(year: 1, month: 1, day: 1)!, contentHash: hash, sourceName: source,
                rows: rows, skippedRows: skipped, columns: try decoder.decode([String].self, from: Data(columns.utf8)),
                roles: try decoder.decode(PipelineColumns.self, from: Data(roles.utf8)),
                targets: try decoder.decode([SnapshotTarget].self, from: Data(targets.utf8)), importedBy: PrincipalID(by), importedAt: at,
                erased: erased, fits: fits[snapshot] ?? [])
        }
    }

    /// Rows of a snapshot from `offset` (by row number), each with its frozen scores explained
    /// against the revisions that produced them.
    public func snapshotRows(_ id: SnapshotID, in workspace: WorkspaceID, offset: Int = 0, limit: Int = 100) async throws -> [SnapshotRow] {
        guard let snapshot = try await pipelineSnapshot(id, in: workspace) else { return [] }
        var definitions: [ICPDefinition] = []
        for target in snapshot.targets { definitions.append(try await revision(target.revision, of: target.icpId, in: workspace).definition) }
        let offset = min(max(0, offset), Int(Int32.max) - 10_000), limit = min(max(0, limit), 10_000)
        let chunks = try await read(workspace) { connection in
            try connection.query(
                """
                SELECT first_row, rows FROM pipeline_snapshot_chunks
                WHERE snapshot_id = \(id.uuid) AND first_row < \(offset + limit) AND first_row + row_count > \(offset)
                ORDER BY first_row
                """
            ).map { try $0.decode((Int, String).self) }
        }
        var rows: [SnapshotChunkText.Row] = []
        for (first, text) in chunks {
            guard let stored = SnapshotChunkText.rows(text) else {
                throw LedgerError.inconsistentHistory("the rows of snapshot \(id) from row \(first) cannot be read")
            }
            for (position, row) in stored.enumerated() where (offset..<offset + limit).contains(first + position) { rows.append(row) }
        }
        return rows.map { stored in
            let frozen = FrozenScoreText.parse(stored.scores, targets: snapshot.targets)
            let explained = zip(frozen, definitions).compactMap { score, definition in
                score?.explained(row: stored.row, label: stored.label, definition: definition)
            }
            return SnapshotRow(
                row: stored.row, label: stored.label, owner: stored.owner, stage: stored.stage, amount: stored.amount, scores: explained)
        }
    }

    /// Erases a snapshot's rows (admins): fields, labels, owners and frozen scores go; the snapshot's
    /// aggregates stay. Returns how many rows were erased.
    @discardableResult
    public func erasePipelineSnapshot(_ id: SnapshotID, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> Int {
        _ = try await requireRole(.admin, actor, in: workspace, to: "erase pipeline snapshots")
        return try await read(workspace) { connection in
            try connection.query("SELECT erase_pipeline_snapshot(\(workspace.uuid), \(id.uuid))").single().column(0, as: Int.self)
        }
    }
}

/// The header row of a snapshot, inserted in the transaction that appends its aggregates event.
struct SnapshotHeader: Sendable {
    var workspace: WorkspaceID
    var snapshot: SnapshotID
    var day: CalendarDay
    var digest: [UInt8]
    var sourceName: String
    var columns: [String]
    var roles: PipelineColumns
    var targets: [SnapshotTarget]
    var rows: Int
    var skipped: Int
    var importedBy: PrincipalID

    func insert(on connection: PostgresConnection) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let columns = String(decoding: try encoder.encode(columns), as: UTF8.self)
        let roles = String(decoding: try encoder.encode(roles), as: UTF8.self)
        let targets = String(decoding: try encoder.encode(targets), as: UTF8.self)
        try connection.query(
            """
            INSERT INTO pipeline_snapshots (tenant_id, snapshot_id, day, content_hash, source_name, columns, roles, targets, row_count,
                skipped_rows, imported_by)
            VALUES (\(workspace.uuid), \(snapshot.uuid), \(day.description)::date, \(PostgresBytes(digest)), \(sourceName), \(columns), \(roles),
                \(targets), \(rows), \(skipped), \(importedBy.rawValue))
            """)
    }
}
