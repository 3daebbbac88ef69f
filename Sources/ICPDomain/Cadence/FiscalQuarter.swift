/// A fiscal quarter. The fiscal year is named by the calendar year in which it ends:
/// with a February start, FY2025 runs 2024-02-01 … 2025-01-31.
public struct FiscalQuarter: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The fiscal year (named by the calendar year it ends in).
    public var fiscalYear: Int
    /// 1…4.
    public var quarter: Int
    /// First day of the quarter.
    public var firstDay: CalendarDay
    /// Last day of the quarter.
    public var lastDay: CalendarDay

    /// Creates a fiscal quarter.
    public init(fiscalYear: Int, quarter: Int, firstDay: CalendarDay, lastDay: CalendarDay) {
        self.fiscalYear = fiscalYear
        self.quarter = quarter
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    public var description: String { "FY\(fiscalYear) Q\(quarter)" }

    public static func < (lhs: FiscalQuarter, rhs: FiscalQuarter) -> Bool { lhs.firstDay < rhs.firstDay }
}
