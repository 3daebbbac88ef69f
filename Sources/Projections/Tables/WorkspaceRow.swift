public import Foundation
public import ICPDomain

/// A row of `workspaces`: one per workspace (the tenant is the workspace).
public struct WorkspaceRow: Sendable, Hashable {
    public var tenantID = UUID(uuid: UUID_NULL)
    public var name = ""
    public var timeZone = ""
    public var fiscalYearStartMonth = 1
    public var createdBy = ""
    public var createdAt = Timestamp(microsecondsSinceEpoch: 0)

    /// The table, described once.
    public static let table = ReadModelTableDescription<WorkspaceRow>(
        "workspaces", key: ["tenant_id"], entityColumn: nil, empty: { WorkspaceRow() },
        [
            .uuid("tenant_id", \.tenantID),
            .text("name", \.name),
            .text("time_zone", \.timeZone),
            .integer("fiscal_year_start_month", \.fiscalYearStartMonth),
            .text("created_by", \.createdBy),
            .time("created_at", \.createdAt),
        ])
}

/// A row of `workspace_members`: one per grant.
public struct WorkspaceMemberRow: Sendable, Hashable {
    public var tenantID = UUID(uuid: UUID_NULL)
    public var principalID = ""
    public var role = ""

    /// The table, described once.
    public static let table = ReadModelTableDescription<WorkspaceMemberRow>(
        "workspace_members", key: ["tenant_id", "principal_id"], entityColumn: nil, empty: { WorkspaceMemberRow() },
        [
            .uuid("tenant_id", \.tenantID),
            .text("principal_id", \.principalID),
            .text("role", \.role),
        ])
}

/// The all-zero UUID, a placeholder until a row is read.
let UUID_NULL: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
