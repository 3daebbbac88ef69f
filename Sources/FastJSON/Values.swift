import ByteText
internal import Foundation

/// Coding key used in reconstructed coding paths.
struct _JSONKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
    }

    static let `super` = _JSONKey(stringValue: "super")
}

// MARK: - Coding paths and errors (only computed when needed)

extension _State {
    /// The coding path of token `target`, rebuilt from the tape.
    func path(to target: Int) -> [any CodingKey] {
        if target >= realCount { return virtualPaths[target - realCount] }
        if target == 0 { return [] }
        if parents.isEmpty { buildParents() }
        var reversed: [any CodingKey] = []
        var cur = target
        while cur != 0 {
            let parent = Int(parents[cur])
            if toks[parent].kind == _Kind.array {
                reversed.append(_JSONKey(index: Int(positions[cur])))
            } else {
                // Object members: the key token precedes its value (positions[] is 1 for
                // values, 0 for keys; a key token gets its own text, for errors about keys).
                let keyToken = positions[cur] == 1 ? cur - 1 : cur
                reversed.append(_JSONKey(stringValue: lenientString(at: keyToken)))
            }
            cur = parent
        }
        return reversed.reversed()
    }

    private func buildParents() {
        var parents = [UInt32](repeating: 0, count: realCount)
        var positions = [UInt32](repeating: 0, count: realCount)
        for c in 0..<realCount {
            let t = toks[c]
            let end = Int(t.next)
            if t.kind == _Kind.array {
                var child = c + 1
                var index: UInt32 = 0
                while child < end {
                    parents[child] = UInt32(truncatingIfNeeded: c)
                    positions[child] = index
                    index += 1
                    child = Int(toks[child].next)
                }
            } else if t.kind == _Kind.object {
                var k = c + 1
                while k < end {
                    parents[k] = UInt32(truncatingIfNeeded: c)
                    parents[k + 1] = UInt32(truncatingIfNeeded: c)
                    positions[k + 1] = 1
                    k = Int(toks[k + 1].next)
                }
            }
        }
        self.parents = parents
        self.positions = positions
    }

    func path(to target: Int, appending key: any CodingKey) -> [any CodingKey] {
        var p = path(to: target)
        p.append(key)
        return p
    }

    /// A description of the JSON value at `i` for error messages, as Foundation words it.
    func describe(_ i: Int) -> String {
        switch toks[i].kind {
        case _Kind.null: return "null"
        case _Kind.true, _Kind.false: return "bool"
        case _Kind.number: return "number"
        case _Kind.string: return "a string"
        case _Kind.array: return "an array"
        default: return "a dictionary"
        }
    }

    /// `valueNotFound` for `null`, otherwise `typeMismatch`.
    @inline(never)
    func typeError(_ type: Any.Type, at i: Int) -> DecodingError {
        if toks[i].kind == _Kind.null {
            return DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: path(to: i),
                    debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return typeMismatch(type, at: i)
    }

    @inline(never)
    func typeMismatch(_ type: Any.Type, at i: Int) -> DecodingError {
        DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: path(to: i),
                debugDescription: "Expected to decode \(type) but found \(describe(i)) instead."))
    }

    @inline(never)
    func corrupted(_ message: String, at i: Int) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(to: i), debugDescription: message))
    }

    @inline(never)
    func numberError(_ type: Any.Type, at i: Int) -> DecodingError {
        let t = toks[i]
        let text = String(decoding: UnsafeBufferPointer(start: base + Int(t.start), count: Int(t.len)), as: UTF8.self)
        if _parseNumber(base + Int(t.start), Int(t.len)) == nil {
            return corrupted("Invalid JSON number <\(text)>.", at: i)
        }
        return corrupted("Parsed JSON number <\(text)> does not fit in \(type).", at: i)
    }
}

// MARK: - Scalars

extension _State {
    @inline(__always)
    func decodeNil(at i: Int) -> Bool {
        toks[i].kind == _Kind.null
    }

    @inline(__always)
    func decodeBool(at i: Int) throws -> Bool {
        let k = toks[i].kind
        if k == _Kind.true { return true }
        if k == _Kind.false { return false }
        // Foundation reports `typeMismatch` (not `valueNotFound`) for null here.
        throw typeMismatch(Bool.self, at: i)
    }

    @inline(__always)
    func decodeString(at i: Int) throws -> String {
        let t = toks[i]
        guard t.kind == _Kind.string else { throw typeError(String.self, at: i) }
        if t.flags == 0 {
            return String(decoding: UnsafeBufferPointer(start: base + Int(t.start), count: Int(t.len)), as: UTF8.self)
        }
        guard let s = _decodeStringSlow(base + Int(t.start), Int(t.len), flags: t.flags) else {
            throw corrupted("Invalid string contents (bad escape, lone surrogate, unescaped control character or invalid UTF-8).", at: i)
        }
        return s
    }

