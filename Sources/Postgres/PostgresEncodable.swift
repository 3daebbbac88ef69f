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
    public var postgresParameter: PostgresParameter { .text(PostgresHex.text(of: self)) }
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

    public init(_ elements: [Element?]) { self.elements = elements }
    public init(_ elements: [Element]) { self.elements = elements.map { $0 } }

    /// The array in PostgreSQL's text input syntax, every element quoted; built on bytes,
    /// since batches of large JSON texts pass through here on the append path.
    public var postgresParameter: PostgresParameter {
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
        return .text(String(decoding: bytes, as: UTF8.self))
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
extension UUID: PostgresArrayElement { public var postgresArrayText: String { PostgresHex.text(of: self) } }
extension Date: PostgresArrayElement {
    public var postgresArrayText: String {
        PostgresTimestamp.format(microseconds: PostgresTimestamp.microseconds(of: self))
    }
}
extension PostgresBytes: PostgresArrayElement {
    /// bytea in hex input syntax.
    public var postgresArrayText: String { "\\x" + PostgresHex.encode(bytes) }
}
