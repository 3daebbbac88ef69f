/// Event `RevisionPublished` (schema v1): an approved revision became the published definition; the review clock restarts.
public struct RevisionPublished: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.revisionPublished

    /// The ICP.
    public var icpId: ICPID
    /// The revision published.
    public var revision: Int
    /// The day it takes effect.
    public var effectiveOn: CalendarDay
    /// Who published.
    public var publishedBy: PrincipalID
    /// When; starts the review clock.
    public var publishedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, revision: Int, effectiveOn: CalendarDay, publishedBy: PrincipalID, publishedAt: Timestamp) {
        self.icpId = icpId
        self.revision = revision
        self.effectiveOn = effectiveOn
        self.publishedBy = publishedBy
        self.publishedAt = publishedAt
    }
}
