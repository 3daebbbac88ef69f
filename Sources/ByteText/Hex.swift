/// Hexadecimal digits, lowercase when written and either case when read: the spelling of hashes,
/// bytea values and UUIDs, and the digits of JSON's `\uXXXX` escapes.
public enum Hex {
    /// The lowercase digit (`0`–`9`, `a`–`f`) for a value 0…15.
    @inlinable @inline(__always)
    public static func digit(_ nibble: UInt8) -> UInt8 {
        nibble &+ (nibble < 10 ? 48 : 87)
    }

    /// The value 0…15 of a hex digit of either case, or a byte with its high bit set (0x80 or
    /// more) when `byte` is not a hex digit, so a loop can OR the results and test once.
    @inlinable @inline(__always)
    public static func value(of byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x39: byte &- 0x30
        case 0x41...0x46: byte &- 0x37
        case 0x61...0x66: byte &- 0x57
        default: 0xFF
        }
    }

    /// Appends two lowercase digits per byte.
    @inlinable
    public static func append(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0F))
        }
    }

    /// The lowercase hex text of the bytes, two digits per byte.
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``decode(_:)`` for text in contiguous memory, without a generic walk.
    public static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var valid = true
        let out = [UInt8](unsafeUninitializedCapacity: text.count / 2) { out, initialized in
            valid = decode(text, into: UnsafeMutableRawBufferPointer(out))
            initialized = valid ? text.count / 2 : 0
        }
        return valid ? out : nil
    }

    /// Writes the bytes spelled by hex text of either case to `out`, which holds exactly half as
    /// many bytes as `text`; false (with `out` undefined) when the lengths do not fit or a byte is
    /// not a hex digit. No branch per digit: every digit is read, then validity tested once.
    public static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) -> Bool {
        guard text.count == out.count * 2 else { return false }
        var invalid: UInt8 = 0
        for index in 0..<out.count {
            let high = value(of: text[2 * index]), low = value(of: text[2 * index + 1])
            invalid |= high | low
            out[index] = high << 4 | low
        }
        return invalid & 0x80 == 0
    }

    /// The bytes spelled by hex text of either case (no prefix, two digits per byte); nil when the
    /// text has an odd length or a byte that is not a hex digit.
    @inlinable
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        var high: UInt8? = nil
        for byte in text {
            let nibble = value(of: byte)
            guard nibble < 0x10 else { return nil }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out
    }

    /// The number spelled by the four hex digits at `index` (the `XXXX` of a JSON `\uXXXX`); nil
    /// when fewer than four bytes are left or one of them is not a hex digit.
    @inlinable @inline(__always)
    public static func fourDigits(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index >= 0, index + 4 <= bytes.count else { return nil }
        let a = value(of: bytes[index]), b = value(of: bytes[index + 1])
        let c = value(of: bytes[index + 2]), d = value(of: bytes[index + 3])
        guard (a | b | c | d) & 0x80 == 0 else { return nil }
        return UInt32(a) << 12 | UInt32(b) << 8 | UInt32(c) << 4 | UInt32(d)
    }
}
