import ByteText
public import Foundation

/// A Swift type that can be read from a column in PostgreSQL's text output format.
public protocol PostgresDecodable: Sendable {
    /// Reads the value from the column's text bytes; returns nil when they do not parse.
    static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Self?
    /// The name used in type-mismatch errors.
    static var postgresTypeName: String { get }
}

extension PostgresDecodable {
    public static var postgresTypeName: String { String(describing: Self.self) }
}

extension String: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> String? {
        String(decoding: text, as: UTF8.self)
    }
}

/// Parses a signed decimal integer without allocating.
@inline(__always)
func parseInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard !text.isEmpty else { return nil }
    var index = 0
    var negative = false
    if text[0] == 45 {
        negative = true
        index = 1
    } else if text[0] == 43 {
        index = 1
    }
    guard index < text.count else { return nil }
    var value: Int64 = 0
    while index < text.count {
        let byte = text[index]
        guard byte >= 48, byte <= 57 else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(Int64(byte - 48))
        guard !o1, !o2 else { return nil }
        value = a
        index += 1
    }
    return negative ? -value : value
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int64? { parseInteger(text) }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int? { parseInteger(text).map(Int.init) }
}

extension Int32: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int32? {
        parseInteger(text).flatMap(Int32.init(exactly:))
    }
}

extension UInt64: PostgresDecodable {
    /// Reads non-negative integers such as xid8.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard byte >= 48, byte <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(byte - 48))
            guard !o1, !o2 else { return nil }
            value = a
        }
        return value
    }
}

extension Double: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Double? {
        Double(String(decoding: text, as: UTF8.self))
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard text.count == 1 else { return nil }
        switch text[0] {
        case 116: return true  // t
        case 102: return false  // f
        default: return nil
        }
    }
}

extension UUID: PostgresDecodable {
    /// Reads the canonical 36-character form without allocating.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36 else { return UUID(uuidString: String(decoding: text, as: UTF8.self)) }
        return UUIDText.parse(text)
    }
}

extension Date: PostgresDecodable {
    /// Reads timestamptz in ISO output, at any time zone offset.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Date? {
        PostgresTimestamp.parseMicroseconds(text).map(PostgresTimestamp.date(microseconds:))
    }
}

extension PostgresBytes: PostgresDecodable {
    /// Reads bytea in hex output format (`\x…`).
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> PostgresBytes? {
        guard text.count >= 2, text[0] == 92, text[1] == 120 else { return nil }
        return Hex.decode(UnsafeBufferPointer(rebasing: text[2...])).map(PostgresBytes.init)
    }
}

extension Data: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Data? {
        PostgresBytes.decode(postgresText: text).map { Data($0.bytes) }
    }
}
