import Foundation
public import ICPDomain
import Postgres
import Projections

/// The few look-ups the command-line interface needs beyond the HTTP-shaped queries.
extension Ledger {
    /// Every workspace, by name (system role: workspace names are not tenant-scoped).
    public func listWorkspaces() async throws -> [WorkspaceSummary] {
        try await systemPool.query("SELECT \(WorkspaceRow.table.selectList()) FROM workspaces ORDER BY name, created_at").map {
            WorkspaceSummary(try WorkspaceRow.table.decode($0))
        }
    }

    /// The ICP aggregate replayed from its events (nil when the stream is empty): the published
    /// and draft definitions and every revision, for exporting and planning ICP files.
    public func icpState(_ icp: ICPID, in workspace: WorkspaceID) async throws -> ICPState? {
        try await load(ICPDecider.self, Self.streamID(workspace, .icp(icp))).0
    }
}
