/// Event `ApprovalsDismissed` (schema v1): another revision was published, so the approvals an open
/// revision had no longer count — they approved changes against a definition that is not the base any more.
public struct ApprovalsDismissed: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.approvalsDismissed

    /// The ICP.
    public var icpId: ICPID
    /// The open revision whose approvals were dismissed.
    public var revision: Int
    /// The approvals that no longer count, sorted.
    public var dismissed: [PrincipalID]
    /// The revision whose publication moved the base.
    public var publishedRevision: Int
    /// When.
    public var dismissedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, revision: Int, dismissed: [PrincipalID], publishedRevision: Int, dismissedAt: Timestamp) {
        self.icpId = icpId
        self.revision = revision
        self.dismissed = dismissed
        self.publishedRevision = publishedRevision
        self.dismissedAt = dismissedAt
    }
}
