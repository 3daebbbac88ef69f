public import Foundation

extension ICPState {
    /// The next review due day in the workspace calendar: the cadence of the published definition
    /// after the last publish or reaffirming review. Nil before the first publication.
    public func nextReviewDue(in calendar: FiscalCalendar) -> CalendarDay? {
        guard let start = reviewClockStartedAt, let definition = publishedDefinition else { return nil }
        return calendar.nextReviewDue(after: start.date, cadence: definition.cadence)
    }

    /// The review status at `now`; nil before the first publication.
    public func reviewStatus(in calendar: FiscalCalendar, now: Date, dueSoonWindowDays: Int = 14) -> ReviewStatus? {
        nextReviewDue(in: calendar).map { calendar.reviewStatus(due: $0, now: now, dueSoonWindowDays: dueSoonWindowDays) }
    }
}
