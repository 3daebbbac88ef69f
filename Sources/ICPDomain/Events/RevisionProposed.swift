/// Event `RevisionProposed` (schema v2): a revision was proposed as a set of changes to the published definition.
public struct RevisionProposed: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.revisionProposed

    /// The ICP.
    public var icpId: ICPID
    /// The new revision number.
    public var revision: Int
    /// The published revision the changes were written against (0 = none).
    public var baseRevision: Int
    /// The semantic changes.
    public var changes: [DefinitionChange]
    /// Why the change is needed.
    public var rationale: String
    /// Findings and documents supporting it.
    public var evidence: [EvidenceRef]
    /// Findings the revision answers, resolved when it is published; nil when none (events stored
    /// before this field was added have none).
    public var resolves: [FindingID]?
    /// The author.
    public var proposer: PrincipalID
    /// When it was proposed.
    public var proposedAt: Timestamp

    /// Creates the payload.
    public init(
        icpId: ICPID, revision: Int, baseRevision: Int, changes: [DefinitionChange], rationale: String, evidence: [EvidenceRef],
        resolves: [FindingID]? = nil, proposer: PrincipalID, proposedAt: Timestamp
    ) {
        self.resolves = resolves
        self.icpId = icpId
        self.revision = revision
        self.baseRevision = baseRevision
        self.changes = changes
        self.rationale = rationale
        self.evidence = evidence
        self.proposer = proposer
        self.proposedAt = proposedAt
    }
}
