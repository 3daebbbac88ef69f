/// Event `QuarterlyReviewRecorded` (schema v2): the periodic review happened: either the ICP was reaffirmed (clock restarts) or a revision is needed.
public struct QuarterlyReviewRecorded: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.quarterlyReviewRecorded

    /// The ICP.
    public var icpId: ICPID
    /// Reaffirmed or revision needed.
    public var outcome: ReviewOutcome
    /// Who held the review.
    public var reviewer: PrincipalID
    /// Business-level summary (no personal data).
    public var notes: String
    /// When.
    public var reviewedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, outcome: ReviewOutcome, reviewer: PrincipalID, notes: String, reviewedAt: Timestamp) {
        self.icpId = icpId
        self.outcome = outcome
        self.reviewer = reviewer
        self.notes = notes
        self.reviewedAt = reviewedAt
    }
}
