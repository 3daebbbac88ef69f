import ByteText
import Crypto
import Foundation
import Postgres

/// The exact bytes an event's hash covers, which are also the only stored copy of its
/// payload and metadata.
///
/// A compact JSON object with sorted keys holding only fields the service sets:
/// event id, metadata, occurred time (integer microseconds), payload (verbatim),
/// previous hash (hex), schema version, stream, tenant, type and version. The store
/// keeps these bytes, so `verify` recomputes every hash from what is stored, and
/// readers take the payload and metadata back out of them (`CanonicalParts`).
enum CanonicalEvent {
    static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// Encodes one event; `metadata` is `metadataJSON(event.metadata)`, made once per event.
    static func encode(
        _ event: NewEvent, metadata: [UInt8], stream: StreamID, version: Int64,
        previousHash: [UInt8]
    ) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(event.payload.count + metadata.count + stream.name.utf8.count + event.type.utf8.count + 300)
        out.append(contentsOf: #"{"event_id":""#.utf8)
        UUIDText.append(event.id, to: &out)
        out.append(contentsOf: #"","metadata":"#.utf8)
        out.append(contentsOf: metadata)
        out.append(contentsOf: #","occurred_at":"#.utf8)
        out.append(contentsOf: String(PostgresTimestamp.microseconds(of: event.occurredAt)).utf8)
        out.append(contentsOf: #","payload":"#.utf8)
        out.append(contentsOf: event.payload)
        out.append(contentsOf: #","previous_hash":""#.utf8)
        Hex.append(previousHash, to: &out)
        out.append(contentsOf: #"","schema_version":"#.utf8)
        out.append(contentsOf: String(event.schemaVersion).utf8)
        out.append(contentsOf: #","stream":"#.utf8)
        JSONString.append(stream.name, to: &out)
        out.append(contentsOf: #","tenant":""#.utf8)
        UUIDText.append(stream.tenant, to: &out)
        out.append(contentsOf: #"","type":"#.utf8)
        JSONString.append(event.type, to: &out)
        out.append(contentsOf: #","version":"#.utf8)
        out.append(contentsOf: String(version).utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The metadata object with sorted keys, leaving out absent fields.
    static func metadataJSON(_ metadata: EventMetadata) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (key, value) in [
            ("actor", metadata.actor), ("causation_id", metadata.causationID),
            ("correlation_id", metadata.correlationID), ("request_id", metadata.requestID),
        ] {
            guard let value else { continue }
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: key.utf8)
            out.append(contentsOf: "\":".utf8)
            JSONString.append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func hash(_ canonical: some DataProtocol) -> [UInt8] {
        Array(SHA256.hash(data: canonical))
    }

    static func hash(_ canonical: String) -> [UInt8] {
        hash(Array(canonical.utf8))
    }
}

/// The payload and metadata read back out of a stored canonical encoding.
///
/// The canonical layout is fixed by `CanonicalEvent.encode`: the metadata object is the
/// second field and the payload the fifth, so reading them is one forward scan that skips
/// the payload as a JSON value; no general JSON parser is involved.
struct CanonicalParts: PostgresDecodable {
    var payload: Data
    var metadata: EventMetadata

    static var postgresTypeName: String { "canonical event text" }

    static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> CanonicalParts? {
        var metadata: EventMetadata?
        guard
            let payload = payloadRange(
                in: text,
                metadata: { scanner in
                    metadata = scanner.metadataObject()
                    return metadata != nil
                }), let metadata
        else { return nil }
        return CanonicalParts(payload: Data(UnsafeBufferPointer(rebasing: text[payload])), metadata: metadata)
    }

    /// Where the payload's bytes are in a canonical text; `metadata` reads (or skips) the metadata
    /// object and says whether it was well formed.
    static func payloadRange(in text: UnsafeBufferPointer<UInt8>, metadata: (inout CanonicalScanner) -> Bool) -> Range<Int>? {
        var scanner = CanonicalScanner(bytes: text)
        guard scanner.expect(#"{"event_id":""#), scanner.skip(36), scanner.expect(#"","metadata":"#),
            metadata(&scanner),
            scanner.expect(#","occurred_at":"#), scanner.skipInteger(),
            scanner.expect(#","payload":"#)
        else { return nil }
        let start = scanner.index
        scanner.skipWhitespace()
        guard scanner.skipValue() else { return nil }
        scanner.skipWhitespace()
        guard scanner.peek(#","previous_hash":""#) else { return nil }
        return start..<scanner.index
    }
}

/// A forward-only reader over canonical event bytes.
struct CanonicalScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    mutating func expect(_ literal: StaticString) -> Bool {
        guard peek(literal) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    func peek(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard count > 0 else { return true }
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { expected in memcmp(bytes.baseAddress! + index, expected.baseAddress!, count) == 0 }
    }

    mutating func skip(_ count: Int) -> Bool {
        guard index + count <= bytes.count else { return false }
        index += count
        return true
    }

    mutating func skipWhitespace() {
        while index < bytes.count, JSONSyntax.isWhitespace(bytes[index]) { index += 1 }
    }

    mutating func skipInteger() -> Bool {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        return index > start
    }

    /// A flat object of string values, as `CanonicalEvent.metadataJSON` writes it.
    mutating func metadataObject() -> EventMetadata? {
        guard expect("{") else { return nil }
        var metadata = EventMetadata()
        if expect("}") { return metadata }
        repeat {
            guard let key = string(), expect(":"), let value = string() else { return nil }
            switch key {
            case "actor": metadata.actor = value
            case "causation_id": metadata.causationID = value
            case "correlation_id": metadata.correlationID = value
            case "request_id": metadata.requestID = value
            default: break
            }
        } while expect(",")
        return expect("}") ? metadata : nil
    }

    /// A JSON string literal, unescaped (`JSONString.unescape`, UTF-8 checked).
    mutating func string() -> String? {
        guard peek("\"") else { return nil }
        let start = index + 1
        guard skipString() else { return nil }
        return JSONString.unescape(UnsafeBufferPointer(rebasing: bytes[start..<index - 1]))
    }

    /// Skips one JSON value (object, array, string or scalar) without building it.
    mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default:
                    break
                }
                index += 1
            }
            return false
        case UInt8(ascii: "\""):
            return skipString()
        default:
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}") { index += 1 }
            return index > start
        }
    }

    private mutating func skipString() -> Bool {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return true
            default: index += 1
            }
        }
        return false
    }
}
