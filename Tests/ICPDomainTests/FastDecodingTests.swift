import Foundation
import TestFixtures
import Testing

@testable import FastJSON
@testable import ICPDomain

/// The hand-written fast paths (`FastJSONDecoding.swift`) against `init(from:)`: on the
/// payloads the store writes the fast path itself must succeed with the same value, and on
/// any variation of them the decoder must end with the same value or the same error as the
/// `Codable` path alone.
@Suite("Fast payload decoding")
struct FastDecodingTests {
    /// Decodes through `init(from:)` only (the generic overload, as for any type without a fast path).
    static func viaCodable<T: Decodable>(_: T.Type, _ data: Data) throws -> T {
        try FastJSONDecoder().decode(T.self, from: data)
    }

    /// Runs the fast path alone, with no fallback.
    static func fastOnly<T: FastJSONDecodable>(_: T.Type, _ data: Data) throws -> T {
        try data.withUnsafeBytes { bytes in
            try T(fastJSON: FastJSONValue(s: try _State(bytes: bytes, userInfo: [:]), i: 0))
        }
    }

    struct Failure: Error, Equatable { var text: String }

    static func outcome<T>(_ body: () throws -> T) -> Result<T, Failure> {
        do { return .success(try body()) } catch { return .failure(Failure(text: String(describing: error))) }
    }

    static func randomPrincipal(_ rng: inout SplitMix64) -> PrincipalID {
        rng.pick([PrincipalID("editor-\(rng.int(1000))"), "p-ålice", "user \"quoted\"", PrincipalID(UUID()), "a\\b/c", "tab\there"])
    }

