/// What the after-the-fact review of an emergency publication concluded.
public enum AfterTheFactOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    /// The bypass was right; the revision stays.
    case upheld
    /// The revision should not stand; the definition it replaced is proposed again.
    case reverted
}

/// Event `AfterTheFactReviewCompleted` (schema v1): another approver reviewed an emergency publication, closing the owed review.
/// `outcome` was added later as an optional field: events stored before it carry none and read as upheld.
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
    /// Upheld or reverted; nil in events stored before outcomes were recorded (they read as upheld).
    public var outcome: AfterTheFactOutcome?
    /// When.
    public var reviewedAt: Timestamp

    /// Creates the payload.
    public init(
        icpId: ICPID, revision: Int, reviewer: PrincipalID, comment: String, outcome: AfterTheFactOutcome? = nil, reviewedAt: Timestamp
    ) {
        self.icpId = icpId
        self.revision = revision
        self.reviewer = reviewer
        self.comment = comment
        self.outcome = outcome
        self.reviewedAt = reviewedAt
    }
}
