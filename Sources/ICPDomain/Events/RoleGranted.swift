/// Event `RoleGranted` (schema v1): a principal was given a role in a workspace (replacing any previous role).
public struct RoleGranted: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.roleGranted

    /// The workspace.
    public var workspaceId: WorkspaceID
    /// Who received the role.
    public var principal: PrincipalID
    /// The role granted.
    public var role: WorkspaceRole
    /// The admin who granted it.
    public var grantedBy: PrincipalID

    /// Creates the payload.
    public init(workspaceId: WorkspaceID, principal: PrincipalID, role: WorkspaceRole, grantedBy: PrincipalID) {
        self.workspaceId = workspaceId
        self.principal = principal
        self.role = role
        self.grantedBy = grantedBy
    }
}
