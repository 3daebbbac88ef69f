import ByteText
import Foundation
import ICPDomain
import Postgres

/// One field of a row in PostgreSQL's COPY text format (nil is NULL).
typealias CopyField = String?

/// Encodes values for COPY text. Live projection and rebuild both write through it, so
/// they store byte-identical values.
enum CopyText {
    static func uuid(_ value: UUID) -> CopyField { UUIDText.lowercase(value) }
    static func text(_ value: String) -> CopyField { value }
    static func int(_ value: Int) -> CopyField { String(value) }
    static func double(_ value: Double) -> CopyField { String(value) }
    static func bool(_ value: Bool) -> CopyField { value ? "t" : "f" }
    static func time(_ value: Timestamp) -> CopyField { PostgresTimestamp.format(microseconds: value.microsecondsSinceEpoch) }
    static func day(_ value: CalendarDay) -> CopyField { value.description }

    /// A text[] literal.
    static func textArray(_ values: [String]) -> CopyField { PostgresArray(values).literal }

    /// JSON with sorted keys, for the JSON (jsonb or text) columns.
    static func json<T: Encodable>(_ value: T) throws -> CopyField {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The JSON of a revision's evidence, the shape `EvidenceRef`'s `Codable` form writes
    /// (`[{"kind":"document","ref":"…"}]`), without `JSONEncoder`'s cost.
    static func evidenceJSON(_ evidence: [EvidenceRef]) -> CopyField {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in evidence.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch item {
            case .finding(let id):
                DefinitionJSON.raw("{\"kind\":\"finding\",\"ref\":", &out)
                DefinitionJSON.string(id.description, &out)
            case .document(let url):
                DefinitionJSON.raw("{\"kind\":\"document\",\"ref\":", &out)
                DefinitionJSON.string(url.absoluteString, &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one field, escaped (`\N` for NULL), to a COPY buffer.
    static func append(field: CopyField, to buffer: inout [UInt8]) {
        guard var text = field else {
            buffer.append(92)
            buffer.append(78)  // \N
            return
        }
        text.withUTF8 { bytes in
            var clean = 0  // start of the run not yet copied
            for (index, byte) in bytes.enumerated() where byte == 92 || byte == 9 || byte == 10 || byte == 13 {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
                clean = index + 1
                buffer.append(92)
                switch byte {
                case 92: buffer.append(92)
                case 9: buffer.append(116)
                case 10: buffer.append(110)
                default: buffer.append(114)
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        }
    }
}
