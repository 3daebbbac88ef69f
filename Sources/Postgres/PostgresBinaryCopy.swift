public import Foundation

/// One row of `COPY … TO STDOUT (FORMAT binary)`, read field by field in select-list order.
///
/// Binary COPY carries values length-prefixed in PostgreSQL's send format, so text arrives
/// unescaped and integers and UUIDs need no parsing. The bytes are valid only inside the
/// callback of ``PostgresConnection/copyOutBinary(_:_:)``.
public struct PostgresBinaryCopyRow: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private var offset: Int
    /// Number of fields in the row.
    public let fieldCount: Int

    init(bytes: UnsafeRawBufferPointer, offset: Int) throws {
        guard offset + 2 <= bytes.count else { throw PostgresError.unexpectedResult("binary COPY row is truncated") }
        self.bytes = bytes
        self.fieldCount = Int(Int16(bitPattern: Self.uint16(bytes, offset)))
        self.offset = offset + 2
    }

    /// The next field's bytes, nil for SQL NULL.
    public mutating func field() throws -> UnsafeRawBufferPointer? {
        guard offset + 4 <= bytes.count else { throw PostgresError.unexpectedResult("binary COPY row is truncated") }
        let length = Int(Int32(bitPattern: Self.uint32(bytes, offset)))
        offset += 4
        if length < 0 { return nil }
        guard offset + length <= bytes.count else { throw PostgresError.unexpectedResult("binary COPY field is truncated") }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
    }

    /// The next field, which must not be NULL.
    public mutating func value() throws -> UnsafeRawBufferPointer {
        guard let field = try field() else { throw PostgresError.unexpectedNull(column: "binary COPY field") }
        return field
    }

    /// An `int8` or `xid8` field (8 bytes, big-endian).
    public mutating func int64() throws -> Int64 {
        let field = try value()
        guard field.count == 8 else { throw Self.width(field.count, expected: "int8") }
        return Int64(bitPattern: UInt64(Self.uint32(field, 0)) << 32 | UInt64(Self.uint32(field, 4)))
    }

    /// An `int4` field.
    public mutating func int32() throws -> Int32 {
        let field = try value()
        guard field.count == 4 else { throw Self.width(field.count, expected: "int4") }
        return Int32(bitPattern: Self.uint32(field, 0))
    }

    /// A `uuid` field.
    public mutating func uuid() throws -> UUID {
        let f = try value()
        guard f.count == 16 else { throw Self.width(f.count, expected: "uuid") }
        return UUID(uuid: (f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15]))
    }

    /// A `text` field.
    public mutating func text() throws -> String {
        String(decoding: try value(), as: UTF8.self)
    }

    private static func uint16(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    private static func uint32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    private static func width(_ count: Int, expected: String) -> PostgresError {
        .unexpectedResult("binary COPY field of \(count) bytes where \(expected) was expected")
    }
}

extension PostgresConnection {
    /// The 11-byte signature that opens a binary COPY stream.
    private static let binaryCopySignature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    /// Runs `COPY (…) TO STDOUT (FORMAT binary)` and hands each row to `body`; returns the row count.
    ///
    /// The server streams rows as fast as it can produce them, with no per-row result objects,
    /// which makes this the cheapest way to read many rows through libpq.
    @discardableResult
    public func copyOutBinary(_ statement: PostgresQuery, _ body: (inout PostgresBinaryCopyRow) throws -> Void) throws -> Int {
        var rows = 0
        var headerSeen = false
        try copyOut(statement) { message in
            var offset = 0
            if !headerSeen {
                let signature = Self.binaryCopySignature
                guard message.count >= signature.count + 8, message.prefix(signature.count).elementsEqual(signature) else {
                    throw PostgresError.unexpectedResult("COPY output is not in binary format")
                }
                offset = signature.count + 4  // the flags field
                let extensionLength =
                    Int(message[offset]) << 24 | Int(message[offset + 1]) << 16
                    | Int(message[offset + 2]) << 8 | Int(message[offset + 3])
                offset += 4 + extensionLength
                headerSeen = true
                if offset == message.count { return }
            }
            var row = try PostgresBinaryCopyRow(bytes: message, offset: offset)
            if row.fieldCount == -1 { return }  // the trailer
            rows += 1
            try body(&row)
        }
        return rows
    }
}
