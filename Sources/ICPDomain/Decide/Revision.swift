/// One numbered revision of an ICP: the proposed changes, the definition they produce, and its workflow.
public struct Revision: Hashable, Sendable {
    /// Revision number, from 1.
    public var number: Int
    /// The published revision the changes were written against (0 = the initial draft).
    public var baseRevision: Int
    /// The changes relative to the base.
    public var changes: [DefinitionChange]
    /// The definition the changes produce.
    public var definition: ICPDefinition
    /// Why.
    public var rationale: String
    /// Supporting findings and documents.
    public var evidence: [EvidenceRef]
    /// The original proposer.
    public var proposer: PrincipalID
    /// Everyone who wrote or amended it; none of them may approve it.
    public var authors: Set<PrincipalID>
    /// Who approved the current version of the changes.
    public var approvals: Set<PrincipalID>
    /// Workflow status.
    public var status: RevisionStatus
    /// When it was first proposed (the draft's time for revision 1).
    public var proposedAt: Timestamp
    /// The day it took effect, once published.
    public var effectiveOn: CalendarDay?
    /// Who published it, once published.
    public var publishedBy: PrincipalID?
    /// When it was published.
    public var publishedAt: Timestamp?
    /// Findings this revision answers: they are resolved by it when it is published.
    public var resolves: [FindingID] = []
}
