/// Commands handled by the ICP aggregate.
public enum ICPCommand: Hashable, Sendable {
    /// Create the ICP; the initial definition becomes proposed revision 1. Editors and up.
    /// A rationale and evidence, when given, are kept with revision 1.
    case draft(
        id: ICPID, workspaceId: WorkspaceID, owner: PrincipalID, definition: ICPDefinition, rationale: String? = nil,
        evidence: [EvidenceRef] = [])
    /// Propose changes to the published definition (or to the draft when nothing is published yet).
    /// `resolves` names findings the revision answers; they are resolved when it is published.
    case proposeRevision(changes: [DefinitionChange], rationale: String, evidence: [EvidenceRef], resolves: [FindingID] = [])
    /// Propose a whole definition: the changes are what turns the current base into it. With
    /// `basedOn`, the revision the author edited (0 = none published), it is refused when another
    /// revision has been published since.
    case proposeDefinition(ICPDefinition, rationale: String, evidence: [EvidenceRef], basedOn: Int? = nil, resolves: [FindingID] = [])
    /// Replace the changes of an open proposal; approvals already given are dismissed.
    case amendProposal(revision: Int, changes: [DefinitionChange], rationale: String, evidence: [EvidenceRef])
    /// Replace an open proposal with a whole definition: the changes are what turns the current base into it.
    case amendDefinition(revision: Int, ICPDefinition, rationale: String, evidence: [EvidenceRef])
    /// Approve an open revision: approvers and admins who did not author it (four-eyes). An optional
    /// comment is recorded with the approval (blank counts as none).
    case approveRevision(Int, comment: String? = nil)
    /// Reject an open revision, closing it: same people as approval.
    case rejectRevision(Int, reason: String)
    /// Publish an approved revision from a given day. Editors and up. A day before the revision was
    /// proposed is refused unless `backdated` says the publisher means it.
    case publishRevision(Int, effectiveOn: CalendarDay, backdated: Bool = false)
    /// Publish an open revision without approval. Admins only; an after-the-fact review becomes owed.
    case emergencyPublish(Int, effectiveOn: CalendarDay, justification: String, backdated: Bool = false)
    /// Close the after-the-fact review of an emergency publication: an approver other than the publisher.
    /// `reverted` also proposes again the definition the emergency revision replaced.
    case completeAfterTheFactReview(revision: Int, outcome: AfterTheFactOutcome = .upheld, comment: String)
    /// Record the periodic review. Approvers and admins, or the owner when at least an editor.
    case recordQuarterlyReview(outcome: ReviewOutcome, notes: String)
    /// Flag the ICP as past its review due date; deciding it twice for the same date yields nothing.
    case flagStale(dueOn: CalendarDay)
    /// Retire the ICP. Approvers and admins.
    case retire(reason: String)
    /// Record that the owner lost their role in the workspace (the application does, as it revokes it).
    /// Nothing happens when `owner` no longer owns the ICP or it is already flagged.
    case flagOrphaned(owner: PrincipalID)
    /// Make another person of the workspace the owner. Approvers and admins.
    case reassign(owner: PrincipalID)
}
