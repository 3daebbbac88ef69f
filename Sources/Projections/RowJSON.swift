import Foundation
import ICPDomain

/// JSON text for the read models' JSON columns (stored as `jsonb` or `text`), written the same way
/// by the live projection and the rebuild.
enum RowJSON {
    /// JSON with sorted keys, for the JSON (jsonb or text) columns.
    static func json<T: Encodable>(_ value: T) throws -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The JSON of a revision's evidence, the shape `EvidenceRef`'s `Codable` form writes
    /// (`[{"kind":"document","ref":"…"}]`), without `JSONEncoder`'s cost.
    static func evidenceJSON(_ evidence: [EvidenceRef]) -> String? {
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
}
