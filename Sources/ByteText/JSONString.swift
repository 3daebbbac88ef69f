import Foundation

/// JSON string literals (RFC 8259) at the byte level: writing one with the minimal escapes, and
/// reading the contents of one back.
///
/// The writer's output is part of what the event store hashes and of the read models' JSON
/// columns, so it must never change: `"`, `\`, line feed, carriage return and tab get their short
/// escapes, every other byte below 0x20 becomes `\u00xx` (lowercase), and everything else,
/// including `/`, DEL and all non-ASCII text, is copied as it is.
public enum JSONString {
    /// Appends `text` as a quoted JSON string with the minimal escapes.
    @inlinable
    public static func append(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 bytes escaped for the inside of a JSON string (no quotes around them).
    /// Runs that need no escape are copied whole. `doublingBackslashes` writes every backslash of
    /// the result twice, for JSON kept inside a text format that escapes backslashes itself.
    @inlinable
    public static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, doublingBackslashes: Bool = false, to out: inout [UInt8]) {
        var clean = 0  // start of the run not yet copied
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
            clean = index + 1
            out.append(UInt8(ascii: "\\"))
            if doublingBackslashes { out.append(UInt8(ascii: "\\")) }
            switch byte {
            case UInt8(ascii: "\""): out.append(byte)
            case UInt8(ascii: "\\"):
                out.append(byte)
                if doublingBackslashes { out.append(byte) }
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
            default:
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(Hex.digit(byte >> 4))
                out.append(Hex.digit(byte & 0x0F))
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
    }

    /// The text of a JSON string's contents (the bytes between its quotes) with every escape
    /// resolved: the short escapes, `\uXXXX` in either case, and surrogate pairs written as two
    /// escapes. Nil for an unknown or cut-off escape, a lone surrogate, or, when `checkUTF8` is
    /// true, bytes that are not well-formed UTF-8 (pass false only when the contents are known to
    /// be ASCII). Unescaped control characters are not looked for: a caller that must refuse them
    /// checks first.
    @inlinable
    public static func unescape(_ contents: UnsafeBufferPointer<UInt8>, checkUTF8: Bool = true) -> String? {
        guard contents.count > 0 else { return "" }
        var failed = false
        // Unescaping only shortens: a `\uXXXX` (6 bytes) is at most 3 bytes of UTF-8, a pair (12) 4.
        let result = String(unsafeUninitializedCapacity: contents.count) { out -> Int in
            guard let count = unescape(contents, into: out), !checkUTF8 || UTF8Bytes.isValid(UnsafePointer(out.baseAddress!), count: count)
            else {
                failed = true
                return 0
            }
            return count
        }
        return failed ? nil : result
    }

    /// ``unescape(_:checkUTF8:)`` to bytes: writes the unescaped contents to `out` (which holds at
    /// least `contents.count` bytes, as unescaping only shortens) and returns how many it wrote;
    /// nil for an unknown or cut-off escape or a lone surrogate. Unescaped bytes are copied as they
    /// are, UTF-8 or not: for a caller that needs the exact bytes, such as a hash's input.
    public static func unescape(_ contents: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard let p = contents.baseAddress else { return 0 }
        let n = contents.count
        precondition(out.count >= n, "JSONString.unescape: the output is shorter than the contents")
        let target = out.baseAddress!
        var i = 0
        var o = 0
        while i < n {
            // Copy the run up to the next backslash in one go.
            guard let found = memchr(p + i, 0x5C, n - i) else {
                (target + o).update(from: p + i, count: n - i)
                return o + n - i
            }
            let run = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - (p + i)
            (target + o).update(from: p + i, count: run)
            o += run
            i += run
            guard i + 1 < n else { return nil }
            let e = p[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: target[o] = e
            case 0x62: target[o] = 0x08
            case 0x66: target[o] = 0x0C
            case 0x6E: target[o] = 0x0A
            case 0x72: target[o] = 0x0D
            case 0x74: target[o] = 0x09
            case 0x75:
                guard var scalar = Hex.fourDigits(in: contents, at: i) else { return nil }
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 6 <= n, p[i] == 0x5C, p[i + 1] == 0x75,
                        let low = Hex.fourDigits(in: contents, at: i + 2), low >= 0xDC00 && low < 0xE000
                    else { return nil }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    return nil
                }
                o += UTF8Bytes.write(scalar, to: out, at: o)
                continue
            default:
                return nil
            }
            o += 1
        }
        return o
    }
}
