import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPLedger
import Reports

extension V1Routes {
    func registerReports(on group: RouterGroup<LedgerRequestContext>) {
        group.get("workspaces/:workspace/reports/board", use: boardReport)
        group.get("reports/board", use: boardReports)
    }

    /// The report's quarter and format from the query: `?quarter=FY2026-Q3|current|previous`
    /// (default `previous`, the last whole quarter) and `?format=json|md|html` (default json).
    func reportQuery(_ request: Request) throws -> (quarter: String, format: BoardReportRenderer.Format) {
        let query = request.uri.queryParameters
        let quarter = query.get("quarter").map { String($0) } ?? "previous"
        let formatText = query.get("format").map { String($0) } ?? "json"
        guard let format = BoardReportRenderer.Format(rawValue: formatText) else {
            throw Problem.invalid(
                "format is json, md or html.", errors: [.init(field: "format", code: "invalidValue", message: "Not json, md or html.")])
        }
        return (quarter, format)
    }

    func requireSigner() throws -> CheckpointSigner {
        guard let signer else {
            throw Problem(
                .serviceUnavailable, "no-signing-key", "No signing key",
                detail:
                    "This server has no key to sign the report's checkpoint: set ICPLEDGER_SIGNING_KEY to a key file made by `icpledger key create`.")
        }
        return signer
    }

    func report(
        _ workspace: WorkspaceID, quarter: String, signer: CheckpointSigner, by principal: PrincipalID, on ledger: Ledger? = nil
    ) async throws -> BoardReport {
        do {
            return try await (ledger ?? self.ledger).boardReport(workspace, quarter: quarter, signer: signer, by: principal)
        } catch let error as BoardReportError {
            throw Problem.invalid(error.description, errors: [.init(field: "quarter", code: "invalidValue", message: error.description)])
        }
    }

    static func rendered(_ text: String, as format: BoardReportRenderer.Format) -> Response {
        Response(
            status: .ok, headers: [.contentType: format.contentType, .cacheControl: "private, no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// One workspace's board report (any member); a checkpoint of its log is signed with it.
    @Sendable func boardReport(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await self.access(request, context, replica: true)
        let (quarter, format) = try reportQuery(request)
        let signer = try requireSigner()
        let report = try await Ledger.$roleCeiling.withValue(access.caller.maxRole) {
            try await read(access, context) { ledger in
                try await self.report(access.workspace, quarter: quarter, signer: signer, by: access.principal, on: ledger)
            }
        }
        return Self.rendered(BoardReportRenderer.render(report, as: format), as: format)
    }

    /// One report across every workspace the token reaches and where the caller holds a role, by name.
    @Sendable func boardReports(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let (quarter, format) = try reportQuery(request)
        let signer = try requireSigner()
        var reports: [BoardReport] = []
        for membership in try await ledger.memberships(of: caller.account) where caller.mayUse(membership.workspace) {
            reports.append(
                try await Ledger.$roleCeiling.withValue(caller.maxRole) {
                    try await self.report(membership.workspace, quarter: quarter, signer: signer, by: membership.principal)
                })
        }
        reports.sort { ($0.workspace.name.lowercased(), $0.workspace.id.description) < ($1.workspace.name.lowercased(), $1.workspace.id.description) }
        return Self.rendered(BoardReportRenderer.render(reports, as: format), as: format)
    }
}
