/// Dates of the proleptic Gregorian calendar as days since 1970-01-01, and their ISO 8601 text
/// `YYYY-MM-DD`: what calendar days, PostgreSQL timestamps and COPY text need, without `Calendar`.
///
/// The arithmetic is Howard Hinnant's days-from-civil and civil-from-days, exact for every
/// year a 64-bit `Int` can hold.
public enum CivilDate {
    /// Days from 1970-01-01 to the given date (negative before it). `month` is 1…12; `day` may
    /// run past the month's end, counting on into the next.
    @inlinable
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The year, month (1…12) and day (1…31) that fall `days` days after 1970-01-01.
    @inlinable
    public static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Writes `YYYY-MM-DD` into the 10 bytes at `buffer[index...]`. The year must be in 0…9999
    /// (see ``isoText(year:month:day:)`` for any other), month and day in 0…99.
    @inlinable @inline(__always)
    public static func writeISO(year: Int, month: Int, day: Int, to buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) {
        ASCIIDecimal.write(year, width: 4, to: buffer, at: index)
        buffer[index + 4] = UInt8(ascii: "-")
        ASCIIDecimal.write(month, width: 2, to: buffer, at: index + 5)
        buffer[index + 7] = UInt8(ascii: "-")
        ASCIIDecimal.write(day, width: 2, to: buffer, at: index + 8)
    }

    /// `YYYY-MM-DD` for any year: written byte by byte for years 0…9999, otherwise each part is
    /// zero-padded decimal text (a year of 10000 is `10000-01-01`). Month and day must be in 0…99,
    /// as every date's are.
    @inlinable
    public static func isoText(year: Int, month: Int, day: Int) -> String {
        guard (0...9999).contains(year) else {
            return ASCIIDecimal.padded(year, width: 4) + "-" + ASCIIDecimal.padded(month, width: 2) + "-"
                + ASCIIDecimal.padded(day, width: 2)
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            writeISO(year: year, month: month, day: day, to: buffer, at: 0)
            return 10
        }
    }

    /// Year, month and day from the 10 bytes `DDDD-DD-DD` (ASCII digits) at `bytes[index...]`, which
    /// may go on after them; nil when they are not that shape. The values are not range-checked.
    @inlinable @inline(__always)
    public static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0) -> (year: Int, month: Int, day: Int)? {
        guard index >= 0, index + 10 <= bytes.count,
            bytes[index + 4] == UInt8(ascii: "-"), bytes[index + 7] == UInt8(ascii: "-"),
            let year = ASCIIDecimal.read(bytes, at: index, width: 4),
            let month = ASCIIDecimal.read(bytes, at: index + 5, width: 2),
            let day = ASCIIDecimal.read(bytes, at: index + 8, width: 2)
        else { return nil }
        return (year, month, day)
    }
}
