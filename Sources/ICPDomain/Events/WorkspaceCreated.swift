/// Event `WorkspaceCreated` (schema v1): a workspace (one tenant company) was created; its founder became its first admin.
public struct WorkspaceCreated: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.workspaceCreated

    /// The new workspace.
    public var workspaceId: WorkspaceID
    /// Display name of the company.
    public var name: String
    /// IANA time zone identifier used for all calendar arithmetic.
    public var timeZone: String
    /// First month of the fiscal year, 1–12.
    public var fiscalYearStartMonth: Int
    /// Who created it; granted admin.
    public var founder: PrincipalID
    /// When it was created.
    public var createdAt: Timestamp

    /// Creates the payload.
    public init(workspaceId: WorkspaceID, name: String, timeZone: String, fiscalYearStartMonth: Int, founder: PrincipalID, createdAt: Timestamp) {
        self.workspaceId = workspaceId
        self.name = name
        self.timeZone = timeZone
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.founder = founder
        self.createdAt = createdAt
    }
}
