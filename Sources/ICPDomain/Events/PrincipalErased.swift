/// Event `PrincipalErased` (schema v1): a person's name, contact and sign-in were erased from the
/// workspace. Only the opaque principal id is recorded — never who they were.
public struct PrincipalErased: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.principalErased

    /// The workspace.
    public var workspaceId: WorkspaceID
    /// The erased person's opaque id (their events keep it; it names no one any more).
    public var principal: PrincipalID
    /// The admin who erased them.
    public var erasedBy: PrincipalID
    /// When.
    public var erasedAt: Timestamp

    /// Creates the payload.
    public init(workspaceId: WorkspaceID, principal: PrincipalID, erasedBy: PrincipalID, erasedAt: Timestamp) {
        self.workspaceId = workspaceId
        self.principal = principal
        self.erasedBy = erasedBy
        self.erasedAt = erasedAt
    }
}
