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
    /// Why the ICP was drafted, when the author said so (absent from drafts recorded before it was kept).
    public var rationale: String?
    /// Findings and documents behind the draft, when given.
    public var evidence: [EvidenceRef]?

    /// Creates the payload.
    public init(
        icpId: ICPID, workspaceId: WorkspaceID, owner: PrincipalID, definition: ICPDefinition, draftedBy: PrincipalID,
        draftedAt: Timestamp, rationale: String? = nil, evidence: [EvidenceRef]? = nil
    ) {
        self.icpId = icpId
        self.workspaceId = workspaceId
        self.owner = owner
        self.definition = definition
        self.draftedBy = draftedBy
        self.draftedAt = draftedAt
        self.rationale = rationale
        self.evidence = evidence
    }
}
