// MARK: - Object lookup

extension _State {
    /// Index of the value token for `key` in object `o`, or -1. The first occurrence wins.
    @inline(__always)
    func find(_ key: String, in o: Int) -> Int {
        var key = key
        let r = key.withUTF8 { find(UnsafeRawBufferPointer($0), in: o) }
        return r != -2 ? r : findByString(key, in: o)
    }

    /// Byte-wise lookup; returns -2 when the lookup must compare Strings instead (keys with
    /// escapes or non-ASCII bytes, which Foundation matches by String equality) or use a
    /// per-object index (large objects that may contain duplicate keys).
    func find(_ key: UnsafeRawBufferPointer, in o: Int) -> Int {
        let t = toks[o]
        if t.len == 0 { return -1 }
        let keyLen = key.count
        let keyBase = key.baseAddress
        let first = o + 1
        let end = Int(t.next)
        let toks = self.toks
        let base = UnsafePointer(self.base)

        @inline(__always) func matches(_ k: Int) -> Bool {
            let kt = toks[k]
            return Int(kt.len) == keyLen && _bytesEqual(base + Int(kt.start), keyBase, keyLen)
        }

        if t.flags & _Flag.unsorted == 0 {
            // Keys are unique ASCII: start where the previous lookup ended and wrap around.
            let start = t.start == 0 ? first : o + Int(t.start)
            var k = start
            while true {
                if matches(k) {
                    let after = Int(toks[k + 1].next)
                    toks[o].start = after < end ? UInt32(truncatingIfNeeded: after - o) : 0
                    return k + 1
                }
                k = Int(toks[k + 1].next)
                if k >= end { k = first }
                if k == start { break }
            }
        } else {
            if t.len > 16 || t.flags & _Flag.keysNeedCheck != 0 { return -2 }
            var k = first
            while k < end {
                if matches(k) { return k + 1 }
                k = Int(toks[k + 1].next)
            }
        }
        // Not found byte-wise; a non-ASCII key could still equal a JSON key as a String.
        return key.contains(where: { $0 >= 0x80 }) ? -2 : -1
    }

    @inline(never)
    func findByString(_ key: String, in o: Int) -> Int {
        let t = toks[o]
        let end = Int(t.next)
        if t.len > 16 {
            if let index = objectIndexes[o] { return index[key] ?? -1 }
            var index: [String: Int] = [:]
            index.reserveCapacity(Int(t.len))
            var k = o + 1
            while k < end {
                let s = lenientString(at: k)
                if index[s] == nil { index[s] = k + 1 }
                k = Int(toks[k + 1].next)
            }
            objectIndexes[o] = index
            return index[key] ?? -1
        }
        var k = o + 1
        while k < end {
            if lenientString(at: k) == key { return k + 1 }
            k = Int(toks[k + 1].next)
        }
        return -1
    }

    /// Validates all keys of object `o` (Foundation does this when creating a keyed container).
    @inline(never)
    func validateKeys(of o: Int) throws {
        let end = Int(toks[o].next)
        var k = o + 1
        while k < end {
            let kt = toks[k]
            if kt.flags != 0 && _decodeStringSlow(base + Int(kt.start), Int(kt.len), flags: kt.flags) == nil {
                throw corrupted("Invalid object key contents (bad escape, lone surrogate, unescaped control character or invalid UTF-8).", at: o)
            }
            k = Int(toks[k + 1].next)
        }
    }

    func allKeys<K: CodingKey>(of o: Int, as _: K.Type) -> [K] {
        let t = toks[o]
        let end = Int(t.next)
        var result: [K] = []
        result.reserveCapacity(Int(t.len))
        let mayHaveDuplicates = t.flags & _Flag.unsorted != 0
        var seen: [String] = []
        var seenSet: Set<String> = []
        let useSet = t.len > 16
        var k = o + 1
        while k < end {
            let s = lenientString(at: k)
            k = Int(toks[k + 1].next)
            if mayHaveDuplicates {
                if useSet {
                    if !seenSet.insert(s).inserted { continue }
                } else {
                    if seen.contains(s) { continue }
                    seen.append(s)
                }
            }
            if let key = K(stringValue: s) { result.append(key) }
        }
        return result
    }

