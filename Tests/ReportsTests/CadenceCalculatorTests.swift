import Foundation
import ICPDomain
import Reports
import Testing

/// The cadence figures against a day-by-day count that shares no code with the calculator.
@Suite struct CadenceCalculatorTests {
    /// Random histories of publications, reviews and a retirement, each assessed over a quarter and
    /// compared with a walk over every day of it.
    @Test(arguments: 0..<200) func agreesWithADayByDayWalk(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let zone = TimeZone(identifier: "UTC")!
        let calendar = FiscalCalendar(timeZone: zone, fiscalYearStartMonth: 1)
        let quarter = calendar.fiscalQuarter(of: CalendarDay("2025-07-15")!)
        // Restarts (publications, reaffirming reviews) and a possible retirement, by day.
        var days: [(day: CalendarDay, kind: Int)] = []  // 0 publish, 1 reaffirm, 2 revision needed, 3 retire
        var day = CalendarDay("2025-01-01")!.adding(days: Int(random.next() % 60))
        days.append((day, 0))
        while true {
            day = day.adding(days: 20 + Int(random.next() % 120))
            guard day < CalendarDay("2025-12-31")! else { break }
            let kind = Int(random.next() % 10)
            days.append((day, kind < 4 ? 0 : kind < 8 ? 1 : kind < 9 ? 2 : 3))
            if kind == 9 { break }
        }
        let icp = ICPID(), owner = PrincipalID("o")
        var definition = ICPDefinition(name: "X", statement: "Anyone.")
        definition.cadence = .quarterly
        var revisions = 0
        var events: [DomainEvent] = [
            .icpDrafted(
                ICPDrafted(
                    icpId: icp, workspaceId: WorkspaceID(), owner: owner, definition: definition, draftedBy: owner,
                    draftedAt: Timestamp(Date(timeIntervalSince1970: 0))))
        ]
        for (day, kind) in days {
            let at = Timestamp(day.startOfDay(in: zone).addingTimeInterval(3600))
            switch kind {
            case 0:
                revisions += 1
                events.append(
                    .revisionPublished(RevisionPublished(icpId: icp, revision: revisions, effectiveOn: day, publishedBy: owner, publishedAt: at)))
            case 1:
                events.append(
                    .quarterlyReviewRecorded(QuarterlyReviewRecorded(icpId: icp, outcome: .reaffirmed, reviewer: owner, notes: "", reviewedAt: at)))
            case 2:
                events.append(
                    .quarterlyReviewRecorded(
                        QuarterlyReviewRecorded(icpId: icp, outcome: .revisionNeeded, reviewer: owner, notes: "", reviewedAt: at)))
            default: events.append(.icpRetired(ICPRetired(icpId: icp, retiredBy: owner, reason: "done", retiredAt: at)))
            }
        }
        let state = try #require(ICPDecider.replay(events.prefix(1)))
        let result = CadenceCalculator(calendar: calendar, quarter: quarter).assess(events, state: state)

        // The walk: on each day, the clock is the last restart on or before it (none after a retirement).
        func clock(on d: CalendarDay) -> CalendarDay? {
            var start: CalendarDay? = nil
            for (day, kind) in days where day <= d {
                switch kind {
                case 0: start = day
                case 1: if start != nil { start = day }
                case 3: start = nil
                default: break
                }
            }
            return start
        }
        var overdue = 0
        var d = quarter.firstDay
        while d <= quarter.lastDay {
            if let start = clock(on: d), start.adding(months: 3) < d { overdue += 1 }
            d = d.adding(days: 1)
        }
        #expect(result.daysOverdue == overdue)
        var onTime = 0, late = 0
        // Days are strictly increasing, so the clock the day before an event is the one it answers.
        for entry in days where entry.day >= quarter.firstDay && entry.day <= quarter.lastDay && (entry.kind == 0 || entry.kind == 1) {
            guard let start = clock(on: entry.day.adding(days: -1)) else { continue }
            if entry.day <= start.adding(months: 3) { onTime += 1 } else { late += 1 }
        }
        #expect(result.onTime == onTime)
        #expect(result.late == late)
        let endClock = clock(on: quarter.lastDay)
        #expect(result.dueAtEnd == endClock?.adding(months: 3))
        #expect(result.daysStaleAtEnd == endClock.map { max(0, $0.adding(months: 3).days(until: quarter.lastDay)) } ?? 0)
    }

    @Test func aQuarterStillRunningStopsAtThroughDay() throws {
        let zone = TimeZone(identifier: "UTC")!
        let calendar = FiscalCalendar(timeZone: zone)
        let quarter = calendar.fiscalQuarter(of: CalendarDay("2025-08-15")!)
        let icp = ICPID(), owner = PrincipalID("o")
        let definition = ICPDefinition(name: "X", statement: "Anyone.")
        let published = CalendarDay("2025-03-01")!
        let events: [DomainEvent] = [
            .icpDrafted(
                ICPDrafted(
                    icpId: icp, workspaceId: WorkspaceID(), owner: owner, definition: definition, draftedBy: owner,
                    draftedAt: Timestamp(published.startOfDay(in: zone)))),
            .revisionPublished(
                RevisionPublished(
                    icpId: icp, revision: 1, effectiveOn: published, publishedBy: owner, publishedAt: Timestamp(published.startOfDay(in: zone)))),
        ]
        let state = try #require(ICPDecider.replay(events.prefix(1)))
        // Due 2025-06-01: overdue every day of July and the first 15 of August.
        let result = CadenceCalculator(calendar: calendar, quarter: quarter, through: CalendarDay("2025-08-15")!).assess(events, state: state)
        #expect(result.daysOverdue == 31 + 15)
        #expect(result.daysStaleAtEnd == CalendarDay("2025-06-01")!.days(until: CalendarDay("2025-08-15")!))
    }
}

/// SplitMix64, for reproducible histories.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
