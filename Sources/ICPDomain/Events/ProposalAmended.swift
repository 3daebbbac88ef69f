/// Event `ProposalAmended` (schema v1): an open proposal was rewritten; every approval already given was dismissed.
public struct ProposalAmended: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.proposalAmended

    /// The ICP.
    public var icpId: ICPID
    /// The revision amended.
    public var revision: Int
    /// The published revision the new changes were written against.
    public var baseRevision: Int
    /// The replacement change set.
    public var changes: [DefinitionChange]
    /// Updated rationale.
    public var rationale: String
    /// Updated evidence.
    public var evidence: [EvidenceRef]
    /// Who amended it; becomes a co-author.
    public var amendedBy: PrincipalID
    /// Approvals that no longer count, sorted.
    public var dismissedApprovals: [PrincipalID]
    /// When it was amended.
    public var amendedAt: Timestamp

    /// Creates the payload.
    public init(
        icpId: ICPID, revision: Int, baseRevision: Int, changes: [DefinitionChange], rationale: String, evidence: [EvidenceRef],
        amendedBy: PrincipalID, dismissedApprovals: [PrincipalID], amendedAt: Timestamp
    ) {
        self.icpId = icpId
        self.revision = revision
        self.baseRevision = baseRevision
        self.changes = changes
        self.rationale = rationale
        self.evidence = evidence
        self.amendedBy = amendedBy
        self.dismissedApprovals = dismissedApprovals
        self.amendedAt = amendedAt
    }
}
