import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Event codec")
struct EventCodecTests {
    @Test("decode(encode(e)) == e for every event kind", arguments: EventKind.allCases)
    func roundTrip(_ kind: EventKind) throws {
        let event = Fixtures.sample(kind)
        #expect(event.kind == kind)
        let encoded = try EventCodec.encode(event)
        #expect(encoded.type == kind.rawValue)
        #expect(encoded.schemaVersion == kind.currentSchemaVersion)
        #expect(try EventCodec.decode(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload) == event)
    }

    @Test("encoding is deterministic and uses sorted keys", arguments: EventKind.allCases)
    func sortedKeys(_ kind: EventKind) throws {
        let a = try EventCodec.encode(Fixtures.sample(kind)).payload
        let b = try EventCodec.encode(Fixtures.sample(kind)).payload
        #expect(a == b)
        let keys = topLevelKeys(a)
        #expect(!keys.isEmpty)
        #expect(keys == keys.sorted())
    }

    @Test("type names are stable")
    func typeNames() {
        #expect(EventKind.icpDrafted.rawValue == "ICPDrafted")
        #expect(EventKind.revisionProposed.rawValue == "RevisionProposed")
        #expect(EventKind.allCases.count == 25)
        #expect(Set(EventKind.allCases.map(\.rawValue)).count == EventKind.allCases.count)
    }

    @Test("a field mapping is stored with sorted keys and reads back equal")
    func fieldMapping() throws {
        let event = Fixtures.sample(.fieldMappingSet)
        let encoded = try EventCodec.encode(event)
        let text = String(decoding: encoded.payload, as: UTF8.self)
        #expect(text.contains(#""values":{"Financial Services":"fintech"}"#), "\(text)")
        #expect(text.contains(#""reading":"range""#) && text.contains(#""pick":"lower""#))
        #expect(try EventCodec.decode(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload) == event)
    }

