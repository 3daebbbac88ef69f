/// UTF-8 at the byte level: strict validation and encoding one scalar.
public enum UTF8Bytes {
    /// Whether the bytes are well-formed UTF-8: no overlong forms, no surrogates, nothing above
    /// U+10FFFF (the rules `String(validating:as:)` applies).
    @inlinable
    public static func isValid(_ p: UnsafePointer<UInt8>, count n: Int) -> Bool {
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
            if b >= 0xC2 && b <= 0xDF {
                guard cont(1) else { return false }
                i += 2
            } else if b >= 0xE0 && b <= 0xEF {
                guard cont(1), cont(2) else { return false }
                let b1 = p[i + 1]
                if b == 0xE0 && b1 < 0xA0 { return false }  // overlong
                if b == 0xED && b1 >= 0xA0 { return false }  // surrogate
                i += 3
            } else if b >= 0xF0 && b <= 0xF4 {
                guard cont(1), cont(2), cont(3) else { return false }
                let b1 = p[i + 1]
                if b == 0xF0 && b1 < 0x90 { return false }  // overlong
                if b == 0xF4 && b1 >= 0x90 { return false }  // > U+10FFFF
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    /// Writes the UTF-8 encoding of the scalar value `s` (at most U+10FFFF, not a surrogate) at
    /// `out[o...]` and returns the number of bytes written, 1 to 4. The buffer must have room.
    @inlinable @inline(__always)
    public static func write(_ s: UInt32, to out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        if s < 0x80 {
            out[o] = UInt8(s)
            return 1
        } else if s < 0x800 {
            out[o] = UInt8(0xC0 | (s >> 6))
            out[o + 1] = UInt8(0x80 | (s & 0x3F))
            return 2
        } else if s < 0x10000 {
            out[o] = UInt8(0xE0 | (s >> 12))
            out[o + 1] = UInt8(0x80 | ((s >> 6) & 0x3F))
            out[o + 2] = UInt8(0x80 | (s & 0x3F))
            return 3
        } else {
            out[o] = UInt8(0xF0 | (s >> 18))
            out[o + 1] = UInt8(0x80 | ((s >> 12) & 0x3F))
            out[o + 2] = UInt8(0x80 | ((s >> 6) & 0x3F))
            out[o + 3] = UInt8(0x80 | (s & 0x3F))
            return 4
        }
    }
}
