import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPLedger

/// `…/{ws}/pipeline/snapshots`: a CRM export of a day imported as a snapshot, each row scored
/// against the revisions operating then and its scores frozen; its rows read back a page at a
/// time or erased; and `…/revisions/{n}/impact`, a proposal's effect on the latest snapshot.
extension V1Routes {
    func registerPipeline(on group: RouterGroup<LedgerRequestContext>) {
        group.get("workspaces/:workspace/pipeline/snapshots", use: listSnapshots)
        group.post("workspaces/:workspace/pipeline/snapshots", use: importSnapshot)
        group.get("workspaces/:workspace/pipeline/snapshots/:snapshot", use: showSnapshot)
        group.get("workspaces/:workspace/pipeline/snapshots/:snapshot/rows", use: snapshotRows)
        group.delete("workspaces/:workspace/pipeline/snapshots/:snapshot/rows", use: eraseSnapshotRows)
        group.get("workspaces/:workspace/icps/:icp/revisions/:revision/impact", use: revisionImpact)
    }

    /// The largest export one request imports (larger ones: the CLI without `--server`).
    static let maxPipelineBytes = 64 << 20
    /// The most rows one page of a snapshot returns.
    static let maxSnapshotRowsPage = 1_000

    /// Imports the body — a CSV export (`text/csv`; `,` `;` or tab separated) or JSON — as the
    /// pipeline of `?date=` (editors and above): 201 with the snapshot, or 200 when this very file
    /// was imported before (nothing new stored). A file with unreadable rows is a 422 naming them
    /// unless `?skipBadRows=true`.
    @Sendable func importSnapshot(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        var day: CalendarDay? = nil
        if let text = query.get("date") {
            day = CalendarDay(String(text))
            if day == nil { errors.append(.init(field: "date", code: "invalidValue", message: "A date, YYYY-MM-DD.")) }
        } else {
            errors.append(.init(field: "date", code: "missing", message: "Required: the day the pipeline stood like this, YYYY-MM-DD."))
        }
        var icp: ICPID? = nil
        if let text = query.get("icp") {
            icp = ICPID(String(text))
            if icp == nil { errors.append(.init(field: "icp", code: "invalidValue", message: "An ICP id.")) }
        }
        var flags: [String: Bool] = [:]
        for name in ["skipBadRows", "recordFinding"] {
            guard let text = query.get(name) else { continue }
            switch text {
            case "true": flags[name] = true
            case "false": flags[name] = false
            default: errors.append(.init(field: name, code: "invalidValue", message: "true or false."))
            }
        }
        var columns = PipelineColumns()
        for (name, path) in [
            ("labelColumn", \PipelineColumns.label), ("ownerColumn", \.owner), ("stageColumn", \.stage), ("amountColumn", \.amount),
        ] {
            guard let text = query.get(name) else { continue }
            if text.isEmpty || text.count > 200 {
                errors.append(.init(field: name, code: "invalidValue", message: "A column name of the export (1 to 200 characters)."))
            } else {
                columns[keyPath: path] = String(text)
            }
        }
        let source = query.get("source").map { String($0) } ?? ""
        if source.count > 200 { errors.append(.init(field: "source", code: "invalidValue", message: "At most 200 characters.")) }
        guard errors.isEmpty, let day else { throw Problem.invalid("The query is not valid.", errors: errors) }
        // A viewer is refused before the body is read; the ledger checks again.
        guard access.role.includes(.editor) else {
            throw Problem.forbidden("Importing pipeline snapshots needs the editor role or above; you are \(access.role.rawValue).")
        }

        let body = try await JSONIO.collect(request, upTo: Self.maxPipelineBytes)
        let options = PipelineImportOptions(
            day: day, icp: icp, columns: columns, skipBadRows: flags["skipBadRows"] ?? false, recordFinding: flags["recordFinding"] ?? false,
            sourceName: source)
        let result: PipelineImportResult
        do {
            result = try await command(access, request) { actor in
                try await ledger.importPipeline(.bytes(Array(body)), options: options, in: access.workspace, by: actor)
            }
        } catch let error as PipelineImportError {
            throw Self.problem(error)
        }
        var response = try JSONIO.response(result, status: result.alreadyImported ? .ok : .created)
        response.headers[.location] = "/v1/workspaces/\(access.workspace)/pipeline/snapshots/\(result.snapshot.id)"
        return response
    }

