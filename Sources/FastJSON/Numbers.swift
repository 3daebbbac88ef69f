import ByteText

/// A JSON number split into a decimal significand and exponent.
struct _Number {
    var negative: Bool
    /// The first (up to) 19 significant digits.
    var mantissa: UInt64
    /// Power of ten to apply to `mantissa`.
    var exponent: Int
    /// Number of significant digits seen (capped; only "zero or not" and "> 19" matter).
    var significantDigits: Int
    /// True if significant digits beyond the 19th were dropped.
    var truncated: Bool
}

/// Validates RFC 8259 number syntax and extracts its parts; `nil` if the syntax is invalid.
@inline(__always)
func _parseNumber(_ p: UnsafePointer<UInt8>, _ n: Int) -> _Number? {
    var j = 0
    var negative = false
    if j < n && p[j] == 0x2D {
        negative = true
        j += 1
    }
    guard j < n else { return nil }
    var mantissa: UInt64 = 0
    var sig = 0
    var exp = 0
    var truncated = false
    if p[j] == 0x30 {
        j += 1
        if j < n && p[j] &- 0x30 < 10 { return nil }
    } else {
        guard p[j] &- 0x30 < 10 else { return nil }
        while j < n {
            let d = p[j] &- 0x30
            if d >= 10 { break }
            if sig < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                sig += 1
            } else {
                truncated = true
                exp += 1
            }
            j += 1
        }
    }
    if j < n && p[j] == 0x2E {
        j += 1
        guard j < n && p[j] &- 0x30 < 10 else { return nil }
        while j < n {
            let d = p[j] &- 0x30
            if d >= 10 { break }
            if sig == 0 && d == 0 {
                exp -= 1  // leading zero of the fraction
            } else if sig < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                sig += 1
                exp -= 1
            } else {
                truncated = true
            }
            j += 1
        }
    }
    if j < n && p[j] | 0x20 == 0x65 {
        j += 1
        var expNegative = false
        if j < n && (p[j] == 0x2B || p[j] == 0x2D) {
            expNegative = p[j] == 0x2D
            j += 1
        }
        guard j < n && p[j] &- 0x30 < 10 else { return nil }
        var e = 0
        while j < n {
            let d = p[j] &- 0x30
            if d >= 10 { break }
            if e < 100_000_000 { e = e * 10 + Int(d) }
            j += 1
        }
        exp += expNegative ? -e : e
    }
    guard j == n else { return nil }
    return _Number(negative: negative, mantissa: mantissa, exponent: exp, significantDigits: sig, truncated: truncated)
}

let _powersOf10: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

let _powersOf10Float: [Float] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

/// Exact (hence correctly rounded) conversion when the significand and the power of ten are
/// both exactly representable (Clinger's fast path); `nil` otherwise.
@inline(__always)
func _fastDouble(_ num: _Number) -> Double? {
    if num.significantDigits == 0 { return num.negative ? -0.0 : 0.0 }
    guard !num.truncated, num.mantissa <= 1 << 53 else { return nil }
    var d = Double(num.mantissa)
    let e = num.exponent
    if e == 0 {
    } else if e > 0 && e <= 22 {
        d *= _powersOf10.withUnsafeBufferPointer { $0[e] }
    } else if e < 0 && e >= -22 {
        d /= _powersOf10.withUnsafeBufferPointer { $0[-e] }
    } else {
        return nil
    }
    return num.negative ? -d : d
}

@inline(__always)
func _fastFloat(_ num: _Number) -> Float? {
    if num.significantDigits == 0 { return num.negative ? -0.0 : 0.0 }
    guard !num.truncated, num.mantissa <= 1 << 24 else { return nil }
    var f = Float(num.mantissa)
    let e = num.exponent
    if e == 0 {
    } else if e > 0 && e <= 10 {
        f *= _powersOf10Float.withUnsafeBufferPointer { $0[e] }
    } else if e < 0 && e >= -10 {
        f /= _powersOf10Float.withUnsafeBufferPointer { $0[-e] }
    } else {
        return nil
    }
    return num.negative ? -f : f
}

/// Foundation's test that a number which parsed to zero really is zero (rather than an
/// underflow): it scans 4-byte blocks front to back, answering at the first non-zero digit
/// (not zero) or exponent marker (zero), but scans the last 1–3 bytes back to front, so e.g.
/// `0e5` counts as an underflow. Reproduced exactly for compatibility.
func _foundationIsTrueZero(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    @inline(__always) func check(_ i: Int) -> Bool? {
        let b = p[i]
        if b >= 0x31 && b <= 0x39 { return false }
        if b == 0x65 || b == 0x45 { return true }
        return nil
    }
    var i = 0
    while n - i >= 4 {
        for k in i..<i + 4 { if let r = check(k) { return r } }
        i += 4
    }
    var k = n - 1
    while k >= i {
        if let r = check(k) { return r }
        k -= 1
    }
    return true
}

