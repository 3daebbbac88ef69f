public import Foundation
public import ICPDomain

/// The quarter a report covers, as a person names it: `FY2026-Q3` (the fiscal year is named by the
/// calendar year in which it ends, as everywhere in icpledger), `current` or `previous`.
public enum ReportQuarter {
    /// The fiscal quarter `text` names in `calendar`, `now` deciding `current` and `previous`.
    public static func parse(_ text: String, calendar: FiscalCalendar, now: Date) throws(BoardReportError) -> FiscalQuarter {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let current = calendar.fiscalQuarter(of: now)
        switch trimmed {
        case "current": return current
        case "previous": return calendar.fiscalQuarter(of: current.firstDay.adding(days: -1))
        default: break
        }
        // fy2026-q3 (a space or nothing may stand for the dash).
        let bytes = Array(trimmed.utf8)
        guard bytes.count >= 7, bytes.count <= 10, bytes.starts(with: Array("fy".utf8)), let q = bytes.lastIndex(of: UInt8(ascii: "q")),
            q + 2 == bytes.count, let quarter = Int(String(decoding: bytes[(q + 1)...], as: UTF8.self)), (1...4).contains(quarter)
        else { throw .badQuarter(String(text.prefix(40))) }
        var yearEnd = q
        if bytes[yearEnd - 1] == UInt8(ascii: "-") || bytes[yearEnd - 1] == UInt8(ascii: " ") { yearEnd -= 1 }
        let yearBytes = bytes[2..<yearEnd]
        guard yearBytes.count == 4, yearBytes.allSatisfy({ $0 >= 48 && $0 <= 57 }), let year = Int(String(decoding: yearBytes, as: UTF8.self)),
            (1001...9998).contains(year)
        else { throw .badQuarter(String(text.prefix(40))) }
        let startMonth = calendar.fiscalYearStartMonth
        guard let yearStart = CalendarDay(year: startMonth == 1 ? year : year - 1, month: startMonth, day: 1) else {
            throw .badQuarter(String(text.prefix(40)))
        }
        return calendar.fiscalQuarter(of: yearStart.adding(months: (quarter - 1) * 3))
    }
}
