/// `QuarterlyReviewRecorded` as written at schema version 1 (read-only; upcast to ``QuarterlyReviewRecorded``).
struct QuarterlyReviewRecordedV1: Decodable {
    var icpId: ICPID
    /// Replaced by ``ReviewOutcome`` in v2: true = reaffirmed, false = revision needed.
    var reaffirmed: Bool
    var reviewer: PrincipalID
    var notes: String
    var reviewedAt: Timestamp

    /// The v2 payload.
    func upcast() -> QuarterlyReviewRecorded {
        QuarterlyReviewRecorded(
            icpId: icpId, outcome: reaffirmed ? .reaffirmed : .revisionNeeded,
            reviewer: reviewer, notes: notes, reviewedAt: reviewedAt
        )
    }
}