    static func randomTimestamp(_ rng: inout SplitMix64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: Int64(rng.int(4_000_000_000)) * 1_000_000 + Int64(rng.int(1_000_000)) - 2_000_000_000_000_000)
    }

    static func randomThresholds(_ rng: inout SplitMix64) -> TierThresholds {
        TierThresholds(a: Double(rng.int(100)) + rng.pick([0, 0.5, 0.125, 1e-7]), b: Double(rng.int(80)), c: Double(rng.int(60)) / 3)
    }

    static func randomChanges(_ rng: inout SplitMix64) -> [DefinitionChange] {
        var changes: [DefinitionChange] = []
        for _ in 0..<rng.int(4) {
            if rng.bool() {
                changes.append(.thresholds(before: randomThresholds(&rng), after: randomThresholds(&rng)))
            } else {
                let base = PlainDefinitions.random(&rng)
                changes += DefinitionDiff.between(base, PlainDefinitions.mutate(base, &rng)).changes.prefix(2)
            }
        }
        return changes
    }

    static func randomEvidence(_ rng: inout SplitMix64) -> [EvidenceRef] {
        (0..<rng.int(4)).map { n in
            rng.bool()
                ? .finding(FindingID(UUID()))
                : .document(URL(string: rng.pick(["https://docs.example/q\(n)", "https://x.example/a%20b?c=d#e", "file:///tmp/x"]))!)
        }
    }

    static func randomPayloads(_ rng: inout SplitMix64) -> [DomainEvent] {
        let icp = ICPID(UUID())
        return [
            .revisionProposed(
                RevisionProposed(
                    icpId: icp, revision: rng.int(1...300), baseRevision: rng.int(300), changes: randomChanges(&rng),
                    rationale: rng.pick(["Quarterly tier calibration.", "", "Ünïcödé \u{1F600} and \"quotes\"\n"]),
                    evidence: randomEvidence(&rng), resolves: rng.bool() ? nil : (0..<rng.int(3)).map { _ in FindingID() },
                    proposer: randomPrincipal(&rng), proposedAt: randomTimestamp(&rng))),
            .revisionApproved(
                RevisionApproved(
                    icpId: icp, revision: rng.int(1...300), approver: randomPrincipal(&rng), approvedAt: randomTimestamp(&rng),
                    comment: rng.pick([nil, "Looks right.", ""]))),
            .revisionPublished(
                RevisionPublished(
                    icpId: icp, revision: rng.int(1...300), effectiveOn: CalendarDay(daysSinceEpoch: rng.int(40_000) - 10_000),
                    publishedBy: randomPrincipal(&rng), publishedAt: randomTimestamp(&rng))),
            .quarterlyReviewRecorded(
                QuarterlyReviewRecorded(
                    icpId: icp, outcome: rng.pick(ReviewOutcome.allCases), reviewer: randomPrincipal(&rng),
                    notes: rng.pick(["Reaffirmed.", "", "needs work\u{0007}"]), reviewedAt: randomTimestamp(&rng))),
        ]
    }

    /// The fast path alone, the decoder with its fast path, and the `Codable` path, on one document.
    static func compare(_ kind: EventKind, _ data: Data, expectFast: DomainEvent? = nil) throws {
        func check<T: FastJSONDecodable & Equatable>(_: T.Type, _ wrap: (T) -> DomainEvent) throws {
            let withFastPath = outcome { try FastJSONDecoder().decode(T.self, from: data) }
            let codable = outcome { try viaCodable(T.self, data) }
            #expect(withFastPath == codable, "\(String(decoding: data, as: UTF8.self))")
            if let fast = try? fastOnly(T.self, data) {
                // Whenever the fast path answers, it answers what init(from:) answers.
                #expect(codable == .success(fast), "\(String(decoding: data, as: UTF8.self))")
            }
            if let expectFast {
                #expect(try wrap(fastOnly(T.self, data)) == expectFast)
                #expect(try wrap(JSONDecoder().decode(T.self, from: data)) == expectFast)
            }
        }
        switch kind {
        case .revisionProposed: try check(RevisionProposed.self, DomainEvent.revisionProposed)
        case .revisionApproved: try check(RevisionApproved.self, DomainEvent.revisionApproved)
        case .revisionPublished: try check(RevisionPublished.self, DomainEvent.revisionPublished)
        case .quarterlyReviewRecorded: try check(QuarterlyReviewRecorded.self, DomainEvent.quarterlyReviewRecorded)
        default: Issue.record("no fast path for \(kind)")
        }
    }

    @Test("the fast path itself decodes every stored payload of the four hot kinds, equal to JSONDecoder")
    func storedPayloads() throws {
        var rng = SplitMix64(seed: 41)
        for _ in 0..<400 {
            for event in Self.randomPayloads(&rng) {
                let encoded = try EventCodec.encode(event)
                try Self.compare(event.kind, encoded.payload, expectFast: event)
                #expect(try EventCodec.decode(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload) == event)
            }
        }
    }

    /// Variations of a stored payload: members reordered, dropped, duplicated, nulled, retyped,
    /// extra members, numbers and strings spelled differently, enum cases unknown.
    static func variations(of payload: Data, _ rng: inout SplitMix64) throws -> [Data] {
        guard let object = try JSONSerialization.jsonObject(with: payload) as? [String: Any] else { return [] }
        let keys = object.keys.sorted()
        let text = String(decoding: payload, as: UTF8.self)
        func data(_ value: Any) throws -> Data { try JSONSerialization.data(withJSONObject: value) }
        var result: [Data] = []
        let key = rng.pick(keys)
        var dropped = object
        dropped[key] = nil
        result.append(try data(dropped))
        var nulled = object
        nulled[key] = NSNull()
        result.append(try data(nulled))
        for replacement: Any in [
            1, 1e2, -3.5, "text", true, [Any](), [String: Any](), "2024-02-30", "reaffirmed", "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE",
        ] {
            var retyped = object
            retyped[key] = replacement
            result.append(try data(retyped))
        }
        var extra = object
        extra["unknownMember"] = ["x": 1]
        result.append(try data(extra))
        result.append(try data(object))  // unsorted member order
        // The first of two equal keys wins, before or after the stored member.
        let duplicate = "\"\(key)\":" + (rng.bool() ? "null" : "\"dup\"")
        result.append(Data(("{" + duplicate + "," + text.dropFirst()).utf8))
        result.append(Data((text.dropLast() + "," + duplicate + "}").utf8))
        // Escaped key spelling, integral numbers in other spellings, escaped string contents.
        result.append(Data(text.replacingOccurrences(of: "\"revision\"", with: "\"revisio\\u006e\"").utf8))
        result.append(Data(text.replacingOccurrences(of: "\"revision\":", with: "\"revision\":1e1,\"x\":").utf8))
        result.append(Data(text.replacingOccurrences(of: "\"revision\":", with: "\"revision\":2.0,\"x\":").utf8))
        result.append(Data(text.replacingOccurrences(of: "\"a\":", with: "\"a\":1e400,\"x\":").utf8))
        result.append(Data(text.replacingOccurrences(of: "\"kind\":\"document\"", with: "\"kind\":\"webpage\"").utf8))
        result.append(Data(text.replacingOccurrences(of: "\"kind\":\"document\"", with: "\"kind\":\"d\\u006fcument\"").utf8))
        result.append(
            Data(text.replacingOccurrences(of: "{\"thresholds\":", with: "{\"name\":{\"before\":\"x\",\"after\":\"y\"},\"thresholds\":").utf8))
        result.append(Data(text.replacingOccurrences(of: "\"outcome\":\"", with: "\"outcome\":\"x").utf8))
        result.append(Data(text.replacingOccurrences(of: "\"icpId\":\"", with: "\"icpId\":\"{").utf8))
        result.append(Data(text.lowercased().utf8))
        result.append(Data(text.uppercased().utf8))
        result.append(Data(text.dropLast().utf8))
        return result
    }

    @Test("on any variation of a payload, the decoder with fast paths answers exactly as init(from:)")
    func variations() throws {
        var rng = SplitMix64(seed: 42)
        var documents = 0
        for _ in 0..<60 {
            for event in Self.randomPayloads(&rng) {
                for variation in try Self.variations(of: try EventCodec.encode(event).payload, &rng) {
                    try Self.compare(event.kind, variation)
                    documents += 1
                }
            }
        }
        #expect(documents > 5_000)
    }

    @Test("other definition changes inside a proposal go through init(from:) at that value")
    func otherChanges() throws {
        var rng = SplitMix64(seed: 43)
        var seen = 0
        for _ in 0..<200 {
            let base = PlainDefinitions.random(&rng)
            let changes = DefinitionDiff.between(base, PlainDefinitions.mutate(base, &rng)).changes
            guard !changes.isEmpty else { continue }
            let event = RevisionProposed(
                icpId: ICPID(UUID()), revision: 2, baseRevision: 1, changes: changes, rationale: "r",
                evidence: [], proposer: "p", proposedAt: Timestamp(microsecondsSinceEpoch: 1))
            let data = try EventCodec.encode(.revisionProposed(event)).payload
            #expect(try Self.fastOnly(RevisionProposed.self, data) == event)
            seen += changes.count
        }
        #expect(seen > 200)
    }
}