    /// The 422 an import refused for the client's reasons stands for.
    static func problem(_ error: PipelineImportError) -> Problem {
        switch error {
        case .badRows(let rows, let total):
            var problem = Problem.invalid(
                "\(total) row(s) have fields that cannot be read; nothing was imported (?skipBadRows=true imports the rest and counts them).",
                errors: rows.flatMap { row in
                    row.problems.map { .init(field: "row \(row.row).\($0.field)", code: "invalidValue", message: $0.reason) }
                })
            // The rows listed are the first ones; this says how many there are in all.
            problem.extensions["unreadableRows"] = String(total)
            return problem
        case .unreadable(let reason):
            return Problem.invalid(
                "The export cannot be read: \(reason). Nothing was imported.", errors: [.init(field: "body", code: "invalidValue", message: reason)])
        case .nothingOperating(let day):
            return Problem.invalid(
                "No ICP of this workspace had a published revision operating on \(day); nothing was imported.",
                errors: [.init(field: "date", code: "invalidValue", message: "No ICP was operating on this day.")])
        case .notOperating(let name, let day):
            return Problem.invalid(
                "ICP \(name) had no published revision operating on \(day); nothing was imported.",
                errors: [.init(field: "icp", code: "invalidValue", message: "Not operating on \(day).")])
        }
    }

    struct SnapshotList: Encodable { var snapshots: [PipelineSnapshot] }

    @Sendable func listSnapshots(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        return try JSONIO.response(SnapshotList(snapshots: try await ledger.pipelineSnapshots(in: access.workspace)))
    }

    /// The snapshot the path names; a 404 when the workspace has none by that id.
    func pathSnapshot(_ context: LedgerRequestContext, in workspace: WorkspaceID) async throws -> PipelineSnapshot {
        let text = try context.parameters.require("snapshot")
        guard let id = SnapshotID(text), let snapshot = try await ledger.pipelineSnapshot(id, in: workspace) else {
            throw Problem.notFound("There is no pipeline snapshot \(text) in this workspace.")
        }
        return snapshot
    }

    @Sendable func showSnapshot(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        return try JSONIO.response(try await pathSnapshot(context, in: access.workspace))
    }

    struct SnapshotRowsPage: Encodable { var rows: [SnapshotRow] }

    /// Rows from `?offset=` (default 0), `?limit=` of them (1 to 1,000, default 100), each with its
    /// frozen scores explained against the revisions that produced them. None once erased.
    @Sendable func snapshotRows(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        let offset = query.get("offset").map { Int(String($0)) ?? -1 } ?? 0
        if offset < 0 { errors.append(.init(field: "offset", code: "invalidValue", message: "A whole number from 0.")) }
        let limit = query.get("limit").map { Int(String($0)) ?? -1 } ?? 100
        if !(1...Self.maxSnapshotRowsPage).contains(limit) {
            errors.append(.init(field: "limit", code: "outOfRange", message: "1 to \(Self.maxSnapshotRowsPage)."))
        }
        guard errors.isEmpty else { throw Problem.invalid("The query is not valid.", errors: errors) }
        let snapshot = try await pathSnapshot(context, in: access.workspace)
        let rows = try await ledger.snapshotRows(snapshot.id, in: access.workspace, offset: offset, limit: limit)
        return try JSONIO.response(SnapshotRowsPage(rows: rows))
    }

    struct ErasedRows: Encodable { var erased: Int }

    /// Erases a snapshot's rows (admins): fields, labels, owners and frozen scores; its aggregates stay.
    @Sendable func eraseSnapshotRows(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let snapshot = try await pathSnapshot(context, in: access.workspace)
        let erased = try await command(access, request) { actor in
            try await ledger.erasePipelineSnapshot(snapshot.id, in: access.workspace, by: actor)
        }
        return try JSONIO.response(ErasedRows(erased: erased))
    }

    /// How a revision of the ICP (a proposal, typically) would move the rows of the workspace's
    /// latest pipeline snapshot, against the revision in force now.
    @Sendable func revisionImpact(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let (icp, number) = (try icpID(context), try revisionNumber(context))
        let record: RevisionRecord
        do {
            record = try await ledger.revision(number, of: icp, in: access.workspace)
        } catch LedgerError.revisionNotFound, LedgerError.icpNotFound {
            throw Problem.notFound("ICP \(icp) has no revision \(number) in this workspace.")
        }
        guard let impact = try await ledger.impactPreview(of: record.definition, revision: number, icp: icp, in: access.workspace) else {
            throw Problem(
                .notFound, "no-snapshot", "No pipeline snapshot",
                detail:
                    "This workspace has no pipeline snapshot whose rows are kept to preview the impact on; import one (POST …/pipeline/snapshots).")
        }
        return try JSONIO.response(impact)
    }
}
