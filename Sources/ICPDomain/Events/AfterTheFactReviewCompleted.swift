/// Event `AfterTheFactReviewCompleted` (schema v1): another approver reviewed an emergency publication, closing the owed review.
public struct AfterTheFactReviewCompleted: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.afterTheFactReviewCompleted

    /// The ICP.
    public var icpId: ICPID
    /// The emergency-published revision.
    public var revision: Int
    /// Who reviewed.
    public var reviewer: PrincipalID
    /// What the reviewer concluded.
    public var comment: String
    /// When.
    public var reviewedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, revision: Int, reviewer: PrincipalID, comment: String, reviewedAt: Timestamp) {
        self.icpId = icpId
        self.revision = revision
        self.reviewer = reviewer
        self.comment = comment
        self.reviewedAt = reviewedAt
    }
}
