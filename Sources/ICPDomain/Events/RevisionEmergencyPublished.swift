/// Event `RevisionEmergencyPublished` (schema v1): an admin published a revision without approval; an after-the-fact review is now owed.
public struct RevisionEmergencyPublished: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.revisionEmergencyPublished

    /// The ICP.
    public var icpId: ICPID
    /// The revision published.
    public var revision: Int
    /// The day it takes effect.
    public var effectiveOn: CalendarDay
    /// The admin who bypassed approval.
    public var publishedBy: PrincipalID
    /// Why it could not wait.
    public var justification: String
    /// When; starts the review clock and the overdue review.
    public var publishedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, revision: Int, effectiveOn: CalendarDay, publishedBy: PrincipalID, justification: String, publishedAt: Timestamp) {
        self.icpId = icpId
        self.revision = revision
        self.effectiveOn = effectiveOn
        self.publishedBy = publishedBy
        self.justification = justification
        self.publishedAt = publishedAt
    }
}
