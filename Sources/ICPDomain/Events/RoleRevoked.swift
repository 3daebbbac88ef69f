/// Event `RoleRevoked` (schema v1): a principal lost their role in a workspace.
public struct RoleRevoked: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.roleRevoked

    /// The workspace.
    public var workspaceId: WorkspaceID
    /// Who lost the role.
    public var principal: PrincipalID
    /// The admin who revoked it.
    public var revokedBy: PrincipalID

    /// Creates the payload.
    public init(workspaceId: WorkspaceID, principal: PrincipalID, revokedBy: PrincipalID) {
        self.workspaceId = workspaceId
        self.principal = principal
        self.revokedBy = revokedBy
    }
}
