public import Foundation

/// Calendar and fiscal arithmetic for one workspace: all "which day / which quarter" questions are
/// answered in the workspace's time zone, while instants stay UTC `Date`s.
public struct FiscalCalendar: Hashable, Sendable {
    /// The workspace time zone.
    public var timeZone: TimeZone
    /// First month of the fiscal year, 1…12 (1 = fiscal year equals calendar year).
    public var fiscalYearStartMonth: Int

    /// Creates a calendar; the month is clamped into 1…12.
    public init(timeZone: TimeZone, fiscalYearStartMonth: Int = 1) {
        self.timeZone = timeZone
        self.fiscalYearStartMonth = min(12, max(1, fiscalYearStartMonth))
    }

    /// Creates a calendar from workspace settings; nil for an unknown time zone.
    public init?(_ workspace: WorkspaceState) {
        guard let zone = TimeZone(identifier: workspace.timeZone) else { return nil }
        self.init(timeZone: zone, fiscalYearStartMonth: workspace.fiscalYearStartMonth)
    }

    /// The local day of an instant.
    public func day(of date: Date) -> CalendarDay { CalendarDay(date, in: timeZone) }

    /// The calendar quarter of an instant, in the workspace time zone.
    public func calendarQuarter(of date: Date) -> CalendarQuarter { CalendarQuarter(containing: day(of: date)) }

    /// The fiscal year containing a day, named by the calendar year in which it ends.
    public func fiscalYear(of day: CalendarDay) -> Int {
        fiscalYearStartMonth == 1 || day.month < fiscalYearStartMonth ? day.year : day.year + 1
    }

    /// The fiscal quarter containing a day.
    public func fiscalQuarter(of day: CalendarDay) -> FiscalQuarter {
        let offset = (day.month - fiscalYearStartMonth + 12) % 12
        let quarter = offset / 3 + 1
        let fy = fiscalYear(of: day)
        let yearStart = CalendarDay(unchecked: fiscalYearStartMonth == 1 ? fy : fy - 1, fiscalYearStartMonth, 1)
        let first = yearStart.adding(months: (quarter - 1) * 3)
        return FiscalQuarter(fiscalYear: fy, quarter: quarter, firstDay: first, lastDay: first.adding(months: 3).adding(days: -1))
    }

    /// The fiscal quarter of an instant, in the workspace time zone.
    public func fiscalQuarter(of date: Date) -> FiscalQuarter { fiscalQuarter(of: day(of: date)) }

    /// The next review due day: `cadence` calendar months after the local day of `lastPublishOrReview`,
    /// clamped to month end (Nov 30 + 3 months = Feb 28, or 29 in leap years).
    public func nextReviewDue(after lastPublishOrReview: Date, cadence: ReviewCadence = .quarterly) -> CalendarDay {
        day(of: lastPublishOrReview).adding(months: cadence.months)
    }

    /// Review status of a due day at instant `now`: overdue from the day after the due day,
    /// due soon within `dueSoonWindowDays` days before it (inclusive, and on the day itself), else fresh.
    public func reviewStatus(due: CalendarDay, now: Date, dueSoonWindowDays: Int = 14) -> ReviewStatus {
        let remaining = day(of: now).days(until: due)
        if remaining < 0 { return .overdue(daysOverdue: -remaining) }
        if remaining <= dueSoonWindowDays { return .dueSoon(daysLeft: remaining) }
        return .fresh(daysLeft: remaining)
    }

    /// The reminder to send now, if any. Reminders fall 7 days before the due day, on the due day,
    /// and every 7 days after it while overdue; a reminder is due when its day has come (in the
    /// workspace time zone) and no reminder was sent on or after that day. Missed reminders collapse
    /// into the latest one.
    public func reminderDue(due: CalendarDay, lastReminderSentAt: Date?, now: Date) -> ReviewReminder? {
        let today = day(of: now)
        let offset = due.days(until: today)
        let reminder: ReviewReminder
        if offset < -7 {
            return nil
        } else if offset < 0 {
            reminder = ReviewReminder(kind: .advance, scheduledFor: due.adding(days: -7))
        } else if offset < 7 {
            reminder = ReviewReminder(kind: .dueToday, scheduledFor: due)
        } else {
            let weeks = offset / 7
            reminder = ReviewReminder(kind: .overdue(weeks: weeks), scheduledFor: due.adding(days: weeks * 7))
        }
        if let sent = lastReminderSentAt, day(of: sent) >= reminder.scheduledFor { return nil }
        return reminder
    }
}
