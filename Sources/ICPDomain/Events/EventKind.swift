/// Every event type, with its stable type name (the raw value) and current schema version.
public enum EventKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A workspace (one tenant company) was created; its founder became its first admin.
    case workspaceCreated = "WorkspaceCreated"
    /// Workspace settings changed; only the fields that changed are present.
    case workspaceSettingsChanged = "WorkspaceSettingsChanged"
    /// A principal was given a role in a workspace (replacing any previous role).
    case roleGranted = "RoleGranted"
    /// A principal lost their role in a workspace.
    case roleRevoked = "RoleRevoked"
    /// An ICP was created; its initial definition is open as proposed revision 1.
    case icpDrafted = "ICPDrafted"
    /// A revision was proposed as a set of changes to the published definition.
    case revisionProposed = "RevisionProposed"
    /// An open proposal was rewritten; every approval already given was dismissed.
    case proposalAmended = "ProposalAmended"
    /// A second person (approver or admin, not an author) approved a revision.
    case revisionApproved = "RevisionApproved"
    /// A revision was rejected and is closed.
    case revisionRejected = "RevisionRejected"
    /// An approved revision became the published definition; the review clock restarts.
    case revisionPublished = "RevisionPublished"
    /// An admin published a revision without approval; an after-the-fact review is now owed.
    case revisionEmergencyPublished = "RevisionEmergencyPublished"
    /// Another approver reviewed an emergency publication, closing the owed review.
    case afterTheFactReviewCompleted = "AfterTheFactReviewCompleted"
    /// The periodic review happened: either the ICP was reaffirmed (clock restarts) or a revision is needed.
    case quarterlyReviewRecorded = "QuarterlyReviewRecorded"
    /// The scheduler found the ICP past its review due date; recorded once per due date.
    case icpFlaggedStale = "ICPFlaggedStale"
    /// The ICP was retired and accepts no further commands.
    case icpRetired = "ICPRetired"
    /// An audit produced a finding about the business (never about named people).
    case findingRecorded = "FindingRecorded"
    /// A finding was closed, by a revision or by a recorded decision.
    case findingResolved = "FindingResolved"
    /// Another revision was published, so an open revision's approvals no longer count.
    case approvalsDismissed = "ApprovalsDismissed"
    /// The ICP's owner lost their role; it has no accountable person until reassigned.
    case icpOrphaned = "ICPOrphaned"
    /// Another person became the ICP's owner.
    case icpOwnerReassigned = "ICPOwnerReassigned"
    /// A person was erased from a workspace; only their opaque id remains.
    case principalErased = "PrincipalErased"
    /// The scheduler noticed a review due soon, overdue, or needing a reminder (schedule stream).
    case reviewNoticed = "ReviewNoticed"
    /// The workspace's field mapping (export columns → ICP keys) was replaced.
    case fieldMappingSet = "FieldMappingSet"
    /// A pipeline export was imported as a snapshot and scored; its aggregates.
    case pipelineSnapshotRecorded = "PipelineSnapshotRecorded"
    /// The workspace's log was checkpointed: a signed Merkle root over its events.
    case logCheckpointed = "LogCheckpointed"

    /// The schema version written by this code. Older versions are upcast on decode.
    public var currentSchemaVersion: Int {
        switch self {
        case .revisionProposed: 2
        case .quarterlyReviewRecorded: 2
        default: 1
        }
    }

    /// Every schema version the codec can read, oldest first.
    public var readableSchemaVersions: ClosedRange<Int> { 1...currentSchemaVersion }
}
