import Foundation
import Testing

@testable import EventStore

@Suite("Canonical encoding: the hashed bytes are also the only copy readers take payload and metadata from")
struct CanonicalEventTests {
    static let payloads = [
        #"{}"#,
        #"[]"#,
        #"{"b":1,"a":[true,false,null,-0.5e3,"x"]}"#,
        #"{"trap":",\"previous_hash\":\"","braces":"}]{[","quote":"\"\\"}"#,
        #"{"text":"caf\u00e9 \ud83d\ude00 \n\t","raw":"café 😀"}"#,
        "  \n{\"padded\": [ 1 , 2 ] }\t\n",
        #"[{"deep":[[[[{"x":{}}]]]]}]"#,
    ]

    static let metadata = [
        EventMetadata(),
        EventMetadata(actor: "principal-1"),
        EventMetadata(actor: "a\"b\\c", correlationID: "line\nbreak\u{1}", causationID: "é😀", requestID: "r-1"),
        EventMetadata(requestID: "only-request"),
    ]

    func event(payload: String, metadata: EventMetadata) -> NewEvent {
        NewEvent(
            type: "Thing \"quoted\"", schemaVersion: 3, payload: Data(payload.utf8), metadata: metadata,
            occurredAt: Date(timeIntervalSince1970: -1.25))
    }

    @Test("payload and metadata come back byte for byte", arguments: payloads)
    func roundTrip(payload: String) throws {
        for metadata in Self.metadata {
            let stream = StreamID(tenant: UUID(), name: "stream \"with\" \\ odd\tname")
            let bytes = CanonicalEvent.encode(
                event(payload: payload, metadata: metadata), metadata: CanonicalEvent.metadataJSON(metadata),
                stream: stream, version: 7, previousHash: CanonicalEvent.genesisHash)
            let parts = try #require(bytes.withUnsafeBufferPointer { CanonicalParts.decode(postgresText: $0) })
            #expect(parts.payload == Data(payload.utf8))
            #expect(parts.metadata == metadata)
        }
    }

    @Test("the encoding is JSON with sorted keys and the fields the service sets")
    func sortedKeys() throws {
        let tenant = UUID(), id = UUID()
        var event = event(payload: #"{"n":1}"#, metadata: EventMetadata(actor: "p"))
        event.id = id
        let bytes = CanonicalEvent.encode(
            event, metadata: CanonicalEvent.metadataJSON(event.metadata),
            stream: StreamID(tenant: tenant, name: "s"), version: 2, previousHash: CanonicalEvent.genesisHash)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["event_id"] as? String == id.uuidString.lowercased())
        #expect(object["tenant"] as? String == tenant.uuidString.lowercased())
        #expect(object["occurred_at"] as? Int == -1_250_000)
        #expect(object["version"] as? Int == 2)
        #expect(object["type"] as? String == "Thing \"quoted\"")
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = ["event_id", "metadata", "occurred_at", "payload", "previous_hash", "schema_version", "stream", "tenant", "type", "version"]
        let offsets = keys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(offsets == offsets.sorted())
    }

    @Test(
        "text that is not the store's layout is refused",
        arguments: [
            "", "{}", #"{"event_id":"x"}"#, #"{"metadata":{},"event_id":"00000000-0000-0000-0000-000000000000"}"#,
        ])
    func foreignLayout(text: String) {
        var text = text
        #expect(text.withUTF8 { CanonicalParts.decode(postgresText: $0) } == nil)
    }

    @Test(
        "well-formed payloads are accepted",
        arguments: payloads + [
            #"{"n":0}"#, #"{"n":-0.0}"#, #"{"n":1E+2}"#, #"[1,2,3]"#, #"{"s":"\/\b\f\r"}"#,
        ])
    func validJSON(text: String) {
        var text = text
        #expect(text.withUTF8 { JSONSyntax.isValidDocument($0) })
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil)
    }

    @Test(
        "malformed payloads, scalars at the top, NUL and unpaired surrogates are refused",
        arguments: [
            "", " ", "not json", "1", #""text""#, "null", "{", "}", "[1,]", #"{"a":}"#, #"{"a" 1}"#, #"{a:1}"#, "{} {}",
            #"{"n":01}"#, #"{"n":1.}"#, #"{"n":.5}"#, #"{"n":1e}"#, #"{"n":+1}"#, #"{"n":tru}"#, #"{"s":"\x"}"#,
            "{\"s\":\"tab\there\"}", #"{"s":"\u0000"}"#, #"{"s":"\ud800"}"#, #"{"s":"\udc00"}"#, #"{"s":"\u12"}"#, #"{"s":"open}"#,
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ])
    func invalidJSON(text: String) {
        var text = text
        #expect(!text.withUTF8 { JSONSyntax.isValidDocument($0) })
    }

    @Test("random documents that Foundation writes are accepted")
    func randomDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return Int.random(in: -1_000_000...1_000_000, using: &generator)
            case 1: return Double.random(in: -1e6...1e6, using: &generator)
            case 2: return String((0..<Int.random(in: 0..<12, using: &generator)).map { _ in "aé\"\\\n😀{}[],:".randomElement()! })
            case 3: return Bool.random(using: &generator)
            case 4: return (0..<Int.random(in: 0..<4, using: &generator)).map { _ in value(depth + 1) }
            default: return Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 0..<4, using: &generator)).map { ("k\($0)", value(depth + 1)) })
            }
        }
        for _ in 0..<500 {
            let document: Any = Bool.random(using: &generator) ? ["root": value(0)] : [value(0)]
            let data = try JSONSerialization.data(withJSONObject: document)
            #expect(
                data.withUnsafeBytes { JSONSyntax.isValidDocument($0.bindMemory(to: UInt8.self)) },
                "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("the single-event INSERT bound to its template is the interpolated statement: same text, same values in the same order")
    func insertTemplate() throws {
        for (index, payload) in Self.payloads.enumerated() {
            for declaring in [true, false] {
                let stream = StreamID(tenant: UUID(), name: "stream-\(index) \"odd\"")
                let event = event(payload: payload, metadata: Self.metadata[index % Self.metadata.count])
                let previous = (0..<32).map { UInt8(($0 * 7 + index) % 256) }, hash = (0..<32).map { UInt8(($0 * 13 + index) % 256) }
                let bound = AppendPlan.singleInsert(
                    event, tenant: stream.tenant, declaringTenant: declaring, stream: stream, version: Int64(index + 1),
                    canonical: "canonical \(index)", previousHash: previous, hash: hash)
                let interpolated = AppendPlan.singleInsert(
                    event, tenant: AppendPlan.TenantValue(tenant: stream.tenant, declaring: declaring), stream: stream,
                    version: Int64(index + 1), canonical: "canonical \(index)", previousHash: previous, hash: hash)
                #expect(bound.sql == interpolated.sql)
                #expect(bound.parameters == interpolated.parameters)
                #expect(bound == interpolated)
            }
        }
    }
}
