import Foundation
import ICPDomain
import Testing

@Suite("Schedule notices (due soon, flagged stale, reminders)")
struct ReviewNoticePlanTests {
    let workspace = Fixtures.workspaceId
    let berlin = FiscalCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!)

    func noon(_ day: String) -> Date { CalendarDay(day)!.startOfDay(in: berlin.timeZone).addingTimeInterval(12 * 3600) }

    /// Every notice the plan lists on any day from `first` to `last`, as "subject kind due noticedOn".
    func simulate(_ icp: (CalendarDay) -> ScheduledICP, from first: String, to last: String) -> [String] {
        var seen: [String] = []
        var day = CalendarDay(first)!
        while day <= CalendarDay(last)! {
            let now = day.startOfDay(in: berlin.timeZone).addingTimeInterval(9 * 3600)
            for n in ReviewNoticePlan.notices(for: icp(day), in: workspace, calendar: berlin, now: now) {
                let line = "\(n.subject.rawValue)\(n.revision.map { " r\($0)" } ?? "") \(n.notice.rawValue) \(n.dueOn) \(n.noticedOn)"
                if !seen.contains(line) { seen.append(line) }
            }
            day = day.adding(days: 1)
        }
        return seen
    }

    @Test("a quarter run day by day: due soon 14 days before, reminders 7 days before, on the day and weekly after, flagged the day after")
    func quarter() {
        let icp = ScheduledICP(icpId: Fixtures.icpId, cadence: .quarterly, reviewClockStartedAt: noon("2026-01-15"))
        let notices = simulate({ _ in icp }, from: "2026-01-15", to: "2026-05-06")
        #expect(
            notices == [
                "review dueSoon 2026-04-15 2026-04-01",
                "review reminder 2026-04-15 2026-04-08",
                "review reminder 2026-04-15 2026-04-15",
                "review flaggedStale 2026-04-15 2026-04-16",
                "review reminder 2026-04-15 2026-04-22",
                "review reminder 2026-04-15 2026-04-29",
                "review reminder 2026-04-15 2026-05-06",
            ])
    }

    @Test("a publish moves the due day: the old flag ends and the new quarter starts over; a scheduler that was away sends one reminder")
    func publishResets() {
        let first = ScheduledICP(icpId: Fixtures.icpId, cadence: .quarterly, reviewClockStartedAt: noon("2026-01-15"))
        var second = first
        second.reviewClockStartedAt = noon("2026-05-02")
        let notices = simulate({ $0 < CalendarDay("2026-05-02")! ? first : second }, from: "2026-04-20", to: "2026-08-02")
        #expect(notices.first == "review flaggedStale 2026-04-15 2026-04-16")
        #expect(notices.contains("review reminder 2026-04-15 2026-04-15"), "the latest reminder when first looked")
        #expect(!notices.contains("review reminder 2026-04-15 2026-04-08"), "missed reminders collapse into the latest")
        #expect(!notices.contains { $0.contains("2026-04-15") && $0.hasSuffix("2026-05-06") }, "no reminder for a due day that moved")
        #expect(notices.contains("review dueSoon 2026-08-02 2026-07-19"))
        #expect(!notices.contains { $0.contains("flaggedStale 2026-08-02") })
    }

    @Test("month ends clamp, leap years count, and the workspace's time zone decides the day")
    func calendarEdges() {
        let icp = ScheduledICP(icpId: Fixtures.icpId, cadence: .quarterly, reviewClockStartedAt: noon("2027-11-30"))
        let notices = simulate({ _ in icp }, from: "2028-02-01", to: "2028-03-01")
        #expect(notices.contains("review flaggedStale 2028-02-29 2028-03-01"))
        // 23:30 UTC on 14 January is already 15 January in Berlin.
        let late = ScheduledICP(
            icpId: Fixtures.icpId, cadence: .quarterly, reviewClockStartedAt: ISO8601DateFormatter().date(from: "2026-01-14T23:30:00Z")!)
        let due = ReviewNoticePlan.notices(for: late, in: workspace, calendar: berlin, now: noon("2026-04-15"))
        #expect(due.map(\.dueOn.description) == ["2026-04-15", "2026-04-15"])
    }

    @Test("an owed after-the-fact review and an ICP without owner are flagged at once and reminded weekly; nothing for a retired ICP")
    func owedAndOrphaned() {
        let icp = ScheduledICP(
            icpId: Fixtures.icpId, cadence: .quarterly, reviewClockStartedAt: noon("2026-03-01"),
            owedAfterTheFactReviews: [(revision: 4, openedAt: noon("2026-03-01"))], orphanedSince: noon("2026-03-10"))
        let notices = simulate({ _ in icp }, from: "2026-03-01", to: "2026-03-20")
        #expect(
            notices == [
                "afterTheFactReview r4 flaggedStale 2026-03-01 2026-03-01",
                "afterTheFactReview r4 reminder 2026-03-01 2026-03-01",
                "afterTheFactReview r4 reminder 2026-03-01 2026-03-08",
                "owner flaggedStale 2026-03-10 2026-03-10",
                "owner reminder 2026-03-10 2026-03-10",
                "afterTheFactReview r4 reminder 2026-03-01 2026-03-15",
                "owner reminder 2026-03-10 2026-03-17",
            ])
        var retired = icp
        retired.isRetired = true
        #expect(ReviewNoticePlan.notices(for: retired, in: workspace, calendar: berlin, now: noon("2026-09-01")).isEmpty)
        let unpublished = ScheduledICP(icpId: Fixtures.icpId, cadence: .quarterly, reviewClockStartedAt: nil)
        #expect(ReviewNoticePlan.notices(for: unpublished, in: workspace, calendar: berlin, now: noon("2030-01-01")).isEmpty)
    }

    @Test("the same inputs give the same notices, and their time is the start of their day in the workspace's zone")
    func deterministic() throws {
        let icp = ScheduledICP(icpId: Fixtures.icpId, cadence: .quarterly, reviewClockStartedAt: noon("2026-01-15"))
        let a = ReviewNoticePlan.notices(for: icp, in: workspace, calendar: berlin, now: noon("2026-04-20"))
        let b = ReviewNoticePlan.notices(for: icp, in: workspace, calendar: berlin, now: noon("2026-04-20").addingTimeInterval(3600))
        #expect(a == b)
        let stale = try #require(a.first { $0.notice == .flaggedStale })
        #expect(ReviewNoticePlan.occurredAt(stale, calendar: berlin) == ISO8601DateFormatter().date(from: "2026-04-15T22:00:00Z"))
    }
}