    func keyedContainer<K: CodingKey>(_: K.Type, at i: Int) throws -> KeyedDecodingContainer<K> {
        let t = toks[i]
        guard t.kind == _Kind.object else { throw containerError(keyed: true, at: i) }
        if t.flags & _Flag.keysNeedCheck != 0 { try validateKeys(of: i) }
        return KeyedDecodingContainer(_KeyedContainer<K>(s: self, o: i))
    }

    func unkeyedContainer(at i: Int) throws -> any UnkeyedDecodingContainer {
        guard toks[i].kind == _Kind.array else { throw containerError(keyed: false, at: i) }
        return _UnkeyedContainer(s: self, a: UInt32(truncatingIfNeeded: i), p: UInt32(truncatingIfNeeded: i + 1), currentIndex: 0)
    }

    @inline(never)
    func containerError(keyed: Bool, at i: Int) -> DecodingError {
        let type: Any.Type = keyed ? [String: Any].self : [Any].self
        if toks[i].kind == _Kind.null {
            return DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: path(to: i),
                    debugDescription: "Cannot get \(keyed ? "keyed" : "unkeyed") decoding container -- found null value instead"))
        }
        return typeMismatch(type, at: i)
    }
}

@inline(__always)
func _bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafeRawPointer?, _ n: Int) -> Bool {
    guard let b else { return n == 0 }
    let a = UnsafeRawPointer(a)
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    if i + 4 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt32.self) != b.loadUnaligned(fromByteOffset: i, as: UInt32.self) { return false }
        i += 4
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}

// MARK: - Decoder / single value container

/// The `Decoder` handed to `init(from:)`: two words, so it fits an existential's inline buffer.
struct _Decoder: Decoder, SingleValueDecodingContainer {
    let s: _State
    let i: Int

    var codingPath: [any CodingKey] { s.path(to: i) }
    var userInfo: [CodingUserInfoKey: Any] { s.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try s.keyedContainer(Key.self, at: i)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try s.unkeyedContainer(at: i)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { s.decodeNil(at: i) }
    func decode(_: Bool.Type) throws -> Bool { try s.decodeBool(at: i) }
    func decode(_: String.Type) throws -> String { try s.decodeString(at: i) }
    func decode(_: Double.Type) throws -> Double { try s.decodeDouble(at: i) }
    func decode(_: Float.Type) throws -> Float { try s.decodeFloat(at: i) }
    func decode(_: Int.Type) throws -> Int { try s.decodeInteger(Int.self, at: i) }
    func decode(_: Int8.Type) throws -> Int8 { try s.decodeInteger(Int8.self, at: i) }
    func decode(_: Int16.Type) throws -> Int16 { try s.decodeInteger(Int16.self, at: i) }
    func decode(_: Int32.Type) throws -> Int32 { try s.decodeInteger(Int32.self, at: i) }
    func decode(_: Int64.Type) throws -> Int64 { try s.decodeInteger(Int64.self, at: i) }
    func decode(_: Int128.Type) throws -> Int128 { try s.decodeInteger(Int128.self, at: i) }
    func decode(_: UInt.Type) throws -> UInt { try s.decodeInteger(UInt.self, at: i) }
    func decode(_: UInt8.Type) throws -> UInt8 { try s.decodeInteger(UInt8.self, at: i) }
    func decode(_: UInt16.Type) throws -> UInt16 { try s.decodeInteger(UInt16.self, at: i) }
    func decode(_: UInt32.Type) throws -> UInt32 { try s.decodeInteger(UInt32.self, at: i) }
    func decode(_: UInt64.Type) throws -> UInt64 { try s.decodeInteger(UInt64.self, at: i) }
    func decode(_: UInt128.Type) throws -> UInt128 { try s.decodeInteger(UInt128.self, at: i) }
    func decode<T: Decodable>(_: T.Type) throws -> T { try s.decodeValue(T.self, at: i) }
}

// MARK: - Keyed container

struct _KeyedContainer<K: CodingKey>: KeyedDecodingContainerProtocol {
    typealias Key = K
    let s: _State
    let o: Int

    var codingPath: [any CodingKey] { s.path(to: o) }
    var allKeys: [K] { s.allKeys(of: o, as: K.self) }

    func contains(_ key: K) -> Bool { s.find(key.stringValue, in: o) >= 0 }

