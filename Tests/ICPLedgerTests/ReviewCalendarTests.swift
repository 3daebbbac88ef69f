import Foundation
import ICPDomain
import Testing

@testable import ICPLedger

@Suite("The review schedule as iCalendar (RFC 5545) and as a portfolio")
struct ReviewCalendarTests {
    func entry(_ name: String, due: String?, status: PortfolioStatus = .fresh, days: Int? = 10) -> PortfolioEntry {
        PortfolioEntry(
            workspace: WorkspaceID(UUID(uuidString: "11111111-2222-3333-4444-555555555555")!), workspaceName: "acme, inc; \\ east",
            icp: ICPID(UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!), name: name, owner: "p-1", ownerName: "Léa Ørsted",
            status: status, dueOn: due.flatMap(CalendarDay.init), daysLeft: days, owedReviews: 0, orphanedSince: nil)
    }

    /// The content lines, unfolded byte by byte (a fold may come before a combining mark, which
    /// String's character-wise search would not see as a separate space).
    func unfolded(_ ics: String) -> [String] {
        var lines: [[UInt8]] = [[]]
        let bytes = Array(ics.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 {
                if i + 2 < bytes.count, bytes[i + 2] == 32 {
                    i += 3
                } else {
                    lines.append([])
                    i += 2
                }
                continue
            }
            lines[lines.count - 1].append(bytes[i])
            i += 1
        }
        return lines.filter { !$0.isEmpty }.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("every line ends in CRLF and holds at most 75 octets, folded between characters' bytes, never inside them")
    func folding() {
        let long = String(repeating: "é🚀", count: 40) + "a" + String(repeating: "\u{0301}", count: 200)
        let ics = ReviewCalendar.ics([entry(long, due: "2027-01-18")], title: "reviews", now: Date(timeIntervalSince1970: 0))
        #expect(ics.hasSuffix("\r\n"))
        #expect(!ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a bare line feed")
        for line in Array(ics.utf8).split(separator: 10) {
            let content = line.last == 13 ? line.dropLast() : line[...]
            #expect(line.last == 13, "every line ends in CRLF")
            #expect(content.count <= 75, "\(content.count) octets")
            #expect(String(validating: Array(content), as: UTF8.self) != nil, "a fold split a character's bytes")
        }
        let summary = unfolded(ics).first { $0.hasPrefix("SUMMARY:") }
        #expect(summary == "SUMMARY:ICP review due: " + long, "unfolding gives the text back")
    }

    @Test("text is escaped: backslash, semicolon, comma, line breaks; control characters dropped; UIDs stable per ICP and due day")
    func escapingAndUIDs() {
        let ics = ReviewCalendar.ics(
            [entry("A, B; C \\ D\u{7}\u{1B}[31m", due: "2027-01-18", status: .overdue, days: -3)], title: "x",
            now: Date(timeIntervalSince1970: 86_400 * 365))
        let lines = unfolded(ics)
        #expect(lines.contains("SUMMARY:Overdue: ICP review due: A\\, B\\; C \\\\ D[31m"))
        #expect(lines.contains("DESCRIPTION:Owner: Léa Ørsted\\nWorkspace: acme\\, inc\\; \\\\ east\\nStatus: overdue (3 days overdue)"))
        #expect(lines.contains("UID:review-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee-20270118@icpledger"))
        #expect(lines.contains("DTSTAMP:19710101T000000Z"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20270118") && lines.contains("DTEND;VALUE=DATE:20270119"))
        let again = ReviewCalendar.ics([entry("renamed", due: "2027-01-18")], title: "x", now: Date())
        #expect(unfolded(again).filter { $0.hasPrefix("UID:") } == lines.filter { $0.hasPrefix("UID:") })
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
        let none = ReviewCalendar.ics([entry("draft", due: nil, status: .notPublished, days: nil)], title: "x", now: Date())
        #expect(!none.contains("BEGIN:VEVENT"), "no event without a due day")
    }

    @Test("the portfolio puts owed reviews first, then ICPs without owner, the longest overdue, the soonest due, fresh, unpublished")
    func urgency() {
        func summary(_ name: String, _ status: CadenceStatus, days: Int?, owed: Int = 0, orphaned: Bool = false) -> ICPSummary {
            ICPSummary(
                id: ICPID(), name: name, status: status == .retired ? .retired : .operating, owner: "p-1", publishedRevision: 1,
                inForceRevision: 1, scheduled: nil, latestRevision: 1, openRevisions: 0, cadenceMonths: 3, lastPublishedAt: nil,
                lastReviewedAt: nil, lastReviewOutcome: nil, nextReviewDue: CalendarDay("2027-01-18"), cadenceStatus: status,
                daysUntilDue: days, overdueAfterTheFactReviews: owed, retiredReason: nil, orphanedSince: orphaned ? Date() : nil)
        }
        let workspace = WorkspaceSummary(id: WorkspaceID(), name: "acme", timeZone: "UTC", fiscalYearStartMonth: 1)
        let list = [
            summary("fresh", .fresh, days: 40), summary("soon", .dueSoon, days: 3), summary("later", .dueSoon, days: 12),
            summary("late", .overdue, days: -5), summary("very late", .overdue, days: -90), summary("owed", .fresh, days: 40, owed: 1),
            summary("orphan", .fresh, days: 40, orphaned: true), summary("draft", .notPublished, days: nil), summary("gone", .retired, days: nil),
        ]
        let portfolio = PortfolioEntry.portfolio([(workspace, list)])
        #expect(portfolio.map(\.name) == ["owed", "orphan", "very late", "late", "soon", "later", "fresh", "draft"])
    }
}