    @Test("random payload timestamps survive a round trip exactly")
    func timestamps() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<1_000 {
            let date = Date(timeIntervalSince1970: Double(rng.int(4_000_000_000)) + Double(rng.int(1_000_000)) / 1_000_000 + 0.000_000_3)
            let event = DomainEvent.icpFlaggedStale(
                ICPFlaggedStale(icpId: Fixtures.icpId, dueOn: CalendarDay(date, in: TimeZone(identifier: "UTC")!), flaggedAt: Timestamp(date)))
            let e = try EventCodec.encode(event)
            #expect(try EventCodec.decode(type: e.type, schemaVersion: e.schemaVersion, payload: e.payload) == event)
            #expect(abs(Timestamp(date).date.timeIntervalSince(date)) < 0.000_002)
        }
    }

    @Test("calendar days are encoded as YYYY-MM-DD")
    func calendarDayWire() throws {
        let e = try EventCodec.encode(Fixtures.sample(.revisionPublished))
        #expect(String(decoding: e.payload, as: UTF8.self).contains("\"effectiveOn\":\"2024-07-01\""))
    }

    @Test("RevisionProposed v1 (proposedBy, string evidence) upcasts to v2")
    func upcastRevisionProposed() throws {
        let v1 = """
            {"baseRevision":1,"changes":[{"statement":{"after":"New","before":"Old"}}],"evidence":["finding:01234567-89ab-cdef-0123-456789abcdef","https://example.com/deck.pdf"],\
            "icpId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","proposedAt":1717243200123456,"proposedBy":"p-alice","rationale":"Win-loss","revision":2}
            """
        let event = try EventCodec.decode(type: "RevisionProposed", schemaVersion: 1, payload: Data(v1.utf8))
        let expected = DomainEvent.revisionProposed(
            RevisionProposed(
                icpId: Fixtures.icpId, revision: 2, baseRevision: 1, changes: [.statement(before: "Old", after: "New")], rationale: "Win-loss",
                evidence: [.finding(Fixtures.findingId), .document(URL(string: "https://example.com/deck.pdf")!)],
                proposer: Fixtures.alice, proposedAt: Timestamp(microsecondsSinceEpoch: 1_717_243_200_123_456)))
        #expect(event == expected)
        let reencoded = try EventCodec.encode(event)
        #expect(reencoded.schemaVersion == 2)
    }

    @Test("QuarterlyReviewRecorded v1 (reaffirmed: Bool) upcasts to v2", arguments: [(true, ReviewOutcome.reaffirmed), (false, .revisionNeeded)])
    func upcastReview(_ flag: Bool, _ outcome: ReviewOutcome) throws {
        let v1 =
            #"{"icpId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","notes":"ok","reaffirmed":\#(flag),"reviewedAt":1700000000000000,"reviewer":"p-bob"}"#
        let event = try EventCodec.decode(type: "QuarterlyReviewRecorded", schemaVersion: 1, payload: Data(v1.utf8))
        #expect(
            event
                == .quarterlyReviewRecorded(
                    QuarterlyReviewRecorded(
                        icpId: Fixtures.icpId, outcome: outcome, reviewer: Fixtures.bob, notes: "ok",
                        reviewedAt: Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000))))
    }

    @Test("every readable schema version of every kind decodes (old versions via upcasters)", arguments: EventKind.allCases)
    func everyVersion(_ kind: EventKind) throws {
        for version in kind.readableSchemaVersions where version < kind.currentSchemaVersion {
            #expect(LegacySamples.payload(kind, version: version) != nil, "add a legacy sample for \(kind.rawValue) v\(version)")
            if let data = LegacySamples.payload(kind, version: version) {
                #expect(try EventCodec.decode(type: kind.rawValue, schemaVersion: version, payload: data).kind == kind)
            }
        }
    }

    @Test("unknown types, future versions and malformed payloads are refused")
    func refusals() {
        #expect(throws: EventCodecError.unknownType("Nope")) { try EventCodec.decode(type: "Nope", schemaVersion: 1, payload: Data("{}".utf8)) }
        #expect(throws: EventCodecError.unsupportedSchemaVersion(type: "ICPRetired", version: 2)) {
            try EventCodec.decode(type: "ICPRetired", schemaVersion: 2, payload: Data("{}".utf8))
        }
        #expect(throws: EventCodecError.self) { try EventCodec.decode(type: "ICPRetired", schemaVersion: 1, payload: Data("{}".utf8)) }
        #expect(throws: EventCodecError.self) {
            try EventCodec.decode(type: "RevisionProposed", schemaVersion: 1, payload: Data(#"{"evidence":["finding:nope"]}"#.utf8))
        }
    }

    @Test("stream names are lowercase and parse back")
    func streamNames() {
        #expect(StreamName.workspace(Fixtures.workspaceId).description == "workspace-11111111-2222-3333-4444-555555555555")
        #expect(StreamName.icp(Fixtures.icpId).description == "icp-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
        #expect(StreamName.finding(Fixtures.findingId).description == "finding-01234567-89ab-cdef-0123-456789abcdef")
        #expect(StreamName.schedule(Fixtures.workspaceId).description == "schedule-11111111-2222-3333-4444-555555555555")
        for name in [
            StreamName.workspace(Fixtures.workspaceId), .icp(Fixtures.icpId), .finding(Fixtures.findingId), .schedule(Fixtures.workspaceId),
        ] {
            #expect(StreamName(name.description) == name)
        }
        #expect(StreamName("icp-AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE") == nil)
        #expect(StreamName("other-\(UUID())") == nil)
        for kind in EventKind.allCases {
            let stream = Fixtures.sample(kind).stream.description
            #expect(["workspace-", "icp-", "finding-", "schedule-"].contains { stream.hasPrefix($0) })
        }
    }

    @Test("principal ids and uuids encode as plain strings; no names or e-mails in payloads")
    func opaque() throws {
        let e = try EventCodec.encode(Fixtures.sample(.findingRecorded))
        let text = String(decoding: e.payload, as: UTF8.self)
        #expect(text.contains("\"recordedBy\":\"p-carol\""))
        #expect(text.contains("\"notesRef\":\"notes-7f3a\""))
        #expect(!text.contains("@"))
    }
}
