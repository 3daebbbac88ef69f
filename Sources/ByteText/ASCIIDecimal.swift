/// Fixed-width decimal numbers in ASCII digits, as dates and times spell them (`0042`, `07`).
public enum ASCIIDecimal {
    /// Writes the last `width` decimal digits of `value` (which must not be negative), zero-padded,
    /// into `buffer[index..<index + width]`.
    @inlinable @inline(__always)
    public static func write(_ value: Int, width: Int, to buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) {
        var value = value
        var position = index + width - 1
        while position >= index {
            buffer[position] = UInt8(truncatingIfNeeded: 48 + value % 10)
            value /= 10
            position -= 1
        }
    }

    /// The number spelled by exactly `width` ASCII digits at `bytes[index...]`; nil when fewer bytes
    /// are left or one of them is not a digit. (No sign; `width` up to 18.)
    @inlinable @inline(__always)
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, width: Int) -> Int? {
        guard index >= 0, index + width <= bytes.count else { return nil }
        var value = 0
        for position in index..<index + width {
            let digit = Int(bytes[position]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value &* 10 &+ digit
        }
        return value
    }

    /// `String(value)` with zeros in front up to `width` characters (nothing is cut, and a minus
    /// sign counts as a character: -5 at width 4 is `00-5`). For values outside a fast path's range.
    public static func padded(_ value: Int, width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
