import ByteText
public import Foundation
import ICPDomain

/// The review schedule as an iCalendar file (RFC 5545), for calendar apps.
///
/// One all-day event per ICP whose periodic review has a due day, on that day: the ICP, its owner,
/// its workspace and its status, and a link when a base URL is known. All-day dates belong to no
/// time zone, so the day is the workspace's due day wherever the reader is. UIDs are stable per ICP
/// and due day, so a calendar that reloads the feed updates events instead of duplicating them; a
/// review that moves (after a publish) becomes a new event and the old one leaves the feed. Text is
/// escaped (backslash, semicolon, comma, line breaks), control characters dropped, lines folded at
/// 75 octets without splitting a UTF-8 sequence, and every line ends in CRLF.
public enum ReviewCalendar {
    /// The calendar of `entries`, stamped `now`.
    public static func ics(_ entries: [PortfolioEntry], title: String, now: Date, link: ((PortfolioEntry) -> String)? = nil) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ICP Ledger//Review schedule//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + text(title),
        ]
        let stamp = timestamp(now)
        for entry in entries {
            guard let due = entry.dueOn else { continue }
            let owner = entry.ownerName ?? entry.owner.rawValue
            var description = "Owner: \(owner)\nWorkspace: \(entry.workspaceName)\nStatus: \(entry.status.label)"
            if let days = entry.daysLeft {
                description += days < 0 ? " (\(-days) days overdue)" : " (\(days) days left)"
            }
            if entry.owedReviews > 0 { description += "\nAfter-the-fact reviews owed: \(entry.owedReviews)" }
            lines += [
                "BEGIN:VEVENT",
                "UID:review-\(entry.icp)-\(compact(due))@icpledger",
                "DTSTAMP:" + stamp,
                "DTSTART;VALUE=DATE:" + compact(due),
                "DTEND;VALUE=DATE:" + compact(due.adding(days: 1)),
                "SUMMARY:" + text((entry.status == .overdue ? "Overdue: " : "") + "ICP review due: \(entry.name)"),
                "DESCRIPTION:" + text(description),
                "TRANSP:TRANSPARENT",
            ]
            if let url = link?(entry) { lines.append("URL:" + url.filter { !$0.isWhitespace && !$0.isNewline }) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `YYYYMMDD`.
    static func compact(_ day: CalendarDay) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, time) = (seconds.quotientAndRemainder(dividingBy: 86_400))
        let (day, second) = time < 0 ? (days - 1, time + 86_400) : (days, time)
        let civil = CivilDate.date(daysSinceEpoch: day)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return CivilDate.isoText(year: civil.year, month: civil.month, day: civil.day).replacingOccurrences(of: "-", with: "") + "T"
            + two(second / 3_600) + two(second / 60 % 60) + two(second % 60) + "Z"
    }

    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`, other control characters dropped.
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line into lines of at most 75 octets; continuation lines start with a space.
    static func fold(_ line: String) -> String {
        // By Unicode scalar, never inside one's UTF-8 bytes (a character may hold any number of
        // scalars, so folding by character could not keep the limit).
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            let limit = parts.isEmpty ? 75 : 74  // a continuation line's leading space counts
            if octets + size > limit {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                octets = 0
            }
            current.append(scalar)
            octets += size
        }
        parts.append(String(current))
        return parts.joined(separator: "\r\n ")
    }
}
