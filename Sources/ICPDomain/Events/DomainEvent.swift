/// Any event of the ICP Ledger domain. Each case wraps the payload struct of the same name.
///
/// Payloads carry every fact `evolve` needs (including the acting principal and the instant where a
/// workflow rule depends on them), so folding events needs no envelope; the store's envelope
/// (event id, stream version, recorded time) stays outside this module.
public enum DomainEvent: Hashable, Sendable {
    /// See ``WorkspaceCreated``.
    case workspaceCreated(WorkspaceCreated)
    /// See ``WorkspaceSettingsChanged``.
    case workspaceSettingsChanged(WorkspaceSettingsChanged)
    /// See ``RoleGranted``.
    case roleGranted(RoleGranted)
    /// See ``RoleRevoked``.
    case roleRevoked(RoleRevoked)
    /// See ``ICPDrafted``.
    case icpDrafted(ICPDrafted)
    /// See ``RevisionProposed``.
    case revisionProposed(RevisionProposed)
    /// See ``ProposalAmended``.
    case proposalAmended(ProposalAmended)
    /// See ``RevisionApproved``.
    case revisionApproved(RevisionApproved)
    /// See ``RevisionRejected``.
    case revisionRejected(RevisionRejected)
    /// See ``RevisionPublished``.
    case revisionPublished(RevisionPublished)
    /// See ``RevisionEmergencyPublished``.
    case revisionEmergencyPublished(RevisionEmergencyPublished)
    /// See ``AfterTheFactReviewCompleted``.
    case afterTheFactReviewCompleted(AfterTheFactReviewCompleted)
    /// See ``QuarterlyReviewRecorded``.
    case quarterlyReviewRecorded(QuarterlyReviewRecorded)
    /// See ``ICPFlaggedStale``.
    case icpFlaggedStale(ICPFlaggedStale)
    /// See ``ICPRetired``.
    case icpRetired(ICPRetired)
    /// See ``FindingRecorded``.
    case findingRecorded(FindingRecorded)
    /// See ``FindingResolved``.
    case findingResolved(FindingResolved)
    /// See ``ApprovalsDismissed``.
    case approvalsDismissed(ApprovalsDismissed)
    /// See ``ICPOrphaned``.
    case icpOrphaned(ICPOrphaned)
    case reviewNoticed(ReviewNoticed)
    /// See ``ICPOwnerReassigned``.
    case icpOwnerReassigned(ICPOwnerReassigned)
    /// See ``PrincipalErased``.
    case principalErased(PrincipalErased)
    /// See ``FieldMappingSet``.
    case fieldMappingSet(FieldMappingSet)
    /// See ``PipelineSnapshotRecorded``.
    case pipelineSnapshotRecorded(PipelineSnapshotRecorded)
    /// See ``LogCheckpointed``.
    case logCheckpointed(LogCheckpointed)

    /// The kind (type name and schema version) of this event.
    public var kind: EventKind {
        switch self {
        case .workspaceCreated: .workspaceCreated
        case .workspaceSettingsChanged: .workspaceSettingsChanged
        case .roleGranted: .roleGranted
        case .roleRevoked: .roleRevoked
        case .icpDrafted: .icpDrafted
        case .revisionProposed: .revisionProposed
        case .proposalAmended: .proposalAmended
        case .revisionApproved: .revisionApproved
        case .revisionRejected: .revisionRejected
        case .revisionPublished: .revisionPublished
        case .revisionEmergencyPublished: .revisionEmergencyPublished
        case .afterTheFactReviewCompleted: .afterTheFactReviewCompleted
        case .quarterlyReviewRecorded: .quarterlyReviewRecorded
        case .icpFlaggedStale: .icpFlaggedStale
        case .icpRetired: .icpRetired
        case .findingRecorded: .findingRecorded
        case .findingResolved: .findingResolved
        case .approvalsDismissed: .approvalsDismissed
        case .icpOrphaned: .icpOrphaned
        case .reviewNoticed: .reviewNoticed
        case .icpOwnerReassigned: .icpOwnerReassigned
        case .principalErased: .principalErased
        case .fieldMappingSet: .fieldMappingSet
        case .pipelineSnapshotRecorded: .pipelineSnapshotRecorded
        case .logCheckpointed: .logCheckpointed
        }
    }

    /// The payload as an existential, for generic encoding.
    public var payload: any EventPayload {
        switch self {
        case .workspaceCreated(let p): p
        case .workspaceSettingsChanged(let p): p
        case .roleGranted(let p): p
        case .roleRevoked(let p): p
        case .icpDrafted(let p): p
        case .revisionProposed(let p): p
        case .proposalAmended(let p): p
        case .revisionApproved(let p): p
        case .revisionRejected(let p): p
        case .revisionPublished(let p): p
        case .revisionEmergencyPublished(let p): p
        case .afterTheFactReviewCompleted(let p): p
        case .quarterlyReviewRecorded(let p): p
        case .icpFlaggedStale(let p): p
        case .icpRetired(let p): p
        case .findingRecorded(let p): p
        case .findingResolved(let p): p
        case .approvalsDismissed(let p): p
        case .icpOrphaned(let p): p
        case .reviewNoticed(let p): p
        case .icpOwnerReassigned(let p): p
        case .principalErased(let p): p
        case .fieldMappingSet(let p): p
        case .pipelineSnapshotRecorded(let p): p
        case .logCheckpointed(let p): p
        }
    }
}
