import Foundation
public import ICPDomain

/// Works out whether an ICP kept its review cadence in a quarter, from its events alone.
///
/// The review clock starts at each publication (emergency ones too) and at each review that
/// reaffirms the ICP; the next review is due the cadence's months after the clock's start (the
/// same rule as ``FiscalCalendar/nextReviewDue(after:cadence:)``). A restart on or before its due
/// day is on time; after it, late by the days between. The ICP is overdue on every day after a due
/// day until the next restart; retiring it stops the clock. Events after the quarter (or after
/// `through`, for a quarter still running) are not read.
public struct CadenceCalculator: Sendable {
    public let calendar: FiscalCalendar
    public let quarter: FiscalQuarter
    /// The last day assessed: the quarter's last day, or an earlier day for a quarter still running.
    public let through: CalendarDay
    let text: @Sendable (String) -> String

    public init(calendar: FiscalCalendar, quarter: FiscalQuarter, through: CalendarDay? = nil, text: @escaping @Sendable (String) -> String = { $0 })
    {
        self.calendar = calendar
        self.quarter = quarter
        self.through = min(through ?? quarter.lastDay, quarter.lastDay)
        self.text = text
    }

    /// Assesses the ICP's events (its own stream, in order). `state` supplies each revision's cadence.
    public func assess(_ events: [DomainEvent], state: ICPState) -> CadenceCompliance {
        var result = CadenceCompliance(
            reviews: [], onTime: 0, late: 0, daysOverdue: 0, dueAtEnd: nil, daysStaleAtEnd: 0, staleFlags: 0, emergencyPublishes: 0,
            emergencyReviewed: 0)
        var clock: (start: CalendarDay, cadence: ReviewCadence)? = nil
        var due: CalendarDay? { clock.map { $0.start.adding(months: $0.cadence.months) } }
        var reviewed: Set<Int> = []
        for event in events {
            if case .afterTheFactReviewCompleted(let e) = event { reviewed.insert(e.revision) }
        }
        func inQuarter(_ day: CalendarDay) -> Bool { day >= quarter.firstDay && day <= through }
        /// Adds the days after `due` and before `end` (exclusive) that fall in the quarter.
        func countOverdue(until end: CalendarDay) {
            guard let due else { return }
            let first = max(due.adding(days: 1), quarter.firstDay), last = min(end.adding(days: -1), through)
            if first <= last { result.daysOverdue += first.days(until: last) + 1 }
        }
        func restart(on day: CalendarDay, kind: String, by: PrincipalID, notes: String?, cadence: ReviewCadence) {
            let owed = due
            countOverdue(until: day)
            if inQuarter(day) {
                let late = owed.map { max(0, $0.days(until: day)) }
                if let late { if late == 0 { result.onTime += 1 } else { result.late += 1 } }
                result.reviews.append(ReviewEntry(day: day, kind: kind, by: by, due: owed, daysLate: late, notes: notes))
            }
            clock = (day, cadence)
        }
        for event in events {
            switch event {
            case .revisionPublished(let e):
                let day = calendar.day(of: e.publishedAt.date)
                guard day <= through else { break }
                restart(
                    on: day, kind: "published", by: e.publishedBy, notes: "revision \(e.revision)",
                    cadence: state.revision(e.revision)?.definition.cadence ?? .quarterly)
            case .revisionEmergencyPublished(let e):
                let day = calendar.day(of: e.publishedAt.date)
                guard day <= through else { break }
                if inQuarter(day) {
                    result.emergencyPublishes += 1
                    if reviewed.contains(e.revision) { result.emergencyReviewed += 1 }
                }
                restart(
                    on: day, kind: "emergency-published", by: e.publishedBy, notes: "revision \(e.revision)",
                    cadence: state.revision(e.revision)?.definition.cadence ?? .quarterly)
            case .quarterlyReviewRecorded(let e):
                let day = calendar.day(of: e.reviewedAt.date)
                guard day <= through else { break }
                if e.outcome == .reaffirmed, let cadence = clock?.cadence {
                    restart(on: day, kind: "reaffirmed", by: e.reviewer, notes: text(e.notes), cadence: cadence)
                } else if inQuarter(day) {
                    result.reviews.append(
                        ReviewEntry(day: day, kind: "revision-needed", by: e.reviewer, due: due, daysLate: nil, notes: text(e.notes)))
                }
            case .icpFlaggedStale(let e):
                if inQuarter(calendar.day(of: e.flaggedAt.date)) { result.staleFlags += 1 }
            case .icpRetired(let e):
                let day = calendar.day(of: e.retiredAt.date)
                guard day <= through else { break }
                countOverdue(until: day)
                clock = nil
            default:
                break
            }
        }
        countOverdue(until: through.adding(days: 1))
        result.dueAtEnd = due
        result.daysStaleAtEnd = due.map { max(0, $0.days(until: through)) } ?? 0
        return result
    }
}
