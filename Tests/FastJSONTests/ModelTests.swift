import FastJSON
import Foundation
import TestFixtures
import Testing

struct ModelTests {
    @Test func samplePayloadsDecodeLikeFoundation() throws {
        let payloads = SamplePayloads.all
        func check<T: Decodable & Equatable>(_ type: T.Type, _ json: String) throws {
            let expected = try JSONDecoder().decode(T.self, from: Data(json.utf8))
            #expect(try FastJSONDecoder().decode(T.self, from: Data(json.utf8)) == expected)
            #expect(try FastJSONDecoder().decode(T.self, from: json) == expected)
            let bytes = Array(json.utf8)
            #expect(try bytes.withUnsafeBytes { try FastJSONDecoder().decode(T.self, from: $0) } == expected)
        }
        try check(ChangeProposed.self, payloads[0].json)
        try check(ChangeProposed.self, payloads[1].json)
        try check(ICPDrafted.self, payloads[2].json)
        try check(AuditRecorded.self, payloads[3].json)
    }

    @Test func decodedValuesAreRight() throws {
        let p = try FastJSONDecoder().decode(ChangeProposed.self, from: SamplePayloads.all[0].json)
        #expect(p.icpId == UUID(uuidString: "70a13412-dfec-4429-acf9-c18ee58aa279"))
        #expect(p.baseRevision == 1)
        #expect(p.revision == 2)
        #expect(p.proposedAt == Timestamp(micros: 1_746_623_207_550_904))
        #expect(p.rationale == "Quarterly tier calibration.")
        #expect(p.changes == [.thresholds(after: Thresholds(a: 75, b: 55, c: 35), before: Thresholds(a: 80, b: 60, c: 40))])
        #expect(p.evidence == [Evidence(kind: .document, ref: URL(string: "https://docs.example/calibration/2")!)])

        let s = try FastJSONDecoder().decode(ChangeProposed.self, from: SamplePayloads.all[1].json)
        guard case .signal(let change, let family) = s.changes[0], case .added(let element) = change else {
            Issue.record("unexpected \(s.changes[0])")
            return
        }
        #expect(family == .fit)
        #expect(element.value == .number(2))
        #expect(element.weight == 15)
        #expect(
            s.changes[3]
                == .signal(change: .reordered(order: [Ref(rawValue: "sig-1"), Ref(rawValue: "sig-3"), Ref(rawValue: "sig-2")]), family: .trigger))

        let d = try FastJSONDecoder().decode(ICPDrafted.self, from: SamplePayloads.all[2].json)
        #expect(d.definition.statement == "Marketing agencies with 20–200 staff that resell retainers and need predictable reporting.")
        #expect(d.definition.signals.fit[2].value == .flag(true))
        #expect(d.definition.signals.trigger[0].value == .list(["seed", "series-a"]))
        #expect(d.definition.disqualifiers.isEmpty)
        #expect(d.owner == "Dana Whitfield")