    @inline(__always)
    func value(_ key: K) throws -> Int {
        let v = s.find(key.stringValue, in: o)
        if v < 0 { throw keyNotFound(key) }
        return v
    }

    /// Value index for `decodeIfPresent`: -1 if the key is missing or the value is null.
    @inline(__always)
    func present(_ key: K) -> Int {
        let v = s.find(key.stringValue, in: o)
        if v < 0 || s.toks[v].kind == _Kind.null { return -1 }
        return v
    }

    @inline(never)
    func keyNotFound(_ key: K) -> DecodingError {
        DecodingError.keyNotFound(
            key,
            DecodingError.Context(
                codingPath: s.path(to: o),
                debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
    }

    func decodeNil(forKey key: K) throws -> Bool { s.decodeNil(at: try value(key)) }
    func decode(_: Bool.Type, forKey key: K) throws -> Bool { try s.decodeBool(at: value(key)) }
    func decode(_: String.Type, forKey key: K) throws -> String { try s.decodeString(at: value(key)) }
    func decode(_: Double.Type, forKey key: K) throws -> Double { try s.decodeDouble(at: value(key)) }
    func decode(_: Float.Type, forKey key: K) throws -> Float { try s.decodeFloat(at: value(key)) }
    func decode(_: Int.Type, forKey key: K) throws -> Int { try s.decodeInteger(Int.self, at: value(key)) }
    func decode(_: Int8.Type, forKey key: K) throws -> Int8 { try s.decodeInteger(Int8.self, at: value(key)) }
    func decode(_: Int16.Type, forKey key: K) throws -> Int16 { try s.decodeInteger(Int16.self, at: value(key)) }
    func decode(_: Int32.Type, forKey key: K) throws -> Int32 { try s.decodeInteger(Int32.self, at: value(key)) }
    func decode(_: Int64.Type, forKey key: K) throws -> Int64 { try s.decodeInteger(Int64.self, at: value(key)) }
    func decode(_: Int128.Type, forKey key: K) throws -> Int128 { try s.decodeInteger(Int128.self, at: value(key)) }
    func decode(_: UInt.Type, forKey key: K) throws -> UInt { try s.decodeInteger(UInt.self, at: value(key)) }
    func decode(_: UInt8.Type, forKey key: K) throws -> UInt8 { try s.decodeInteger(UInt8.self, at: value(key)) }
    func decode(_: UInt16.Type, forKey key: K) throws -> UInt16 { try s.decodeInteger(UInt16.self, at: value(key)) }
    func decode(_: UInt32.Type, forKey key: K) throws -> UInt32 { try s.decodeInteger(UInt32.self, at: value(key)) }
    func decode(_: UInt64.Type, forKey key: K) throws -> UInt64 { try s.decodeInteger(UInt64.self, at: value(key)) }
    func decode(_: UInt128.Type, forKey key: K) throws -> UInt128 { try s.decodeInteger(UInt128.self, at: value(key)) }
    func decode<T: Decodable>(_: T.Type, forKey key: K) throws -> T { try s.decodeValue(T.self, at: value(key)) }

    func decodeIfPresent(_: Bool.Type, forKey key: K) throws -> Bool? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeBool(at: v)
    }
    func decodeIfPresent(_: String.Type, forKey key: K) throws -> String? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeString(at: v)
    }
    func decodeIfPresent(_: Double.Type, forKey key: K) throws -> Double? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeDouble(at: v)
    }
    func decodeIfPresent(_: Float.Type, forKey key: K) throws -> Float? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeFloat(at: v)
    }
    func decodeIfPresent(_: Int.Type, forKey key: K) throws -> Int? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(Int.self, at: v)
    }
    func decodeIfPresent(_: Int8.Type, forKey key: K) throws -> Int8? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(Int8.self, at: v)
    }
    func decodeIfPresent(_: Int16.Type, forKey key: K) throws -> Int16? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(Int16.self, at: v)
    }
    func decodeIfPresent(_: Int32.Type, forKey key: K) throws -> Int32? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(Int32.self, at: v)
    }
    func decodeIfPresent(_: Int64.Type, forKey key: K) throws -> Int64? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(Int64.self, at: v)
    }
    func decodeIfPresent(_: Int128.Type, forKey key: K) throws -> Int128? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(Int128.self, at: v)
    }
    func decodeIfPresent(_: UInt.Type, forKey key: K) throws -> UInt? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(UInt.self, at: v)
    }
    func decodeIfPresent(_: UInt8.Type, forKey key: K) throws -> UInt8? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(UInt8.self, at: v)
    }
    func decodeIfPresent(_: UInt16.Type, forKey key: K) throws -> UInt16? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(UInt16.self, at: v)
    }
    func decodeIfPresent(_: UInt32.Type, forKey key: K) throws -> UInt32? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(UInt32.self, at: v)
    }
    func decodeIfPresent(_: UInt64.Type, forKey key: K) throws -> UInt64? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(UInt64.self, at: v)
    }
    func decodeIfPresent(_: UInt128.Type, forKey key: K) throws -> UInt128? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeInteger(UInt128.self, at: v)
    }
    func decodeIfPresent<T: Decodable>(_: T.Type, forKey key: K) throws -> T? {
        let v = present(key)
        return v < 0 ? nil : try s.decodeValue(T.self, at: v)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: K) throws -> KeyedDecodingContainer<NestedKey> {
        try s.keyedContainer(NestedKey.self, at: value(key))
    }

    func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
        try s.unkeyedContainer(at: value(key))
    }

    func superDecoder() throws -> any Decoder { decoder(for: _JSONKey.super) }
    func superDecoder(forKey key: K) throws -> any Decoder { decoder(for: key) }

    /// Like Foundation, a missing key yields a decoder for `null`.
    private func decoder(for key: some CodingKey) -> _Decoder {
        let v = s.find(key.stringValue, in: o)
        if v >= 0 { return _Decoder(s: s, i: v) }
        return _Decoder(s: s, i: s.makeVirtualNull(path: s.path(to: o, appending: key)))
    }
}

