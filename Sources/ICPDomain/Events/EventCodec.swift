import FastJSON
public import Foundation

/// Turns events into `(type, schemaVersion, payload)` triples for the store, and back.
///
/// Payloads are JSON with sorted keys, so equal events always give identical bytes. Decoding reads
/// every schema version in ``EventKind/readableSchemaVersions``: a payload at an older version is
/// decoded with its legacy struct (see `Events/Legacy/`) and upcast to the current struct.
public enum EventCodec {
    /// Encodes an event at its current schema version.
    public static func encode(_ event: DomainEvent) throws -> (type: String, schemaVersion: Int, payload: Data) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (event.kind.rawValue, event.kind.currentSchemaVersion, try encodePayload(event.payload, with: encoder))
    }

    /// Decodes an event, upcasting older schema versions to the current one.
    public static func decode(type: String, schemaVersion: Int, payload: Data) throws -> DomainEvent {
        guard let kind = EventKind(rawValue: type) else { throw EventCodecError.unknownType(type) }
        guard kind.readableSchemaVersions.contains(schemaVersion) else {
            throw EventCodecError.unsupportedSchemaVersion(type: type, version: schemaVersion)
        }
        let decoder = FastJSONDecoder()
        do {
            if schemaVersion == kind.currentSchemaVersion {
                return try decodeCurrent(kind, from: payload, using: decoder)
            }
            return try decodeLegacy(kind, version: schemaVersion, from: payload, using: decoder)
        } catch let error as EventCodecError {
            throw error
        } catch {
            throw EventCodecError.malformedPayload(type: type, version: schemaVersion, detail: String(describing: error))
        }
    }

    private static func encodePayload<P: EventPayload>(_ payload: P, with encoder: JSONEncoder) throws -> Data {
        try encoder.encode(payload)
    }
}