func _numberText(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
}

/// Correctly rounded Double for a syntactically valid JSON number (may be ±inf or ±0).
func _parseDouble(_ p: UnsafePointer<UInt8>, _ n: Int, _ num: _Number) -> Double {
    if let d = _fastDouble(num) { return d }
    return Double(_numberText(p, n)) ?? .nan
}

/// Exact parse of a plain (no fraction/exponent) integer into `T`; `nil` if it does not fit.
func _parseExactInteger<T: FixedWidthInteger>(_ p: UnsafePointer<UInt8>, _ n: Int) -> T? {
    var j = 0
    let negative = p[0] == 0x2D
    if negative { j = 1 }
    var m: T.Magnitude = 0
    while j < n {
        let (a, o1) = m.multipliedReportingOverflow(by: 10)
        let (b, o2) = a.addingReportingOverflow(T.Magnitude(p[j] &- 0x30))
        if o1 || o2 { return nil }
        m = b
        j += 1
    }
    if negative {
        if m == 0 { return 0 }
        guard T.isSigned else { return nil }
        if m == T.Magnitude(truncatingIfNeeded: T.min) { return T.min }
        guard let v = T(exactly: m) else { return nil }
        return 0 - v
    }
    return T(exactly: m)
}

/// Integer conversion used by Foundation's JSONDecoder for numbers at or above 2^53 that are
/// not plain integers: the number is read as a `Decimal` (significand of at most 128 bits,
/// trailing zeros removed) and converted through a UInt64 significand, truncating any
/// fractional digits.
func _decimalStyleInteger<T: FixedWidthInteger>(_ p: UnsafePointer<UInt8>, _ n: Int) -> T? {
    var j = 0
    let negative = p[0] == 0x2D
    if negative { j = 1 }
    var mantissa: UInt128 = 0
    var exponent = 0
    var inFraction = false
    var full = false
    while j < n {
        let c = p[j]
        if c == 0x2E {
            inFraction = true
            j += 1
            continue
        }
        if c | 0x20 == 0x65 { break }
        let d = UInt128(c &- 0x30)
        if !full {
            let (a, o1) = mantissa.multipliedReportingOverflow(by: 10)
            let (b, o2) = a.addingReportingOverflow(d)
            if o1 || o2 {
                full = true
            } else {
                mantissa = b
                if inFraction { exponent -= 1 }
                j += 1
                continue
            }
        }
        if !inFraction { exponent += 1 }
        j += 1
    }
    if j < n {
        j += 1
        var expNegative = false
        if p[j] == 0x2B || p[j] == 0x2D {
            expNegative = p[j] == 0x2D
            j += 1
        }
        var e = 0
        while j < n {
            if e < 100_000_000 { e = e * 10 + Int(p[j] &- 0x30) }
            j += 1
        }
        exponent += expNegative ? -e : e
    }
    if mantissa == 0 { return 0 }
    while mantissa % 10 == 0 {
        mantissa /= 10
        exponent += 1
    }
    guard mantissa <= UInt128(UInt64.max) else { return nil }
    var d = UInt64(mantissa)
    if exponent < 0 {
        for _ in 0..<min(-exponent, 40) { d /= 10 }
    } else {
        for _ in 0..<exponent {
            let (r, o) = d.multipliedReportingOverflow(by: 10)
            if o { return nil }
            d = r
        }
    }
    if negative {
        guard T.isSigned, let v = T(exactly: d) else { return nil }
        return 0 - v
    }
    return T(exactly: d)
}

// MARK: - Strings

/// Decodes string contents that contain escapes, control characters or non-ASCII bytes.
/// Returns `nil` for an invalid escape, a lone surrogate, an unescaped control character or
/// invalid UTF-8.
func _decodeStringSlow(_ p: UnsafePointer<UInt8>, _ n: Int, flags: UInt8) -> String? {
    if flags & _Flag.control != 0 { return nil }
    if flags & _Flag.escape == 0 {
        guard UTF8Bytes.isValid(p, count: n) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    return JSONString.unescape(UnsafeBufferPointer(start: p, count: n), checkUTF8: flags & _Flag.nonASCII != 0)
}