// MARK: - Unkeyed container

/// Three words (state, array/next-element indices, current index): fits inline in
/// `any UnkeyedDecodingContainer`.
struct _UnkeyedContainer: UnkeyedDecodingContainer {
    let s: _State
    let a: UInt32
    var p: UInt32
    var currentIndex: Int

    var codingPath: [any CodingKey] { s.path(to: Int(a)) }
    var count: Int? { Int(s.toks[Int(a)].len) }
    var isAtEnd: Bool { currentIndex >= Int(s.toks[Int(a)].len) }

    /// Index of the next element; throws `valueNotFound` at the end.
    @inline(__always)
    func next(_ type: Any.Type, _ message: String = "Unkeyed container is at end.") throws -> Int {
        if p >= s.toks[Int(a)].next { throw atEnd(type, message) }
        return Int(p)
    }

    @inline(never)
    func atEnd(_ type: Any.Type, _ message: String) -> DecodingError {
        DecodingError.valueNotFound(
            type,
            DecodingError.Context(
                codingPath: s.path(to: Int(a), appending: _JSONKey(index: currentIndex)),
                debugDescription: message))
    }

    @inline(__always)
    mutating func advance() {
        p = s.toks[Int(p)].next
        currentIndex += 1
    }

    /// Element index for `decodeIfPresent`: -1 at the end or for null. Like Foundation,
    /// `currentIndex` is advanced even at the end.
    @inline(__always)
    mutating func present() -> Int {
        if p >= s.toks[Int(a)].next {
            currentIndex += 1
            return -1
        }
        let v = Int(p)
        if s.toks[v].kind == _Kind.null {
            advance()
            return -1
        }
        return v
    }

    mutating func decodeNil() throws -> Bool {
        let v = try next(Never.self)
        if s.toks[v].kind == _Kind.null {
            advance()
            return true
        }
        return false
    }

