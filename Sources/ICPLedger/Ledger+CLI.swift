import Foundation
public import ICPDomain
import Postgres

/// The few look-ups the command-line interface needs beyond the HTTP-shaped queries.
extension Ledger {
    /// Every workspace, by name (system role: workspace names are not tenant-scoped).
    public func listWorkspaces() async throws -> [WorkspaceSummary] {
        let rows = try await systemPool.query("""
            SELECT tenant_id, name, time_zone, fiscal_year_start_month FROM workspaces ORDER BY name, created_at
            """)
        return try rows.map { row in
            let (id, name, zone, month) = try row.decode((UUID, String, String, Int).self)
            return WorkspaceSummary(id: WorkspaceID(id), name: name, timeZone: zone, fiscalYearStartMonth: month)
        }
    }

    /// The ICP aggregate replayed from its events (nil when the stream is empty): the published
    /// and draft definitions and every revision, for exporting and planning ICP files.
    public func icpState(_ icp: ICPID, in workspace: WorkspaceID) async throws -> ICPState? {
        try await load(ICPDecider.self, Self.streamID(workspace, .icp(icp))).0
    }
}