        let a = try FastJSONDecoder().decode(AuditRecorded.self, from: SamplePayloads.all[3].json)
        #expect(a.metrics == ["coverage": 0.92, "share": 0.4, "staleness": 12.5])
        #expect(a.resolution == nil)
        #expect(a.accountRef == Ref(rawValue: "acct-4411"))
        #expect(a.passed == false)
        #expect(a.score == 61.25)
    }

    @Test func optionalsMissingOrNull() throws {
        struct O: Codable, Equatable {
            var a: Int?
            var b: String?
            var c: [Int]?
            var d: URL?
        }
        let missing = try FastJSONDecoder().decode(O.self, from: "{}")
        #expect(missing == O(a: nil, b: nil, c: nil, d: nil))
        let nulls = try FastJSONDecoder().decode(O.self, from: "{\"a\":null,\"b\":null,\"c\":null,\"d\":null}")
        #expect(nulls == O(a: nil, b: nil, c: nil, d: nil))
        let some = try FastJSONDecoder().decode(O.self, from: "{\"a\":1,\"b\":\"x\",\"c\":[],\"d\":\"https:\\/\\/a.b\"}")
        #expect(some == O(a: 1, b: "x", c: [], d: URL(string: "https://a.b")))
        expectSameOutcome(O.self, "{\"a\":\"1\"}")
        expectSameOutcome(O.self, "{\"d\":\"\"}")
    }

    @Test func foundationSpecialTypes() throws {
        // URL decodes from a plain string (not URL's own keyed representation).
        #expect(try FastJSONDecoder().decode(URL.self, from: "\"https://x.example/a?b=c\"") == URL(string: "https://x.example/a?b=c"))
        expectSameOutcome([URL].self, "[\"a b\", \"https://ü.example\", \"//x\", \"?\"]")
        // UUID: lowercase, uppercase and invalid.
        let u = try FastJSONDecoder().decode(UUID.self, from: "\"70a13412-dfec-4429-acf9-c18ee58aa279\"")
        #expect(u.uuidString == "70A13412-DFEC-4429-ACF9-C18EE58AA279")
        for s in [
            "70a13412-dfec-4429-acf9-c18ee58aa27g", "{70a13412-dfec-4429-acf9-c18ee58aa279}", "70a13412dfec4429acf9c18ee58aa279",
            "70a13412-dfec-4429-acf9-c18ee58aa279 ", "70a13412-dfec-4429-acf9-c18ee58aa2\\u0037\\u0039",
        ] {
            expectSameOutcome(UUID.self, "\"\(s)\"")
        }
        // Data is Base64 by default; Date is a Double (deferredToDate); Decimal is a number.
        #expect(try FastJSONDecoder().decode(Data.self, from: "\"AQID\"") == Data([1, 2, 3]))
        expectSameOutcome([Data].self, "[\"AQID\", \"\", \"AQ==\", \"AQ\", \"A Q I D\", \"AQID\\n\"]")
        #expect(try FastJSONDecoder().decode(Date.self, from: "0") == Date(timeIntervalSinceReferenceDate: 0))
        for d in ["1.5", "-0.001", "12345678901234567890123456789012345678901234567890", "1e-130", "1e130", "1e400", "0.1"] {
            expectSameOutcome([Decimal].self, "[\(d)]")
        }
        // Int128 / UInt128.
        for t in ["170141183460469231731687303715884105727", "-170141183460469231731687303715884105728", "1e30", "1.5", "-1"] {
            expectSameOutcome([Int128].self, "[\(t)]")
            expectSameOutcome([UInt128].self, "[\(t)]")
        }
    }

    @Test func stringsWithEscapes() throws {
        let cases: [(String, String)] = [
            (#""plain""#, "plain"),
            (#""q\"b\\s\/n\nr\rt\tb\bf\f""#, "q\"b\\s/n\nr\rt\tb\u{8}f\u{C}"),
            (#""\u0041\u00e9\u4e2d\ud83d\ude00\u0000""#, "Aé中😀\u{0}"),
            ("\"é中😀\"", "é中😀"),
            (#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
        ]
        for (json, expected) in cases {
            #expect(try FastJSONDecoder().decode(String.self, from: json) == expected)
            expectSameOutcome(String.self, json)
        }
    }

    @Test func userInfoIsPassedThrough() throws {
        struct NeedsInfo: Decodable {
            var marker: String
            init(from decoder: any Decoder) throws {
                marker = decoder.userInfo[CodingUserInfoKey(rawValue: "marker")!] as? String ?? "none"
            }
        }
        var decoder = FastJSONDecoder()
        #expect(try decoder.decode(NeedsInfo.self, from: "{}").marker == "none")
        decoder.userInfo[CodingUserInfoKey(rawValue: "marker")!] = "set"
        #expect(try decoder.decode(NeedsInfo.self, from: "{}").marker == "set")
    }

    @Test func largeAndUnsortedObjects() throws {
        // Large objects (cursor offsets, dictionary dedup via Set) and shuffled key orders.
        var r = SplitMix64(seed: 42)
        for n in [1, 5, 17, 100, 5000] {
            var members = (0..<n).map { "\"k\($0)\":\($0)" }
            members.shuffle(using: &r)
            if n > 1 { members.append("\"k0\":-1") }  // duplicate: first occurrence must win
            let json = "{" + members.joined(separator: ",") + "}"
            let expected = try JSONDecoder().decode([String: Int].self, from: Data(json.utf8))
            #expect(try FastJSONDecoder().decode([String: Int].self, from: json) == expected)
            expectSameOutcome(AnyJSON.self, json)
        }
        let sorted = "{" + (0..<70000).map { String(format: "\"k%06d\":%d", $0, $0) }.joined(separator: ",") + "}"
        let expected = try JSONDecoder().decode([String: Int].self, from: Data(sorted.utf8))
        #expect(try FastJSONDecoder().decode([String: Int].self, from: sorted) == expected)
        expectSameOutcome(AnyJSON.self, sorted)
    }
}
