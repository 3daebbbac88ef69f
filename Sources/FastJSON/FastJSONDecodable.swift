public import Foundation

/// A type that can also decode itself straight from `FastJSONDecoder`'s token array, without
/// `Codable` containers: a fast path for the few types decoded millions of times.
///
/// The contract: `init(fastJSON:)` either produces exactly the value `init(from:)` produces for
/// the same JSON, or throws. When it throws, `FastJSONDecoder` decodes the document again
/// through `init(from:)`, which gives the value or the precise `DecodingError`. So a fast path
/// may throw ``FastJSONFallback`` for anything it does not handle (an unknown enum case, a
/// missing key) and never needs to build an error of its own. `userInfo` is not visible to it.
public protocol FastJSONDecodable: Decodable {
    /// Decodes the value at `value`, or throws to let `init(from:)` decide.
    init(fastJSON value: FastJSONValue) throws
}

/// Thrown by a fast path for input it leaves to `init(from:)`.
public struct FastJSONFallback: Error, Sendable {
    public init() {}
}

/// One value of a document being decoded by `FastJSONDecoder`, as seen by a fast path.
///
/// Each accessor applies the same rules as the matching `Codable` decode call (integers may be
/// spelled `1e2`, strings are unescaped and validated, UUIDs and URLs parse as in `init(from:)`).
public struct FastJSONValue {
    let s: _State
    let i: Int

    /// True for JSON `null`.
    public var isNull: Bool { s.decodeNil(at: i) }

    /// The value as an object; throws for anything else (or an object whose keys need validating).
    public func object() throws -> FastJSONObject {
        let t = s.toks[i]
        guard t.kind == _Kind.object, t.flags & _Flag.keysNeedCheck == 0 else { throw FastJSONFallback() }
        return FastJSONObject(s: s, o: i)
    }

    public func string() throws -> String { try s.decodeString(at: i) }
    public func bool() throws -> Bool { try s.decodeBool(at: i) }
    public func int() throws -> Int { try s.decodeInteger(Int.self, at: i) }
    public func int64() throws -> Int64 { try s.decodeInteger(Int64.self, at: i) }
    public func double() throws -> Double { try s.decodeDouble(at: i) }
    public func url() throws -> URL { try s.decodeURL(at: i) }

    public func uuid() throws -> UUID {
        if let u = s.fastUUID(at: i) { return u }
        return try s.decodeValue(UUID.self, at: i)
    }

    /// Decodes through the type's fast path.
    @inline(__always)
    public func decodeFast<T: FastJSONDecodable>(_: T.Type) throws -> T { try T(fastJSON: self) }

    /// Decodes through `init(from:)` (what `FastJSONDecoder.decode` does for types without a fast path).
    public func decode<T: Decodable>(_: T.Type) throws -> T { try s.decodeValue(T.self, at: i) }

    /// An array whose elements decode through their fast path.
    public func decodeFastArray<T: FastJSONDecodable>(of _: T.Type) throws -> [T] {
        let t = s.toks[i]
        guard t.kind == _Kind.array else { throw FastJSONFallback() }
        var result: [T] = []
        result.reserveCapacity(Int(t.len))
        var p = i + 1
        let end = Int(t.next)
        while p < end {
            result.append(try T(fastJSON: FastJSONValue(s: s, i: p)))
            p = Int(s.toks[p].next)
        }
        return result
    }
}

/// A JSON object seen by a fast path. Keys are looked up as a keyed container looks them up:
/// by exact bytes, first occurrence winning.
public struct FastJSONObject {
    let s: _State
    let o: Int

    /// The number of members, duplicates included.
    public var count: Int { Int(s.toks[o].len) }

    /// The only member's key and value, when the object has exactly one member.
    public var onlyMember: (key: String, value: FastJSONValue)? {
        guard s.toks[o].len == 1 else { return nil }
        return (s.lenientString(at: o + 1), FastJSONValue(s: s, i: o + 2))
    }

    /// The value for `key`; throws when it is missing.
    public func value(_ key: StaticString) throws -> FastJSONValue {
        let v = index(of: key)
        guard v >= 0 else { throw FastJSONFallback() }
        return FastJSONValue(s: s, i: v)
    }

    /// The value for `key`, or nil when it is missing or null (as `decodeIfPresent` treats them).
    public func valueIfPresent(_ key: StaticString) -> FastJSONValue? {
        let v = index(of: key)
        guard v >= 0, !s.decodeNil(at: v) else { return nil }
        return FastJSONValue(s: s, i: v)
    }

    private func index(of key: StaticString) -> Int {
        let v = key.withUTF8Buffer { s.find(UnsafeRawBufferPointer($0), in: o) }
        return v != -2 ? v : s.findByString(key.description, in: o)
    }
}

extension FastJSONDecoder {
    /// Decodes a value of `type` from UTF-8 JSON data through its fast path, falling back to
    /// `init(from:)` (on the same parsed document) when the fast path throws.
    /// - Throws: `DecodingError` exactly as the `Decodable` overload does.
    public func decode<T: FastJSONDecodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a value of `type` from UTF-8 JSON bytes through its fast path (see above).
    public func decode<T: FastJSONDecodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let state = try _State(bytes: bytes, userInfo: userInfo)
        if let value = try? T(fastJSON: FastJSONValue(s: state, i: 0)) { return value }
        return try state.decodeValue(T.self, at: 0)
    }
}
