/// Event `ICPDrafted` (schema v1): an ICP was created; its initial definition is open as proposed revision 1.
public struct ICPDrafted: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.icpDrafted

    /// The new ICP.
    public var icpId: ICPID
    /// Its workspace.
    public var workspaceId: WorkspaceID
    /// Who is accountable for it.
    public var owner: PrincipalID
    /// The initial definition (revision 1).
    public var definition: ICPDefinition
    /// Who drafted it; the author of revision 1.
    public var draftedBy: PrincipalID
    /// When it was drafted.
    public var draftedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, workspaceId: WorkspaceID, owner: PrincipalID, definition: ICPDefinition, draftedBy: PrincipalID, draftedAt: Timestamp) {
        self.icpId = icpId
        self.workspaceId = workspaceId
        self.owner = owner
        self.definition = definition
        self.draftedBy = draftedBy
        self.draftedAt = draftedAt
    }
}
