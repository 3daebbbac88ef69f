import FastJSON
import Foundation
import Testing

@testable import ICPDomain

/// The three entity ids share one generic type; their text, JSON and hashed event bytes must stay
/// exactly what the three hand-written types produced (events are hashed, so one changed byte would
/// break every chain). The golden values below were taken from the hand-written types.
@Suite("Identifiers")
struct IdentifierTests {
    static let upper = "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE"
    static let lower = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

    @Test("description is the lowercase UUID for every kind")
    func description() {
        let uuid = UUID(uuidString: Self.upper)!
        #expect(WorkspaceID(uuid).description == Self.lower)
        #expect(ICPID(uuid).description == Self.lower)
        #expect(FindingID(uuid).description == Self.lower)
        #expect("\(ICPID(uuid))" == Self.lower)
    }

    @Test("parsing takes either case and refuses anything else")
    func parsing() {
        for text in [Self.upper, Self.lower, "aAaAaAaA-bbbb-CCCC-dddd-EEEEeeeeEEEE"] {
            #expect(WorkspaceID(text)?.description == Self.lower)
            #expect(ICPID(text)?.description == Self.lower)
            #expect(FindingID(text)?.description == Self.lower)
        }
        for text in ["", "not-a-uuid", String(Self.lower.dropLast()), Self.lower + "a", " " + Self.lower] {
            #expect(WorkspaceID(text) == nil)
            #expect(ICPID(text) == nil)
            #expect(FindingID(text) == nil)
        }
    }

    @Test("Codable: a lowercase JSON string, read back from either case by both decoders")
    func codable() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let uuid = UUID(uuidString: Self.upper)!
        let quoted = Data("\"\(Self.lower)\"".utf8)
        #expect(try encoder.encode(WorkspaceID(uuid)) == quoted)
        #expect(try encoder.encode(ICPID(uuid)) == quoted)
        #expect(try encoder.encode(FindingID(uuid)) == quoted)
        #expect(try encoder.encode([ICPID(uuid)]) == Data("[\"\(Self.lower)\"]".utf8))
        for text in [Self.lower, Self.upper] {
            let json = Data("[\"\(text)\"]".utf8)
            #expect(try JSONDecoder().decode([WorkspaceID].self, from: json) == [WorkspaceID(uuid)])
            #expect(try FastJSONDecoder().decode([WorkspaceID].self, from: json) == [WorkspaceID(uuid)])
            #expect(try JSONDecoder().decode([ICPID].self, from: json) == [ICPID(uuid)])
            #expect(try FastJSONDecoder().decode([ICPID].self, from: json) == [ICPID(uuid)])
            #expect(try JSONDecoder().decode([FindingID].self, from: json) == [FindingID(uuid)])
            #expect(try FastJSONDecoder().decode([FindingID].self, from: json) == [FindingID(uuid)])
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ICPID].self, from: Data("[\"nope\"]".utf8)) }
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode([ICPID].self, from: Data("[\"nope\"]".utf8)) }
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode([FindingID].self, from: Data("[7]".utf8)) }
    }

    @Test("ids order by their text and hash by their UUID")
    func orderAndHash() {
        let a = ICPID("00000000-0000-0000-0000-00000000000a")!, b = ICPID("0000000A-0000-0000-0000-000000000000")!
        #expect(a < b)
        #expect(!(b < a))
        #expect(Set([a, b, ICPID(a.uuid)]).count == 2)
        #expect(ICPID(a.uuid) == a)
    }

    @Test("an event naming all three ids encodes to the same bytes as before")
    func eventBytes() throws {
        let event = DomainEvent.findingRecorded(
            FindingRecorded(
                findingId: Fixtures.findingId, workspaceId: Fixtures.workspaceId, auditType: .winLoss, summary: "s",
                severity: .high, metrics: ["m": 1], recommendation: "r", icpId: Fixtures.icpId,
                recordedBy: Fixtures.alice, recordedAt: Timestamp(Fixtures.now)))
        let payload = String(decoding: try EventCodec.encode(event).payload, as: UTF8.self)
        #expect(
            payload
                == #"{"auditType":"winLoss","findingId":"01234567-89ab-cdef-0123-456789abcdef","icpId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","metrics":{"m":1},"recommendation":"r","recordedAt":1717243200123456,"recordedBy":"p-alice","severity":"high","summary":"s","workspaceId":"11111111-2222-3333-4444-555555555555"}"#
        )
    }

    @Test("every sample event encodes to the same bytes as before")
    func allSampleEvents() throws {
        // FNV-1a over every sample event's type, version and payload, taken from the hand-written ids.
        // Kinds added later extend the hash; the value after the first seventeen never changes.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (index, kind) in EventKind.allCases.enumerated() {
            let e = try EventCodec.encode(Fixtures.sample(kind))
            for byte in Array(e.type.utf8) + [UInt8(e.schemaVersion)] + Array(e.payload) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            if index == 16 { #expect(hash == 17_006_131_549_210_896_624, "the original seventeen kinds") }
            if index == 17 { #expect(hash == 8_012_128_063_640_948_029, "with ApprovalsDismissed") }
            if index == 19 { #expect(hash == 16_836_014_959_341_724_417, "with ICPOrphaned and ICPOwnerReassigned") }
            if index == 20 { #expect(hash == 2_878_694_741_195_912_303, "with PrincipalErased") }
            if index == 21 { #expect(hash == 6_621_347_659_599_228_139, "with ReviewNoticed") }
            if index == 22 { #expect(hash == 9_749_185_027_006_459_264, "with FieldMappingSet") }
            if index == 23 { #expect(hash == 1_966_886_636_442_259_330, "with PipelineSnapshotRecorded") }
        }
        #expect(hash == 13_734_570_752_342_521_168, "with LogCheckpointed")
    }
}
