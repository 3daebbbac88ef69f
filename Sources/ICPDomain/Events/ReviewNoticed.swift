/// Event `ReviewNoticed` (schema v1): the scheduler noticed that an ICP's review is due soon, is
/// overdue (flagged stale), or needs a reminder. Kept in the workspace's schedule stream, never in
/// the ICP's, so it never changes the ICP's version.
///
/// Everything in it derives from the ICP, the due day and the notice (see ``ReviewNotice``), and so
/// does its event id: a second run, or a second scheduler, records nothing new.
public struct ReviewNoticed: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.reviewNoticed

    /// The workspace whose schedule stream holds it.
    public var workspaceId: WorkspaceID
    /// The ICP.
    public var icpId: ICPID
    /// What is owed: the periodic review, the after-the-fact review of an emergency publication, or an owner.
    public var subject: ReviewSubject
    /// The emergency-published revision, for an after-the-fact review.
    public var revision: Int?
    /// Due soon, flagged stale, or a reminder.
    public var notice: ReviewNoticeKind
    /// The day the thing owed was (or is) due, in the workspace's time zone.
    public var dueOn: CalendarDay
    /// The day this notice belongs to (a reminder's day; for the others, the day they began).
    public var noticedOn: CalendarDay

    /// Creates the payload.
    public init(
        workspaceId: WorkspaceID, icpId: ICPID, subject: ReviewSubject, revision: Int? = nil, notice: ReviewNoticeKind,
        dueOn: CalendarDay, noticedOn: CalendarDay
    ) {
        self.workspaceId = workspaceId
        self.icpId = icpId
        self.subject = subject
        self.revision = revision
        self.notice = notice
        self.dueOn = dueOn
        self.noticedOn = noticedOn
    }
}

/// What a schedule notice is about.
public enum ReviewSubject: String, Hashable, Sendable, Codable, CaseIterable {
    /// The periodic (quarterly) review of the ICP.
    case review
    /// The review another approver owes an emergency publication.
    case afterTheFactReview
    /// An owner for an ICP whose owner lost access.
    case owner
}

/// The kind of schedule notice.
public enum ReviewNoticeKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Due within 14 days.
    case dueSoon
    /// Past its due day: the ICP is flagged stale until a publish or a reaffirming review (or, for the
    /// other subjects, until the review is done or an owner is named).
    case flaggedStale
    /// A reminder: 7 days before the due day, on it, then every 7 days while overdue.
    case reminder
}