    /// Key text for paths and `allKeys` (keys are validated before they are used).
    func lenientString(at i: Int) -> String {
        let t = toks[i]
        if t.flags == 0 {
            return String(decoding: UnsafeBufferPointer(start: base + Int(t.start), count: Int(t.len)), as: UTF8.self)
        }
        return _decodeStringSlow(base + Int(t.start), Int(t.len), flags: t.flags)
            ?? String(decoding: UnsafeBufferPointer(start: base + Int(t.start), count: Int(t.len)), as: UTF8.self)
    }

    @inline(__always)
    func decodeInteger<T: FixedWidthInteger>(_: T.Type, at i: Int) throws -> T {
        let t = toks[i]
        if t.kind == _Kind.number && t.flags == 0 {
            let p = base + Int(t.start)
            let n = Int(t.len)
            // Fast path: plain integer of at most 18 digits.
            var j = 0
            let negative = p[0] == 0x2D
            if negative { j = 1 }
            let digits = n - j
            if digits >= 1 && digits <= 18 && (p[j] != 0x30 || digits == 1) {
                var m: Int64 = 0
                var ok = true
                while j < n {
                    let d = p[j] &- 0x30
                    if d >= 10 {
                        ok = false
                        break
                    }
                    m = m &* 10 &+ Int64(d)
                    j += 1
                }
                if ok, let v = T(exactly: negative ? -m : m) { return v }
            }
        }
        return try decodeIntegerSlow(T.self, at: i)
    }

    @inline(never)
    func decodeIntegerSlow<T: FixedWidthInteger>(_: T.Type, at i: Int) throws -> T {
        let t = toks[i]
        guard t.kind == _Kind.number else { throw typeError(T.self, at: i) }
        let p = base + Int(t.start)
        let n = Int(t.len)
        guard let num = _parseNumber(p, n) else { throw numberError(T.self, at: i) }
        if t.flags == 0, let v: T = _parseExactInteger(p, n) { return v }
        // Like Foundation: go through Double, which must be integral and in range; below 2^53
        // that Double is the value, above it the digits are converted (truncating) instead.
        let d = _parseDouble(p, n, num)
        guard let v = T(exactly: d) else { throw numberError(T.self, at: i) }
        if d.magnitude < 9_007_199_254_740_992.0 { return v }
        guard let w: T = _decimalStyleInteger(p, n) else { throw numberError(T.self, at: i) }
        return w
    }

    @inline(__always)
    func decodeDouble(at i: Int) throws -> Double {
        let t = toks[i]
        guard t.kind == _Kind.number else { throw typeError(Double.self, at: i) }
        let p = base + Int(t.start)
        let n = Int(t.len)
        guard let num = _parseNumber(p, n) else { throw numberError(Double.self, at: i) }
        let d = _parseDouble(p, n, num)
        // Reject overflow to infinity and underflow of non-zero input to zero, like Foundation.
        guard d.isFinite, d != 0 || _foundationIsTrueZero(p, n) else { throw numberError(Double.self, at: i) }
        return d
    }

    @inline(__always)
    func decodeFloat(at i: Int) throws -> Float {
        let t = toks[i]
        guard t.kind == _Kind.number else { throw typeError(Float.self, at: i) }
        let p = base + Int(t.start)
        let n = Int(t.len)
        guard let num = _parseNumber(p, n) else { throw numberError(Float.self, at: i) }
        let f = _fastFloat(num) ?? Float(_numberText(p, n)) ?? .nan
        guard f.isFinite, f != 0 || _foundationIsTrueZero(p, n) else { throw numberError(Float.self, at: i) }
        return f
    }
}

// MARK: - Special Foundation types and generic values

/// Returns `value` as `T` when the caller has checked that `U.self == T.self`.
@inline(__always)
func _identityCast<U, T>(_ value: U, to _: T.Type) -> T {
    withUnsafePointer(to: value) { UnsafeRawPointer($0).assumingMemoryBound(to: T.self).pointee }
}

extension _State {
    /// Decodes any `Decodable` at token `i`, special-casing the types Foundation's
    /// JSONDecoder special-cases (URL, Data, Decimal) plus fast paths for common types.
    func decodeValue<T: Decodable>(_: T.Type, at i: Int) throws -> T {
        if T.self == String.self { return _identityCast(try decodeString(at: i), to: T.self) }
        if T.self == Int.self { return _identityCast(try decodeInteger(Int.self, at: i), to: T.self) }
        if T.self == Double.self { return _identityCast(try decodeDouble(at: i), to: T.self) }
        if T.self == Bool.self { return _identityCast(try decodeBool(at: i), to: T.self) }
        if T.self == Int64.self { return _identityCast(try decodeInteger(Int64.self, at: i), to: T.self) }
        if T.self == UUID.self {
            if let u = fastUUID(at: i) { return _identityCast(u, to: T.self) }
        } else if T.self == URL.self {
            return _identityCast(try decodeURL(at: i), to: T.self)
        } else if T.self == Data.self {
            return _identityCast(try decodeData(at: i), to: T.self)
        } else if T.self == Decimal.self {
            return _identityCast(try decodeDecimal(at: i), to: T.self)
        } else {
            // Arrays and String-keyed dictionaries are decoded directly from the tape (exact
            // capacity, no container existentials). The descriptor check keeps the dynamic
            // protocol cast off the path of all other types.
            let descriptor = _structDescriptor(T.self)
            if descriptor != 0 {
                if descriptor == _arrayDescriptor, let a = T.self as? any _FastArrayDecodable.Type {
                    return try a._fastDecode(self, at: i, as: T.self)
                }
                if descriptor == _dictionaryDescriptor, let d = T.self as? any _FastStringDictionaryDecodable.Type {
                    return try d._fastDecode(self, at: i, as: T.self)
                }
            }
        }
        return try T(from: _Decoder(s: self, i: i))
    }

