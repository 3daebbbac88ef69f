import Foundation
import ICPDomain
import Reports
import Testing

@Suite struct ReportQuarterTests {
    static let april = FiscalCalendar(timeZone: TimeZone(identifier: "UTC")!, fiscalYearStartMonth: 4)
    static let now = CalendarDay("2025-11-20")!.startOfDay(in: TimeZone(identifier: "UTC")!)

    @Test(arguments: [
        ("FY2026-Q3", "2025-10-01", "2025-12-31"), ("fy2026 q1", "2025-04-01", "2025-06-30"), ("FY2026Q4", "2026-01-01", "2026-03-31"),
        ("current", "2025-10-01", "2025-12-31"), ("previous", "2025-07-01", "2025-09-30"), (" Current ", "2025-10-01", "2025-12-31"),
    ])
    func readsAQuarter(text: String, first: String, last: String) throws {
        let quarter = try ReportQuarter.parse(text, calendar: Self.april, now: Self.now)
        #expect(quarter.firstDay.description == first)
        #expect(quarter.lastDay.description == last)
    }

    @Test func calendarYearFiscalYears() throws {
        let january = FiscalCalendar(timeZone: TimeZone(identifier: "UTC")!, fiscalYearStartMonth: 1)
        let quarter = try ReportQuarter.parse("FY2025-Q1", calendar: january, now: Self.now)
        #expect(quarter.firstDay.description == "2025-01-01")
        #expect(
            try ReportQuarter.parse("previous", calendar: january, now: CalendarDay("2025-02-01")!.startOfDay(in: .gmt)).firstDay.description
                == "2024-10-01")
    }

    @Test(arguments: [
        "", "FY", "FY0000-Q1", "FY2026-Q0", "FY2026-Q5", "FY26-Q1", "FY２０２６-Q1", "FY2026-Q1x", "2026-Q1", "FY2026--Q1", "FY9999-Q4",
        "last", "FY-2026-Q1", "FY2026-Q\u{0}", String(repeating: "FY2026-Q1", count: 100_000),
    ])
    func refusesAnythingElse(text: String) {
        #expect(throws: BoardReportError.self) { try ReportQuarter.parse(text, calendar: Self.april, now: Self.now) }
        if let error = try? { () throws -> BoardReportError? in
            do { _ = try ReportQuarter.parse(text, calendar: Self.april, now: Self.now) } catch let error as BoardReportError { return error }
            return nil
        }() {
            // The refusal quotes at most 40 characters of what was sent.
            #expect(error.description.count < 120)
        }
    }
}
