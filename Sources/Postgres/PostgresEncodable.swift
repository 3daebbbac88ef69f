import ByteText
public import Foundation

/// A Swift value that can be bound as a query parameter.
public protocol PostgresEncodable: Sendable {
    var postgresParameter: PostgresParameter { get }
}

extension String: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(self) }
}

extension Substring: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Int: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Int64: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Int32: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension UInt64: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Double: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Bool: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(self ? "t" : "f") }
}

extension UUID: PostgresEncodable {
    public var postgresParameter: PostgresParameter { .text(UUIDText.lowercase(self)) }
}

extension Date: PostgresEncodable {
    /// Sent as a UTC timestamp with microsecond precision.
    public var postgresParameter: PostgresParameter {
        .text(PostgresTimestamp.format(microseconds: PostgresTimestamp.microseconds(of: self)))
    }
}

extension Data: PostgresEncodable {
    /// Sent in binary format, for bytea columns.
    public var postgresParameter: PostgresParameter { .binary([UInt8](self)) }
}

/// Bytes for a bytea column.
public struct PostgresBytes: PostgresEncodable, Hashable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var postgresParameter: PostgresParameter { .binary(bytes) }
}

/// An array parameter, e.g. for `= ANY($1)` or `unnest($1::text[])`.
public struct PostgresArray<Element: PostgresArrayElement>: PostgresEncodable {
    public var elements: [Element?]

    @inlinable public init(_ elements: [Element?]) { self.elements = elements }
    @inlinable public init(_ elements: [Element]) { self.elements = elements.map { $0 } }

    /// Text is the safe default: the server converts it to whatever array type the statement
    /// expects (`jsonb[]` from strings, say). Use `PostgresBinaryArray` where the SQL names the
    /// element type exactly.
    public var postgresParameter: PostgresParameter { .text(literal) }

    /// The array in PostgreSQL's text input syntax (`{"a","b\"c",NULL}`), every element quoted;
    /// also what a COPY text field of an array type holds. Built on bytes, since batches of large
    /// JSON texts pass through here on the append path. Inlinable, so it is specialised for the
    /// element type where it is used.
    @inlinable public var literal: String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(elements.count * 64)
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let element else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            var text = element.postgresArrayText
            text.withUTF8 { utf8 in
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                    bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A value that can appear inside an array parameter.
public protocol PostgresArrayElement: Sendable {
    /// The element in PostgreSQL's text input syntax (quoted and escaped by the array).
    var postgresArrayText: String { get }
}

extension String: PostgresArrayElement { public var postgresArrayText: String { self } }
extension Int: PostgresArrayElement { public var postgresArrayText: String { String(self) } }
extension Int64: PostgresArrayElement { public var postgresArrayText: String { String(self) } }
extension Int32: PostgresArrayElement { public var postgresArrayText: String { String(self) } }
extension Double: PostgresArrayElement { public var postgresArrayText: String { String(self) } }
extension Bool: PostgresArrayElement { public var postgresArrayText: String { self ? "t" : "f" } }
extension UUID: PostgresArrayElement { public var postgresArrayText: String { UUIDText.lowercase(self) } }
extension Date: PostgresArrayElement {
    public var postgresArrayText: String {
        PostgresTimestamp.format(microseconds: PostgresTimestamp.microseconds(of: self))
    }
}
extension PostgresBytes: PostgresArrayElement {
    /// bytea in hex input syntax.
    public var postgresArrayText: String { "\\x" + Hex.encode(bytes) }
}

/// An array parameter sent in PostgreSQL's binary array format: no quoting or escaping on
/// either side, which matters for batches of large texts (canonical JSON) and of hashes.
///
/// The element type travels inside the value and the server checks it against the statement's,
/// so the SQL must cast the parameter to exactly that array type (`$1::text[]`, `$2::bytea[]`).
public struct PostgresBinaryArray<Element: PostgresBinaryArrayElement>: PostgresEncodable {
    public var elements: [Element]

    public init(_ elements: [Element]) { self.elements = elements }

    public var postgresParameter: PostgresParameter {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + elements.count * 16)
        PostgresBinary.append(Int32(1), to: &bytes)  // dimensions
        PostgresBinary.append(Int32(0), to: &bytes)  // no NULLs
        PostgresBinary.append(Int32(bitPattern: Element.postgresElementOID), to: &bytes)
        PostgresBinary.append(Int32(elements.count), to: &bytes)  // length of the dimension
        PostgresBinary.append(Int32(1), to: &bytes)  // lower bound
        for element in elements {
            let lengthAt = bytes.count
            PostgresBinary.append(Int32(0), to: &bytes)
            element.appendPostgresBinary(to: &bytes)
            let length = Int32(bytes.count - lengthAt - 4)
            withUnsafeBytes(of: length.bigEndian) { bytes.replaceSubrange(lengthAt..<lengthAt + 4, with: $0) }
        }
        return .binary(bytes)
    }
}

/// A value with a binary wire form, for `PostgresBinaryArray`.
public protocol PostgresBinaryArrayElement: Sendable {
    /// The element type's OID (text 25, bytea 17, int8 20, int4 23, uuid 2950, timestamptz 1184).
    static var postgresElementOID: UInt32 { get }
    /// Appends the value's binary send format.
    func appendPostgresBinary(to bytes: inout [UInt8])
}

extension String: PostgresBinaryArrayElement {
    public static var postgresElementOID: UInt32 { 25 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { bytes.append(contentsOf: utf8) }
}

extension PostgresBytes: PostgresBinaryArrayElement {
    public static var postgresElementOID: UInt32 { 17 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { bytes.append(contentsOf: self.bytes) }
}

extension Int64: PostgresBinaryArrayElement {
    public static var postgresElementOID: UInt32 { 20 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { PostgresBinary.append(self, to: &bytes) }
}

extension Int32: PostgresBinaryArrayElement {
    public static var postgresElementOID: UInt32 { 23 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { PostgresBinary.append(self, to: &bytes) }
}

extension UUID: PostgresBinaryArrayElement {
    public static var postgresElementOID: UInt32 { 2950 }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { withUnsafeBytes(of: uuid) { bytes.append(contentsOf: $0) } }
}

extension Date: PostgresBinaryArrayElement {
    public static var postgresElementOID: UInt32 { 1184 }
    /// Microseconds since 2000-01-01 UTC, PostgreSQL's internal epoch.
    public func appendPostgresBinary(to bytes: inout [UInt8]) {
        PostgresBinary.append(PostgresTimestamp.microseconds(of: self) - 946_684_800_000_000, to: &bytes)
    }
}

/// Big-endian integers for binary wire formats.
enum PostgresBinary {
    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Text sent in binary format — its UTF-8 bytes as they are, with no string made on the way and no
/// NUL ending it (the server still checks the encoding). For large text built as bytes.
public struct PostgresTextBytes: PostgresEncodable, Hashable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var postgresParameter: PostgresParameter { .binary(bytes) }
}
