import Crypto
import Foundation
import Postgres

/// The exact bytes an event's hash covers.
///
/// A compact JSON object with sorted keys holding only fields the service sets:
/// event id, metadata, occurred time (integer microseconds), payload (verbatim),
/// previous hash (hex), schema version, stream, tenant, type and version. The store
/// keeps these bytes, so `verify` recomputes every hash from what is stored.
enum CanonicalEvent {
    static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// `payload` and `metadata` are the event's payload text and `metadataJSON(event.metadata)`,
    /// passed in because the INSERT sends the same texts as the queryable copies.
    static func encode(_ event: NewEvent, payload: String, metadata: String, stream: StreamID, version: Int64,
                       previousHash: [UInt8]) -> String {
        var out = "{\"event_id\":\""
        out += event.id.uuidString.lowercased()
        out += "\",\"metadata\":"
        out += metadata
        out += ",\"occurred_at\":"
        out += String(PostgresTimestamp.microseconds(of: event.occurredAt))
        out += ",\"payload\":"
        out += payload
        out += ",\"previous_hash\":\""
        out += PostgresHex.encode(previousHash)
        out += "\",\"schema_version\":"
        out += String(event.schemaVersion)
        out += ",\"stream\":"
        out += jsonString(stream.name)
        out += ",\"tenant\":\""
        out += stream.tenant.uuidString.lowercased()
        out += "\",\"type\":"
        out += jsonString(event.type)
        out += ",\"version\":"
        out += String(version)
        out += "}"
        return out
    }

    /// The metadata object with sorted keys, leaving out absent fields.
    static func metadataJSON(_ metadata: EventMetadata) -> String {
        var fields: [String] = []
        if let actor = metadata.actor { fields.append("\"actor\":" + jsonString(actor)) }
        if let causation = metadata.causationID { fields.append("\"causation_id\":" + jsonString(causation)) }
        if let correlation = metadata.correlationID { fields.append("\"correlation_id\":" + jsonString(correlation)) }
        if let request = metadata.requestID { fields.append("\"request_id\":" + jsonString(request)) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func hash(_ canonical: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(canonical.utf8)))
    }

    /// A JSON string literal with the minimal escapes (RFC 8259).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
