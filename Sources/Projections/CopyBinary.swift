import ByteText
import Foundation
import ICPDomain
import Postgres

/// Writes read-model rows in PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`).
///
/// The live projection and the rebuild both write through it, so they store the same values. In
/// binary form the server takes uuids, timestamps, dates and numbers as they are in memory, and
/// text by its length: it neither splits lines on tabs and backslashes nor parses
/// `2024-05-01 10:00:00+00`, which was most of what the text form cost it. Each field is its
/// length (big-endian `Int32`, -1 for NULL) followed by its bytes.
enum CopyBinary {
    /// Opens every binary COPY: the signature, no flags, no header extension.
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// Ends it: a row of -1 fields.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    /// Microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000
    /// Days from 1970-01-01 to 2000-01-01.
    static let postgresEpochDays = 10_957

    /// A value the row's column cannot hold; the domain's storage limits refuse these earlier.
    struct Unstorable: Error, CustomStringConvertible {
        var description: String
    }

    static func appendCount(_ fields: Int, to buffer: inout [UInt8]) {
        append(Int16(fields), to: &buffer)
    }

    static func null(_ buffer: inout [UInt8]) {
        append(Int32(-1), to: &buffer)
    }

    static func uuid(_ value: UUID, _ buffer: inout [UInt8]) {
        append(Int32(16), to: &buffer)
        withUnsafeBytes(of: value.uuid) { buffer.append(contentsOf: $0) }
    }

    static func text(_ value: String, _ buffer: inout [UInt8]) throws {
        try utf8(value, after: [], &buffer)
    }

    /// `jsonb`'s binary form: a version byte (1), then the JSON text.
    static func jsonb(_ value: String, _ buffer: inout [UInt8]) throws {
        try utf8(value, after: [1], &buffer)
    }

    /// The encoder of a column holding text, by its SQL type: `text`, or `jsonb` holding JSON text.
    static func textual(_ sqlType: String) -> @Sendable (String, inout [UInt8]) throws -> Void {
        precondition(sqlType == "text" || sqlType == "jsonb", "a text column is text or jsonb, not \(sqlType)")
        return sqlType == "jsonb" ? jsonb : text
    }

    /// A field of `prefix` then the string's UTF-8 bytes.
    private static func utf8(_ value: String, after prefix: [UInt8], _ buffer: inout [UInt8]) throws {
        let length = prefix.count + value.utf8.count
        guard let fits = Int32(exactly: length) else { throw Unstorable(description: "a text of \(length) bytes") }
        append(fits, to: &buffer)
        buffer.append(contentsOf: prefix)
        if value.utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
            buffer.append(contentsOf: value.utf8)
        }
    }

    static func integer(_ value: Int, _ buffer: inout [UInt8]) throws {
        guard StorageLimits.canStore(value) else { throw Unstorable(description: "\(value) does not fit an integer column") }
        append(Int32(4), to: &buffer)
        append(Int32(value), to: &buffer)
    }

    static func double(_ value: Double, _ buffer: inout [UInt8]) {
        append(Int32(8), to: &buffer)
        append(value.bitPattern, to: &buffer)
    }

    static func boolean(_ value: Bool, _ buffer: inout [UInt8]) {
        append(Int32(1), to: &buffer)
        buffer.append(value ? 1 : 0)
    }

    static func time(_ value: Timestamp, _ buffer: inout [UInt8]) throws {
        let micros = value.microsecondsSinceEpoch
        guard StorageLimits.instants.contains(micros) else { throw Unstorable(description: "\(micros)µs lies outside years 1…9999") }
        append(Int32(8), to: &buffer)
        append(micros - postgresEpochMicroseconds, to: &buffer)
    }

    static func day(_ value: CalendarDay, _ buffer: inout [UInt8]) throws {
        guard StorageLimits.canStore(value) else { throw Unstorable(description: "\(value) lies outside 0001-01-01…9999-12-31") }
        append(Int32(4), to: &buffer)
        let days = CivilDate.daysSinceEpoch(year: value.year, month: value.month, day: value.day) - postgresEpochDays
        append(Int32(days), to: &buffer)
    }

    /// A one-dimensional `text[]` without NULLs (an empty one has no dimension, as `'{}'` has none).
    static func textArray(_ values: [String], _ buffer: inout [UInt8]) throws {
        let lengthAt = buffer.count
        append(Int32(0), to: &buffer)  // the field's length, filled in below
        append(Int32(values.isEmpty ? 0 : 1), to: &buffer)  // dimensions
        append(Int32(0), to: &buffer)  // no NULLs
        append(Int32(25), to: &buffer)  // text
        if !values.isEmpty {
            append(Int32(values.count), to: &buffer)
            append(Int32(1), to: &buffer)  // lower bound
            for value in values { try text(value, &buffer) }
        }
        let length = buffer.count - lengthAt - 4
        guard let fits = Int32(exactly: length) else { throw Unstorable(description: "an array of \(length) bytes") }
        withUnsafeBytes(of: fits.bigEndian) { bytes in
            for index in 0..<4 { buffer[lengthAt + index] = bytes[index] }
        }
    }

    @inline(__always)
    static func append<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
