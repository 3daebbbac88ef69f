/// What PostgreSQL and the read models can hold: the outer bounds beneath ``InputLimits``.
///
/// The domain refuses values outside these when deciding, and the projections check every stored
/// event against them before applying it, so an event written before a limit existed halts only
/// its own workspace's read models instead of failing on a database error.
public enum StorageLimits {
    /// Days are written `YYYY-MM-DD` into `date` columns: four-digit years from 1 (PostgreSQL has no year 0).
    public static let days: ClosedRange<CalendarDay> =
        CalendarDay(unchecked: 1, 1, 1)...CalendarDay(unchecked: 9999, 12, 31)

    /// Instants (microseconds since 1970) that `timestamptz` columns hold and `YYYY` formatting writes: years 1…9999.
    public static let instants: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    /// Revision numbers, months and counts land in `integer` columns.
    public static let integers: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)

    /// Whether a day can be stored.
    public static func canStore(_ day: CalendarDay) -> Bool { days.contains(day) }

    /// Whether an integer fits an `integer` column.
    public static func canStore(_ value: Int) -> Bool { integers.contains(value) }

    /// Whether a number can be stored in JSON and `double precision`: finite.
    public static func canStore(_ value: Double) -> Bool { value.isFinite }
}
