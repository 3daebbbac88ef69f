import ByteText
public import Foundation

/// Conversions between `Date` and PostgreSQL's ISO timestamp text, in microseconds.
///
/// Times cross the wire as integer microseconds since the Unix epoch, so a value
/// written and read back is bit-for-bit the same.
public enum PostgresTimestamp {
    /// Microseconds since 1970-01-01 00:00:00 UTC, rounded to the nearest microsecond.
    public static func microseconds(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The date for a number of microseconds since the epoch.
    public static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, the ISO text PostgreSQL accepts for timestamptz.
    public static func format(microseconds: Int64) -> String {
        let (seconds, fraction) = floorDivide(microseconds, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = CivilDate.date(daysSinceEpoch: Int(days))
        let hour = Int(secondOfDay / 3600), minute = Int((secondOfDay % 3600) / 60), second = Int(secondOfDay % 60)
        guard (0...9999).contains(year) else {
            let time = [hour, minute, second].map { ASCIIDecimal.padded($0, width: 2) }.joined(separator: ":")
            return "\(CivilDate.isoText(year: year, month: month, day: day)) \(time).\(ASCIIDecimal.padded(Int(fraction), width: 6))+00"
        }
        // Written digit by digit: rows carry several timestamps each, and a rebuild writes hundreds of thousands.
        return String(unsafeUninitializedCapacity: 29) { buffer in
            CivilDate.writeISO(year: year, month: month, day: day, to: buffer, at: 0)
            buffer[10] = UInt8(ascii: " ")
            ASCIIDecimal.write(hour, width: 2, to: buffer, at: 11)
            buffer[13] = UInt8(ascii: ":")
            ASCIIDecimal.write(minute, width: 2, to: buffer, at: 14)
            buffer[16] = UInt8(ascii: ":")
            ASCIIDecimal.write(second, width: 2, to: buffer, at: 17)
            buffer[19] = UInt8(ascii: ".")
            ASCIIDecimal.write(Int(fraction), width: 6, to: buffer, at: 20)
            (buffer[26], buffer[27], buffer[28]) = (UInt8(ascii: "+"), UInt8(ascii: "0"), UInt8(ascii: "0"))
            return 29
        }
    }

    /// Parses PostgreSQL's ISO output (`2026-03-31 12:00:00.5+02`, `…-04:30`, no fraction, no offset = UTC).
    public static func parseMicroseconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 10
        func number(_ digits: Int) -> Int64? {
            guard let value = ASCIIDecimal.read(text, at: index, width: digits) else { return nil }
            index += digits
            return Int64(value)
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < text.count, text[index] == byte else { return false }
            index += 1
            return true
        }
        guard let (year, month, day) = CivilDate.parseISO(text),
            expect(32) || expect(84), let hour = number(2), expect(58), let minute = number(2), expect(58),
            let second = number(2)
        else { return nil }
        var micros: Int64 = 0
        if expect(46) {
            var scale: Int64 = 100_000
            while index < text.count, text[index] >= 48, text[index] <= 57 {
                micros += Int64(text[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds: Int64 = 0
        if index < text.count {
            let sign: Int64
            switch text[index] {
            case 43: sign = 1
            case 45: sign = -1
            case 90: sign = 0
            default: return nil
            }
            index += 1
            if sign != 0 {
                guard let offsetHours = number(2) else { return nil }
                var offsetMinutes: Int64 = 0, offsetSecs: Int64 = 0
                if expect(58) {
                    guard let m = number(2) else { return nil }
                    offsetMinutes = m
                }
                if expect(58) {
                    guard let s = number(2) else { return nil }
                    offsetSecs = s
                }
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60 + offsetSecs)
            }
        }
        guard index == text.count else { return nil }
        let days = Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return seconds * 1_000_000 + micros
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a >= 0 ? a / b : (a - b + 1) / b
        return (q, a - q * b)
    }
}
