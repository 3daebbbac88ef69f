import Foundation
import ICPDomain
import Postgres

/// One field of a row in PostgreSQL's COPY text format (nil is NULL).
typealias CopyField = String?

/// Encodes values for COPY text. Live projection and rebuild both write through it, so
/// they store byte-identical values.
enum CopyText {
    static func uuid(_ value: UUID) -> CopyField { value.uuidString.lowercased() }
    static func text(_ value: String) -> CopyField { value }
    static func int(_ value: Int) -> CopyField { String(value) }
    static func double(_ value: Double) -> CopyField { String(value) }
    static func bool(_ value: Bool) -> CopyField { value ? "t" : "f" }
    static func time(_ value: Timestamp) -> CopyField { PostgresTimestamp.format(microseconds: value.microsecondsSinceEpoch) }
    static func day(_ value: CalendarDay) -> CopyField { value.description }

    /// A text[] literal.
    static func textArray(_ values: [String]) -> CopyField {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// JSON with sorted keys, for jsonb columns.
    static func json<T: Encodable>(_ value: T) throws -> CopyField {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Appends one row (tab separated, newline terminated, escaped) to a COPY buffer.
    static func append(_ row: [CopyField], to buffer: inout [UInt8]) {
        for (index, field) in row.enumerated() {
            if index > 0 { buffer.append(9) }
            guard let field else {
                buffer.append(92); buffer.append(78)  // \N
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 92: buffer.append(92); buffer.append(92)
                case 9: buffer.append(92); buffer.append(116)
                case 10: buffer.append(92); buffer.append(110)
                case 13: buffer.append(92); buffer.append(114)
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(10)
    }
}
