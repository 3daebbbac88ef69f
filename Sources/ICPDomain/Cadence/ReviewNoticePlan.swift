public import Foundation

/// What the scheduler needs to know of one ICP (read from the read models; no I/O here).
public struct ScheduledICP: Hashable, Sendable {
    public var icpId: ICPID
    /// The review cadence.
    public var cadence: ReviewCadence
    /// The last publish or reaffirming review; nil while nothing was ever published.
    public var reviewClockStartedAt: Date?
    /// Retired ICPs are owed nothing.
    public var isRetired: Bool
    /// Emergency publications still waiting for their after-the-fact review: revision and when it was published.
    public var owedAfterTheFactReviews: [(revision: Int, openedAt: Date)]
    /// Since when the ICP has had no owner with access; nil when it has one.
    public var orphanedSince: Date?

    public init(
        icpId: ICPID, cadence: ReviewCadence, reviewClockStartedAt: Date?, isRetired: Bool = false,
        owedAfterTheFactReviews: [(revision: Int, openedAt: Date)] = [], orphanedSince: Date? = nil
    ) {
        self.icpId = icpId
        self.cadence = cadence
        self.reviewClockStartedAt = reviewClockStartedAt
        self.isRetired = isRetired
        self.owedAfterTheFactReviews = owedAfterTheFactReviews
        self.orphanedSince = orphanedSince
    }

    public static func == (a: ScheduledICP, b: ScheduledICP) -> Bool {
        a.icpId == b.icpId && a.cadence == b.cadence && a.reviewClockStartedAt == b.reviewClockStartedAt
            && a.isRetired == b.isRetired && a.orphanedSince == b.orphanedSince
            && a.owedAfterTheFactReviews.map(\.revision) == b.owedAfterTheFactReviews.map(\.revision)
            && a.owedAfterTheFactReviews.map(\.openedAt) == b.owedAfterTheFactReviews.map(\.openedAt)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(icpId) }
}

/// The schedule notices an ICP should have by a moment (shared/DESIGN.md, "Cadence"): a pure
/// function of the ICP, the workspace's calendar and the time, so every scheduler instance that
/// looks computes the same notices, and a notice already recorded is simply not recorded again.
///
/// - The periodic review is due `cadence` calendar months after the last publish or reaffirming
///   review. From 14 days before the due day it is *due soon*; from the day after, *flagged stale*.
///   Reminders fall 7 days before the due day, on it, then every 7 days while overdue.
/// - An owed after-the-fact review and an ICP without an owner are due on the day they began:
///   flagged at once, reminded that day and every 7 days until settled.
/// - A publish or a reaffirming review moves the due day, which ends the old flag; a "revision
///   needed" review does not.
///
/// Only the latest reminder that has come is listed: when no scheduler ran for weeks, people get
/// one reminder, not a pile of them. A due-soon notice first computed after the due day is left out.
public enum ReviewNoticePlan {
    /// How many days before the due day the review counts as due soon.
    public static let dueSoonDays = 14

    /// The notices `icp` should have at `now`, in the order they began.
    public static func notices(for icp: ScheduledICP, in workspace: WorkspaceID, calendar: FiscalCalendar, now: Date) -> [ReviewNoticed] {
        guard !icp.isRetired else { return [] }
        let today = calendar.day(of: now)
        var result: [ReviewNoticed] = []
        func notice(_ subject: ReviewSubject, _ revision: Int?, _ kind: ReviewNoticeKind, due: CalendarDay, on day: CalendarDay) {
            result.append(
                ReviewNoticed(
                    workspaceId: workspace, icpId: icp.icpId, subject: subject, revision: revision, notice: kind, dueOn: due,
                    noticedOn: day))
        }
        if let start = icp.reviewClockStartedAt {
            let due = calendar.nextReviewDue(after: start, cadence: icp.cadence)
            let remaining = today.days(until: due)
            if remaining >= 0 && remaining <= dueSoonDays { notice(.review, nil, .dueSoon, due: due, on: due.adding(days: -dueSoonDays)) }
            if remaining < 0 { notice(.review, nil, .flaggedStale, due: due, on: due.adding(days: 1)) }
            if let day = latestReminderDay(due: due, today: today, advance: true) { notice(.review, nil, .reminder, due: due, on: day) }
        }
        for owed in icp.owedAfterTheFactReviews {
            let due = calendar.day(of: owed.openedAt)
            guard due <= today else { continue }
            notice(.afterTheFactReview, owed.revision, .flaggedStale, due: due, on: due)
            if let day = latestReminderDay(due: due, today: today, advance: false) {
                notice(.afterTheFactReview, owed.revision, .reminder, due: due, on: day)
            }
        }
        if let since = icp.orphanedSince {
            let due = calendar.day(of: since)
            if due <= today {
                notice(.owner, nil, .flaggedStale, due: due, on: due)
                if let day = latestReminderDay(due: due, today: today, advance: false) { notice(.owner, nil, .reminder, due: due, on: day) }
            }
        }
        return result
    }

    /// The latest reminder day on or before `today`: 7 days before `due` (with `advance`), `due`,
    /// then every 7 days after it.
    static func latestReminderDay(due: CalendarDay, today: CalendarDay, advance: Bool) -> CalendarDay? {
        let offset = due.days(until: today)
        if offset < 0 { return advance && offset >= -7 ? due.adding(days: -7) : nil }
        return due.adding(days: offset / 7 * 7)
    }

    /// The moment a notice is recorded as having occurred: the start of its day in the workspace's
    /// time zone (derived, like everything else in it, so repeats are identical).
    public static func occurredAt(_ notice: ReviewNoticed, calendar: FiscalCalendar) -> Date {
        notice.noticedOn.startOfDay(in: calendar.timeZone)
    }
}