    mutating func decode(_: Bool.Type) throws -> Bool {
        let r = try s.decodeBool(at: next(Bool.self))
        advance()
        return r
    }
    mutating func decode(_: String.Type) throws -> String {
        let r = try s.decodeString(at: next(String.self))
        advance()
        return r
    }
    mutating func decode(_: Double.Type) throws -> Double {
        let r = try s.decodeDouble(at: next(Double.self))
        advance()
        return r
    }
    mutating func decode(_: Float.Type) throws -> Float {
        let r = try s.decodeFloat(at: next(Float.self))
        advance()
        return r
    }
    mutating func decode(_: Int.Type) throws -> Int {
        let r = try s.decodeInteger(Int.self, at: next(Int.self))
        advance()
        return r
    }
    mutating func decode(_: Int8.Type) throws -> Int8 {
        let r = try s.decodeInteger(Int8.self, at: next(Int8.self))
        advance()
        return r
    }
    mutating func decode(_: Int16.Type) throws -> Int16 {
        let r = try s.decodeInteger(Int16.self, at: next(Int16.self))
        advance()
        return r
    }
    mutating func decode(_: Int32.Type) throws -> Int32 {
        let r = try s.decodeInteger(Int32.self, at: next(Int32.self))
        advance()
        return r
    }
    mutating func decode(_: Int64.Type) throws -> Int64 {
        let r = try s.decodeInteger(Int64.self, at: next(Int64.self))
        advance()
        return r
    }
    mutating func decode(_: Int128.Type) throws -> Int128 {
        let r = try s.decodeInteger(Int128.self, at: next(Int128.self))
        advance()
        return r
    }
    mutating func decode(_: UInt.Type) throws -> UInt {
        let r = try s.decodeInteger(UInt.self, at: next(UInt.self))
        advance()
        return r
    }
    mutating func decode(_: UInt8.Type) throws -> UInt8 {
        let r = try s.decodeInteger(UInt8.self, at: next(UInt8.self))
        advance()
        return r
    }
    mutating func decode(_: UInt16.Type) throws -> UInt16 {
        let r = try s.decodeInteger(UInt16.self, at: next(UInt16.self))
        advance()
        return r
    }
    mutating func decode(_: UInt32.Type) throws -> UInt32 {
        let r = try s.decodeInteger(UInt32.self, at: next(UInt32.self))
        advance()
        return r
    }
    mutating func decode(_: UInt64.Type) throws -> UInt64 {
        let r = try s.decodeInteger(UInt64.self, at: next(UInt64.self))
        advance()
        return r
    }
    mutating func decode(_: UInt128.Type) throws -> UInt128 {
        let r = try s.decodeInteger(UInt128.self, at: next(UInt128.self))
        advance()
        return r
    }
    mutating func decode<T: Decodable>(_: T.Type) throws -> T {
        let r = try s.decodeValue(T.self, at: next(T.self))
        advance()
        return r
    }

    mutating func decodeIfPresent(_: Bool.Type) throws -> Bool? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeBool(at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: String.Type) throws -> String? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeString(at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Double.Type) throws -> Double? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeDouble(at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Float.Type) throws -> Float? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeFloat(at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Int.Type) throws -> Int? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(Int.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Int8.Type) throws -> Int8? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(Int8.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Int16.Type) throws -> Int16? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(Int16.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Int32.Type) throws -> Int32? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(Int32.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Int64.Type) throws -> Int64? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(Int64.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: Int128.Type) throws -> Int128? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(Int128.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: UInt.Type) throws -> UInt? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(UInt.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: UInt8.Type) throws -> UInt8? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(UInt8.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: UInt16.Type) throws -> UInt16? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(UInt16.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: UInt32.Type) throws -> UInt32? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(UInt32.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: UInt64.Type) throws -> UInt64? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(UInt64.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent(_: UInt128.Type) throws -> UInt128? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeInteger(UInt128.self, at: v)
        advance()
        return r
    }
    mutating func decodeIfPresent<T: Decodable>(_: T.Type) throws -> T? {
        let v = present()
        if v < 0 { return nil }
        let r = try s.decodeValue(T.self, at: v)
        advance()
        return r
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let v = try next(KeyedDecodingContainer<NestedKey>.self, "Cannot get nested keyed container -- unkeyed container is at end.")
        let c = try s.keyedContainer(NestedKey.self, at: v)
        advance()
        return c
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let v = try next((any UnkeyedDecodingContainer).self, "Cannot get nested unkeyed container -- unkeyed container is at end.")
        let c = try s.unkeyedContainer(at: v)
        advance()
        return c
    }

    mutating func superDecoder() throws -> any Decoder {
        let v = try next((any Decoder).self)
        advance()
        return _Decoder(s: s, i: v)
    }
}
