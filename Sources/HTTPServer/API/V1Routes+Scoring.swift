import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPLedger

/// `POST …/icps/{icp}/score`: accounts scored against a revision of the ICP; nothing is stored.
extension V1Routes {
    func registerScoring(on group: RouterGroup<LedgerRequestContext>) {
        group.post("workspaces/:workspace/icps/:icp/score", use: score)
    }

    /// The most accounts one request scores.
    static let maxScoredAccounts = 10_000

    struct ScoreAnswer: Encodable {
        var icp: ICPID
        var revision: Int
        var scores: [ScoredAccount]
        /// Rows left out because a field could not be read (`?skipBadRows=true` only).
        var skipped: [UnreadableAccount]
    }

    /// One account (a JSON object), a batch (an array, or `{"accounts": [...]}`), or a CSV export
    /// (`Content-Type: text/csv`), against the revision in force now, on `?on=DAY`, or `?revision=N`;
    /// columns are read through the workspace's field mapping.
    /// A row whose fields cannot be read is a 422 naming it, unless `?skipBadRows=true`.
    @Sendable func score(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        let revision = query.get("revision").map { Int($0) }
        if let revision, revision == nil || revision! < 1 {
            errors.append(.init(field: "revision", code: "invalidValue", message: "A revision number from 1."))
        }
        let day = query.get("on").map { CalendarDay(String($0)) }
        if let day, day == nil { errors.append(.init(field: "on", code: "invalidValue", message: "A date, YYYY-MM-DD.")) }
        if revision != nil && day != nil {
            errors.append(.init(field: "on", code: "invalidValue", message: "Name a revision or a day, not both."))
        }
        let skip = query.get("skipBadRows")
        if let skip, skip != "true" && skip != "false" {
            errors.append(.init(field: "skipBadRows", code: "invalidValue", message: "true or false."))
        }
        guard errors.isEmpty else { throw Problem.invalid("The query is not valid.", errors: errors) }

        let (number, definition) = try await scoringRevision(icp, in: access.workspace, revision: revision ?? nil, on: day ?? nil)
        let file: AccountFile
        do {
            file = try AccountFile.read(Array(try await JSONIO.collect(request)), maxRows: Self.maxScoredAccounts)
        } catch {
            throw Problem.invalid("The accounts cannot be read: \(error)", errors: [.init(field: "body", code: "invalidValue", message: "\(error)")])
        }
        let scorer: CompiledScorer
        do {
            scorer = try CompiledScorer(definition: definition, revision: number)
        } catch {
            throw Problem.conflict("Revision \(number) of this ICP cannot score accounts: \(error)")
        }
        let (scores, unreadable) = scorer.score(file, mapping: try await ledger.fieldMapping(in: access.workspace))
        if !unreadable.isEmpty && skip != "true" {
            throw Problem.invalid(
                "\(unreadable.count) account(s) have fields that cannot be read; nothing was scored (?skipBadRows=true scores the rest).",
                errors: unreadable.prefix(100).flatMap { row in
                    row.problems.map { .init(field: "row \(row.row).\($0.field)", code: "invalidValue", message: $0.reason) }
                })
        }
        return try JSONIO.response(ScoreAnswer(icp: icp, revision: number, scores: scores, skipped: unreadable))
    }

    /// The revision a score uses: the one named, the one in force on a day, or the one in force now.
    func scoringRevision(_ icp: ICPID, in workspace: WorkspaceID, revision: Int?, on day: CalendarDay?) async throws -> (Int, ICPDefinition) {
        if let revision {
            do {
                let record = try await ledger.revision(revision, of: icp, in: workspace)
                return (record.revision, record.definition)
            } catch LedgerError.revisionNotFound {
                throw Problem.notFound("ICP \(icp) has no revision \(revision).")
            }
        }
        if let day {
            guard let record = try await ledger.operatingOn(day, icp: icp, in: workspace) else {
                throw Problem.notFound("No revision of ICP \(icp) was in force on \(day).")
            }
            return (record.revision, record.definition)
        }
        guard let current = try await ledger.currentICP(icp, in: workspace) else {
            throw Problem.notFound("ICP \(icp) has no revision in force (none published, or no such ICP); name one with ?revision=N.")
        }
        return (current.revision, current.definition)
    }
}