    func decodeURL(at i: Int) throws -> URL {
        guard toks[i].kind != _Kind.null else { throw typeError(URL.self, at: i) }
        let string = try decodeString(at: i)
        guard let url = URL(string: string) else { throw corrupted("Invalid URL string.", at: i) }
        return url
    }

    func decodeData(at i: Int) throws -> Data {
        let k = toks[i].kind
        guard k != _Kind.null else { throw typeError(Data.self, at: i) }
        guard k == _Kind.string else { throw typeMismatch(String.self, at: i) }
        let string = try decodeString(at: i)
        guard let data = Data(base64Encoded: string) else {
            throw corrupted("Encountered Data is not valid Base64.", at: i)
        }
        return data
    }

    func decodeDecimal(at i: Int) throws -> Decimal {
        let t = toks[i]
        guard t.kind == _Kind.number else {
            if t.kind == _Kind.null { throw typeError(Decimal.self, at: i) }
            throw DecodingError.typeMismatch(Decimal.self, DecodingError.Context(codingPath: path(to: i), debugDescription: ""))
        }
        let p = base + Int(t.start)
        let n = Int(t.len)
        guard _parseNumber(p, n) != nil, let d = Decimal(string: _numberText(p, n)) else {
            throw numberError(Decimal.self, at: i)
        }
        return d
    }

    /// Parses a canonical 8-4-4-4-12 hex UUID string; `nil` means "use UUID's own decoding".
    func fastUUID(at i: Int) -> UUID? {
        let t = toks[i]
        guard t.kind == _Kind.string, t.flags == 0, t.len == 36 else { return nil }
        return UUIDText.parse(UnsafeBufferPointer(start: base + Int(t.start), count: 36))
    }
}

// MARK: - Arrays and String-keyed dictionaries

/// Nominal type descriptor of a struct type's metadata (as a bit pattern), or 0 for other kinds.
///
/// This reads the runtime's metadata layout, which is part of Swift's stable ABI on Apple
/// platforms and Linux: a metadata record starts with its kind, and struct metadata keeps its
/// nominal type descriptor in the following word. It lets `decodeValue` recognise `Array` and
/// `Dictionary` without a dynamic cast for every value it decodes.
@inline(__always)
func _structDescriptor(_ type: Any.Type) -> UInt {
    let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
    // MetadataKind.Struct == 0x200; struct metadata stores its descriptor in the next word.
    guard metadata.load(as: UInt.self) == 0x200 else { return 0 }
    return metadata.load(fromByteOffset: MemoryLayout<UInt>.size, as: UInt.self)
}

let _arrayDescriptor: UInt = _structDescriptor([Int].self)
let _dictionaryDescriptor: UInt = _structDescriptor([String: Int].self)

protocol _FastArrayDecodable {
    static func _fastDecode<R>(_ s: _State, at i: Int, as: R.Type) throws -> R
}

extension Array: _FastArrayDecodable where Element: Decodable {
    /// Same result and errors as `Array.init(from:)` through an unkeyed container.
    static func _fastDecode<R>(_ s: _State, at i: Int, as _: R.Type) throws -> R {
        let t = s.toks[i]
        guard t.kind == _Kind.array else { throw s.containerError(keyed: false, at: i) }
        var result: [Element] = []
        result.reserveCapacity(Int(t.len))
        var p = i + 1
        let end = Int(t.next)
        while p < end {
            result.append(try s.decodeValue(Element.self, at: p))
            p = Int(s.toks[p].next)
        }
        return _identityCast(result, to: R.self)
    }
}

protocol _FastStringDictionaryDecodable {
    static func _fastDecode<R>(_ s: _State, at i: Int, as: R.Type) throws -> R
}

extension Dictionary: _FastStringDictionaryDecodable where Key == String, Value: Decodable {
    /// Same result as Foundation's handling of `[String: V]`: all keys are decoded, and for
    /// duplicate keys only the first occurrence's value is decoded.
    static func _fastDecode<R>(_ s: _State, at i: Int, as _: R.Type) throws -> R {
        let t = s.toks[i]
        guard t.kind == _Kind.object else { throw s.containerError(keyed: true, at: i) }
        var result: [String: Value] = [:]
        result.reserveCapacity(Int(t.len))
        let unique = t.flags & _Flag.unsorted == 0
        var k = i + 1
        let end = Int(t.next)
        while k < end {
            let key = try s.decodeString(at: k)
            if unique || result.index(forKey: key) == nil {
                result[key] = try s.decodeValue(Value.self, at: k + 1)
            }
            k = Int(s.toks[k + 1].next)
        }
        return _identityCast(result, to: R.self)
    }
}
