import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Cadence arithmetic")
struct CadenceTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    func day(_ s: String) -> CalendarDay { CalendarDay(s)! }

    func instant(_ iso: String) -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: iso)!
    }

    @Test(
        "month arithmetic clamps to month end",
        arguments: [
            ("2023-11-30", 3, "2024-02-29"), ("2022-11-30", 3, "2023-02-28"), ("2024-01-31", 1, "2024-02-29"),
            ("2024-02-29", 12, "2025-02-28"), ("2024-02-29", 48, "2028-02-29"), ("2024-08-31", 1, "2024-09-30"),
            ("2024-12-15", 3, "2025-03-15"), ("2024-03-31", -1, "2024-02-29"), ("2024-05-31", 6, "2024-11-30"),
        ])
    func months(_ start: String, _ months: Int, _ expected: String) {
        #expect(day(start).adding(months: months) == day(expected))
    }

    @Test("leap years", arguments: [(2024, true), (2023, false), (2000, true), (1900, false), (2100, false)])
    func leap(_ year: Int, _ leap: Bool) {
        #expect(CalendarDay.isLeapYear(year) == leap)
        #expect((CalendarDay(year: year, month: 2, day: 29) != nil) == leap)
    }

    @Test("day numbers round-trip over 1,000 years")
    func dayNumbers() {
        var d = CalendarDay(year: 1600, month: 1, day: 1)!
        let start = d.daysSinceEpoch
        for i in stride(from: 0, to: 365_250, by: 37) {
            d = CalendarDay(daysSinceEpoch: start + i)
            #expect(d.daysSinceEpoch == start + i)
            #expect(CalendarDay(d.description) == d)
        }
        #expect(CalendarDay(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(day("2024-03-01").days(until: day("2024-02-28")) == -2)
    }

    @Test("parsing and writing days agree with the plain split-and-pad definitions on any text")
    func parseAndWriteAgainstReference() {
        func referenceParse(_ string: String) -> CalendarDay? {
            let parts = string.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
            else { return nil }
            return CalendarDay(year: y, month: m, day: d)
        }
        func referenceText(_ d: CalendarDay) -> String {
            let y = String(d.year)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (d.month < 10 ? "0" : "") + String(d.month)
                + "-" + (d.day < 10 ? "0" : "") + String(d.day)
        }
        var rng = SplitMix64(seed: 17)
        let alphabet = Array("0123456789--+ /x\u{0663}é")
        for n in 0..<20_000 {
            let text: String
            if n % 2 == 0 {
                var chars = Array(CalendarDay(daysSinceEpoch: rng.int(3_000_000) - 1_000_000).description)
                chars[rng.int(chars.count)] = rng.pick(alphabet)
                text = String(chars)
            } else {
                text = String((0..<rng.int(12)).map { _ in rng.pick(alphabet) })
            }
            #expect(CalendarDay(text) == referenceParse(text), "\(text)")
        }
        for days in stride(from: -1_000_000, to: 3_000_000, by: 97) {
            let d = CalendarDay(daysSinceEpoch: days)
            #expect(d.description == referenceText(d))
        }
        #expect(CalendarDay("+202-01-05") == CalendarDay(year: 202, month: 1, day: 5))
    }

    @Test("malformed days do not parse", arguments: ["2024-02-30", "2024-13-01", "24-01-01", "2024-1-01", "2024/01/01", ""])
    func malformed(_ s: String) { #expect(CalendarDay(s) == nil) }

    @Test("the local day of an instant depends on the workspace time zone")
    func localDay() {
        let late = instant("2024-03-31T23:30:00Z")
        #expect(CalendarDay(late, in: Self.utc) == day("2024-03-31"))
        #expect(CalendarDay(late, in: Self.berlin) == day("2024-04-01"))
        #expect(FiscalCalendar(timeZone: Self.berlin).calendarQuarter(of: late) == CalendarQuarter(year: 2024, quarter: 2))
        #expect(FiscalCalendar(timeZone: Self.newYork).calendarQuarter(of: late) == CalendarQuarter(year: 2024, quarter: 1))
    }

    @Test(
        "fiscal quarters and years (FY named by the calendar year it ends in)",
        arguments: [
            (1, "2024-01-15", 2024, 1, "2024-01-01", "2024-03-31"),
            (2, "2024-02-01", 2025, 1, "2024-02-01", "2024-04-30"),
            (2, "2024-01-31", 2024, 4, "2023-11-01", "2024-01-31"),
            (2, "2024-12-31", 2025, 4, "2024-11-01", "2025-01-31"),
            (7, "2024-07-01", 2025, 1, "2024-07-01", "2024-09-30"),
            (7, "2024-06-30", 2024, 4, "2024-04-01", "2024-06-30"),
            (10, "2024-10-01", 2025, 1, "2024-10-01", "2024-12-31"),
            (10, "2025-02-28", 2025, 2, "2025-01-01", "2025-03-31"),
            (10, "2024-09-30", 2024, 4, "2024-07-01", "2024-09-30"),
        ])
    func fiscal(_ startMonth: Int, _ date: String, _ fy: Int, _ q: Int, _ first: String, _ last: String) {
        let calendar = FiscalCalendar(timeZone: Self.utc, fiscalYearStartMonth: startMonth)
        let quarter = calendar.fiscalQuarter(of: day(date))
        #expect(quarter == FiscalQuarter(fiscalYear: fy, quarter: q, firstDay: day(first), lastDay: day(last)))
        #expect(quarter.description == "FY\(fy) Q\(q)")
    }

    @Test("fiscal quarter of an instant is computed in the workspace time zone")
    func fiscalInstant() {
        let instant = instant("2024-07-01T02:00:00Z")  // still June 30 in New York
        #expect(FiscalCalendar(timeZone: Self.newYork, fiscalYearStartMonth: 7).fiscalQuarter(of: instant).fiscalYear == 2024)
        #expect(FiscalCalendar(timeZone: Self.berlin, fiscalYearStartMonth: 7).fiscalQuarter(of: instant).fiscalYear == 2025)
    }

    @Test(
        "next review due is three calendar months after the local publish day, clamped",
        arguments: [
            ("2023-11-30T15:00:00Z", "UTC", "2024-02-29"),
            ("2024-11-30T15:00:00Z", "UTC", "2025-02-28"),
            ("2024-11-30T23:30:00Z", "Europe/Berlin", "2025-03-01"),  // already Dec 1 in Berlin
            ("2024-12-01T03:00:00Z", "America/New_York", "2025-02-28"),  // still Nov 30 in New York
            ("2024-03-10T06:59:00Z", "America/New_York", "2024-06-10"),  // DST starts that morning
            ("2024-10-27T00:30:00Z", "Europe/Berlin", "2025-01-27"),  // DST ends that night
        ])
    func nextDue(_ publishedAt: String, _ zone: String, _ expected: String) {
        let calendar = FiscalCalendar(timeZone: TimeZone(identifier: zone)!)
        #expect(calendar.nextReviewDue(after: instant(publishedAt)) == day(expected))
    }

    @Test("custom cadences")
    func customCadence() {
        let calendar = FiscalCalendar(timeZone: Self.utc)
        #expect(calendar.nextReviewDue(after: instant("2024-08-31T12:00:00Z"), cadence: ReviewCadence(months: 6)) == day("2025-02-28"))
        #expect(calendar.nextReviewDue(after: instant("2024-08-31T12:00:00Z"), cadence: ReviewCadence(months: 1)) == day("2024-09-30"))
    }

    @Test(
        "review status: fresh, due soon, overdue",
        arguments: [
            ("2024-05-01T12:00:00Z", "fresh 31"), ("2024-05-17T12:00:00Z", "dueSoon 15"), ("2024-05-18T12:00:00Z", "dueSoon 14"),
            ("2024-06-01T12:00:00Z", "dueSoon 0"), ("2024-06-02T00:30:00Z", "overdue 1"), ("2024-06-30T12:00:00Z", "overdue 29"),
        ])
    func status(_ now: String, _ expected: String) {
        let calendar = FiscalCalendar(timeZone: Self.utc)
        let status = calendar.reviewStatus(due: day("2024-06-01"), now: instant(now), dueSoonWindowDays: expected == "dueSoon 15" ? 15 : 14)
        let text: String =
            switch status {
            case .fresh(let d): "fresh \(d)"
            case .dueSoon(let d): "dueSoon \(d)"
            case .overdue(let d): "overdue \(d)"
            }
        #expect(text == expected)
    }

    @Test("overdue is judged on the workspace's local day across a DST change")
    func statusAcrossDST() {
        let calendar = FiscalCalendar(timeZone: Self.newYork)
        let due = day("2024-03-10")  // the day clocks spring forward
        #expect(calendar.reviewStatus(due: due, now: instant("2024-03-11T03:59:00Z")) == .dueSoon(daysLeft: 0))  // 23:59 local on Mar 10
        #expect(calendar.reviewStatus(due: due, now: instant("2024-03-11T04:00:00Z")) == .overdue(daysOverdue: 1))  // 00:00 local Mar 11
        let berlin = FiscalCalendar(timeZone: Self.berlin)
        let autumn = day("2024-10-27")
        #expect(berlin.reviewStatus(due: autumn, now: instant("2024-10-27T22:59:00Z")) == .dueSoon(daysLeft: 0))  // 23:59 CET
        #expect(berlin.reviewStatus(due: autumn, now: instant("2024-10-27T23:00:00Z")) == .overdue(daysOverdue: 1))
        #expect(autumn.startOfDay(in: Self.berlin) == instant("2024-10-26T22:00:00Z"))
        #expect(day("2024-03-31").startOfDay(in: Self.berlin) == instant("2024-03-30T23:00:00Z"))
    }

    @Test(
        "reminders: a week before, on the day, then weekly while overdue",
        arguments: [
            ("2024-05-24T12:00:00Z", nil as String?, nil as String?),
            ("2024-05-25T08:00:00Z", nil, "advance 2024-05-25"),
            ("2024-05-28T08:00:00Z", "2024-05-25T09:00:00Z", nil),
            ("2024-06-01T08:00:00Z", "2024-05-25T09:00:00Z", "dueToday 2024-06-01"),
            ("2024-06-05T08:00:00Z", "2024-06-01T09:00:00Z", nil),
            ("2024-06-08T08:00:00Z", "2024-06-01T09:00:00Z", "overdue1 2024-06-08"),
            ("2024-06-20T08:00:00Z", "2024-06-08T09:00:00Z", "overdue2 2024-06-15"),
            ("2024-06-20T08:00:00Z", "2024-06-15T09:00:00Z", nil),
            ("2024-07-01T08:00:00Z", nil, "overdue4 2024-06-29"),
        ])
    func reminders(_ now: String, _ lastSent: String?, _ expected: String?) {
        let calendar = FiscalCalendar(timeZone: Self.utc)
        let reminder = calendar.reminderDue(due: day("2024-06-01"), lastReminderSentAt: lastSent.map(instant), now: instant(now))
        let text = reminder.map { r -> String in
            switch r.kind {
            case .advance: "advance \(r.scheduledFor)"
            case .dueToday: "dueToday \(r.scheduledFor)"
            case .overdue(let w): "overdue\(w) \(r.scheduledFor)"
            }
        }
        #expect(text == expected)
    }

    @Test("reminder days are local: a reminder sent late in the evening in New York counts for that local day")
    func remindersLocal() {
        let calendar = FiscalCalendar(timeZone: Self.newYork)
        let due = day("2024-06-01")
        // Sent 2024-06-01 22:00 local (= 02:00Z on June 2): the due-day reminder is done.
        #expect(calendar.reminderDue(due: due, lastReminderSentAt: instant("2024-06-02T02:00:00Z"), now: instant("2024-06-03T12:00:00Z")) == nil)
        #expect(calendar.reminderDue(due: due, lastReminderSentAt: nil, now: instant("2024-06-01T03:00:00Z"))?.kind == .advance)  // May 31 local
    }

    @Test("CalendarDay encodes as YYYY-MM-DD")
    func wire() throws {
        let data = try JSONEncoder().encode([day("2024-02-29")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-02-29"]"#)
        #expect(try JSONDecoder().decode([CalendarDay].self, from: data) == [day("2024-02-29")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDay].self, from: Data(#"["2023-02-29"]"#.utf8)) }
    }

    @Test("the day an instant falls on, by offset arithmetic, equals Foundation's calendar in every kind of zone")
    func dayOfInstantMatchesCalendar() {
        var rng = SplitMix64(seed: 4242)
        let zones = [
            "UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kolkata",
            "Australia/Lord_Howe", "America/St_Johns", "Asia/Kathmandu",
        ].compactMap(TimeZone.init(identifier:))
        #expect(zones.count == 9)
        for _ in 0..<20_000 {
            let zone = rng.pick(zones)
            let date = Date(timeIntervalSince1970: Double(rng.int(4_000_000_000)) - 1_000_000_000 + Double(rng.int(1000)) / 1000)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            #expect(CalendarDay(date, in: zone) == CalendarDay(year: c.year!, month: c.month!, day: c.day!), "\(date) in \(zone.identifier)")
        }
    }
}
