/// A calendar quarter: Q1 = January–March of `year`.
public struct CalendarQuarter: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The calendar year.
    public var year: Int
    /// 1…4.
    public var quarter: Int

    /// Creates a calendar quarter.
    public init(year: Int, quarter: Int) {
        self.year = year
        self.quarter = quarter
    }

    /// The quarter containing `day`.
    public init(containing day: CalendarDay) {
        self.init(year: day.year, quarter: (day.month - 1) / 3 + 1)
    }

    /// First day of the quarter.
    public var firstDay: CalendarDay { CalendarDay(unchecked: year, (quarter - 1) * 3 + 1, 1) }
    /// Last day of the quarter.
    public var lastDay: CalendarDay { firstDay.adding(months: 3).adding(days: -1) }

    public var description: String { "Q\(quarter) \(year)" }

    public static func < (lhs: CalendarQuarter, rhs: CalendarQuarter) -> Bool { (lhs.year, lhs.quarter) < (rhs.year, rhs.quarter) }
}
