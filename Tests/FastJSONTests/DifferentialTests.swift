import FastJSON
import Foundation
import TestFixtures
import Testing

// Differential tests: values generated with a seeded PRNG are encoded with Foundation's
// JSONEncoder and decoded with both JSONDecoder and FastJSONDecoder; results must be equal.

struct Nested: Codable, Hashable {
    var id: Int64
    var name: String
    var tags: [String]
    var weight: Double?
}

/// Covers every primitive type and the Foundation types JSONDecoder special-cases.
struct Sample: Codable, Equatable {
    var int: Int
    var int8: Int8
    var int16: Int16
    var int32: Int32
    var int64: Int64
    var uint: UInt
    var uint8: UInt8
    var uint16: UInt16
    var uint32: UInt32
    var uint64: UInt64
    var float: Float
    var double: Double
    var bool: Bool
    var string: String
    var uuid: UUID
    var url: URL
    var date: Date
    var data: Data
    var decimal: Decimal
    var optInt: Int?
    var optString: String?
    var optNested: Nested?
    var metrics: [String: Double]
    var strings: [String]
    var nested: [Nested]
    var matrix: [[Int]]
    var family: SignalFamily
    var change: ListChange<Thresholds>
    var value: SignalValue
    var timestamp: Timestamp
    var ref: Ref
}

enum Gen {
    static let specialDoubles: [Double] = [
        0, -0.0, 0.1, 0.2, 0.3, 1.5, -1.5, 1e300, -1e300, 1e-300, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
        1.7976931348623157e308, -1.7976931348623157e308, 123456789.123456789, 9007199254740994, 1e22, 1e23,
        4.35, 0.000001, 1e-7, 100, 1746623207550904, 0.4, 2.5e-5, 3.0000000000000004,
    ]
    static let specialFloats: [Float] = [
        0, -0.0, 0.1, 1.5, 3.4028235e38, -3.4028235e38, .leastNonzeroMagnitude, .leastNormalMagnitude, 16777216, 16777218, 0.3, 1e10,
    ]
    static let stringPieces: [String] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\n", "\r", "\u{C}", "\u{1F}",
        "\u{7F}", "é", "ß", "中", "😀", "👩‍👩‍👧", "\u{2028}", "\u{FFFF}", "\u{10FFFF}", "\u{FEFF}", "–", "key", "https://x",
        "\\u0041", "\"quoted\"", "{", "}", "[", "]", ",", ":", "true", "null", "-1e5",
    ]

    static func double(_ r: inout SplitMix64) -> Double {
        switch r.int(0...5) {
        case 0: return r.pick(specialDoubles)
        case 1: return Double(r.int(-1_000_000...1_000_000)) / 100
        case 2:
            while true {
                let d = Double(bitPattern: r.next())
                if d.isFinite { return d }
            }
        case 3: return Double(Int64(bitPattern: r.next()) >> r.int(0...60))
        case 4: return Double.random(in: -1...1, using: &r) * pow(10, Double(r.int(-320...300)))
        default: return Double.random(in: 0..<1000, using: &r)
        }
    }

    static func float(_ r: inout SplitMix64) -> Float {
        switch r.int(0...3) {
        case 0: return r.pick(specialFloats)
        case 1:
            while true {
                let f = Float(bitPattern: UInt32(truncatingIfNeeded: r.next()))
                if f.isFinite { return f }
            }
        case 2: return Float(r.int(-100_000...100_000)) / 64
        default: return Float.random(in: -1000...1000, using: &r)
        }
    }

    static func integer<T: FixedWidthInteger>(_ r: inout SplitMix64, _: T.Type) -> T {
        switch r.int(0...4) {
        case 0: return r.pick([T.min, T.max, 0, 1, T.min / 2, T.max / 2, T.max - 1])
        case 1: return T(truncatingIfNeeded: r.int(-1000...1000))
        default: return T(truncatingIfNeeded: r.next() >> UInt64(r.int(0...63)))
        }
    }

    static func string(_ r: inout SplitMix64, maxPieces: Int = 8) -> String {
        var s = ""
        for _ in 0..<r.int(0...maxPieces) { s += r.pick(stringPieces) }
        return s
    }

    static func key(_ r: inout SplitMix64) -> String {
        r.chance(0.8) ? r.pick(["a", "b", "share", "coverage", "k\(r.int(0...50))", "é", "😀", "x y"]) : string(&r, maxPieces: 3)
    }

    static func nested(_ r: inout SplitMix64) -> Nested {
        Nested(
            id: integer(&r, Int64.self), name: string(&r),
            tags: (0..<r.int(0...3)).map { _ in string(&r, maxPieces: 2) },
            weight: r.chance(0.5) ? double(&r) : nil)
    }

    static func thresholds(_ r: inout SplitMix64) -> Thresholds {
        Thresholds(a: integer(&r, Int.self), b: r.int(0...100), c: r.int(-5...5))
    }

    static func uuid(_ r: inout SplitMix64) -> UUID {
        let a = r.next(), b = r.next()
        return withUnsafeBytes(of: (a, b)) { UUID(uuid: $0.load(as: uuid_t.self)) }
    }

    static func ref(_ r: inout SplitMix64) -> Ref { Ref(rawValue: string(&r, maxPieces: 2)) }

    static func signalValue(_ r: inout SplitMix64) -> SignalValue {
        switch r.int(0...3) {
        case 0: return .number(double(&r))
        case 1: return .text(string(&r))
        case 2: return .flag(r.chance(0.5))
        default: return .list((0..<r.int(0...3)).map { _ in string(&r, maxPieces: 2) })
        }
    }

    static func change(_ r: inout SplitMix64) -> ListChange<Thresholds> {
        switch r.int(0...3) {
        case 0: return .added(element: thresholds(&r))
        case 1: return .removed(ref: ref(&r), before: thresholds(&r))
        case 2: return .changed(ref: ref(&r), before: thresholds(&r), after: thresholds(&r))
        default: return .reordered(order: (0..<r.int(0...4)).map { _ in ref(&r) })
        }
    }

    static let urls = [
        "https://docs.example/calibration/2", "http://a.b/c?d=e&f=g#h", "https://example.com/%20x",
        "mailto:someone@example.com", "urn:isbn:0451450523", "https://[::1]:8080/path", "file:///tmp/x.json",
        "https://user:pw@host.example:99/a/b/../c", "relative/path", "https://ü.example/ö",
    ]

    static func sample(_ r: inout SplitMix64) -> Sample {
        var metrics: [String: Double] = [:]
        for _ in 0..<r.int(0...4) { metrics[key(&r)] = double(&r) }
        let decimalText = "\(r.chance(0.3) ? "-" : "")\(r.int(0...99999)).\(r.int(0...9999))"
        return Sample(
            int: integer(&r, Int.self), int8: integer(&r, Int8.self), int16: integer(&r, Int16.self),
            int32: integer(&r, Int32.self), int64: integer(&r, Int64.self), uint: integer(&r, UInt.self),
            uint8: integer(&r, UInt8.self), uint16: integer(&r, UInt16.self), uint32: integer(&r, UInt32.self),
            uint64: integer(&r, UInt64.self), float: float(&r), double: double(&r), bool: r.chance(0.5),
            string: string(&r), uuid: uuid(&r),
            url: URL(string: r.pick(urls))!, date: Date(timeIntervalSinceReferenceDate: double(&r)),
            data: Data((0..<r.int(0...20)).map { _ in UInt8(truncatingIfNeeded: r.next()) }),
            decimal: Decimal(string: decimalText)!,
            optInt: r.chance(0.5) ? integer(&r, Int.self) : nil,
            optString: r.chance(0.5) ? string(&r) : nil,
            optNested: r.chance(0.5) ? nested(&r) : nil,
            metrics: metrics,
            strings: (0..<r.int(0...4)).map { _ in string(&r) },
            nested: (0..<r.int(0...3)).map { _ in nested(&r) },
            matrix: (0..<r.int(0...3)).map { _ in (0..<r.int(0...3)).map { _ in integer(&r, Int.self) } },
            family: r.pick(SignalFamily.allCases), change: change(&r), value: signalValue(&r),
            timestamp: Timestamp(micros: integer(&r, Int64.self)), ref: ref(&r))
    }
}

struct DifferentialTests {
    static let formattings: [JSONEncoder.OutputFormatting] = [
        [.sortedKeys], [], [.sortedKeys, .prettyPrinted], [.withoutEscapingSlashes],
    ]

    @Test func generatedSamplesDecodeLikeFoundation() throws {
        var r = SplitMix64(seed: 0x5EED_0001)
        var checked = 0
        for n in 0..<4000 {
            let sample = Gen.sample(&r)
            let encoder = JSONEncoder()
            encoder.outputFormatting = Self.formattings[n % Self.formattings.count]
            let data = try encoder.encode(sample)
            let expected = try JSONDecoder().decode(Sample.self, from: data)
            let actual = try FastJSONDecoder().decode(Sample.self, from: data)
            #expect(actual == expected, "case \(n): \(String(decoding: data, as: UTF8.self))")
            // Also compares things `==` cannot see, such as the sign of zero.
            #expect(canonical(actual) == canonical(expected), "case \(n)")
            // Decoding must reproduce the value that was encoded (Foundation itself round-trips).
            #expect(actual.double.bitPattern == sample.double.bitPattern, "case \(n)")
            #expect(actual.float.bitPattern == sample.float.bitPattern, "case \(n)")
            #expect(actual.string == sample.string, "case \(n)")
            checked += 1
        }
        #expect(checked == 4000)
    }

    @Test func generatedModelPayloadsDecodeLikeFoundation() throws {
        var r = SplitMix64(seed: 0x5EED_0002)
        for n in 0..<1500 {
            let signal = Signal(
                key: Gen.string(&r), op: r.pick(Op.allCases), rationale: Gen.string(&r),
                value: Gen.signalValue(&r), weight: Gen.integer(&r, Int.self))
            let disq = Disqualifier(key: Gen.string(&r), op: r.pick(Op.allCases), reason: Gen.string(&r), value: Gen.signalValue(&r))
            let changes: [ICPChange] = [
                .thresholds(after: Gen.thresholds(&r), before: Gen.thresholds(&r)),
                .signal(
                    change: r.chance(0.5) ? .added(element: signal) : .changed(ref: Gen.ref(&r), before: signal, after: signal),
                    family: r.pick(SignalFamily.allCases)),
                .disqualifier(change: r.chance(0.5) ? .removed(ref: Gen.ref(&r), before: disq) : .reordered(order: [Gen.ref(&r)])),
                .renamed(name: Gen.string(&r)), .archived,
            ]
            let value = ChangeProposed(
                icpId: Gen.uuid(&r), revision: Gen.integer(&r, Int64.self), baseRevision: r.chance(0.5) ? Gen.integer(&r, Int64.self) : nil,
                proposer: Gen.uuid(&r), proposedAt: Timestamp(micros: Gen.integer(&r, Int64.self)), rationale: Gen.string(&r),
                changes: (0..<r.int(0...4)).map { _ in r.pick(changes) },
                evidence: (0..<r.int(0...2)).map { _ in Evidence(kind: r.pick(EvidenceKind.allCases), ref: URL(string: r.pick(Gen.urls))!) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = Self.formattings[n % Self.formattings.count]
            let data = try encoder.encode(value)
            let expected = try JSONDecoder().decode(ChangeProposed.self, from: data)
            let actual = try FastJSONDecoder().decode(ChangeProposed.self, from: data)
            #expect(actual == expected)
            #expect(actual == value)
        }
    }

    /// Number texts (valid and invalid) decoded as every numeric type, in arrays and objects.
    @Test func numberTextsDecodeLikeFoundation() {
        let scale = TestEnvironment.settings.fuzzScale
        var r = SplitMix64(seed: 0x5EED_0003 &+ UInt64(scale - 1))
        var texts: [String] = [
            "0", "-0", "1", "-1", "1e2", "1E2", "1e+2", "1e-2", "100e-2", "1.0", "1.5", "-1.5", "0.1e1", "1.000000000000000000001",
            "127", "128", "-128", "-129", "255", "256", "32767", "32768", "65535", "65536", "2147483647", "2147483648",
            "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "18446744073709551615", "18446744073709551616", "9007199254740993",
            "9007199254740993e0", "9007199254740993.0", "12345678901234567890e-2", "1000000000000000000000e-3",
            "12345678901234567890123e-5", "1.99999999999999999999999999999999999999999e18", "9.223372036854775807e18",
            "1e18", "1e19", "1e309", "-1e309", "1e-400", "5e-324", "2.4703282292062328e-324", "2.4703282292062327e-324",
            "1.7976931348623157e308", "1.7976931348623159e308", "3.4028235e38", "3.4028236e38", "3.402823567e38",
            "1e-46", "7e-46", "1.4e-45", "16777217", "0e5", "-0e-5", "0.000e999", "0.5", "-0.5", "1e0", "-1e0",
            "01", "00", "-01", "1.", "-", "--", ".5", "+1", "1e", "1e+", "1ee2", "1.2.3", "0.e1", "1-2", "1+", "-e",
            "123456789012345678901234567890", "0.30000000000000004", "1e22", "1e23", "4.35", "2.5e-5",
        ]
        for _ in 0..<(1500 * scale) {
            var t = ""
            if r.chance(0.1) { t += "-" }
            if r.chance(0.2) {
                t += "0"
            } else {
                t += String(r.int(1...9))
                for _ in 0..<r.int(0...22) { t += String(r.int(0...9)) }
            }
            if r.chance(0.4) {
                t += "."
                for _ in 0..<r.int(1...20) { t += String(r.int(0...9)) }
            }
            if r.chance(0.4) {
                t += r.pick(["e", "E", "e+", "e-", "E-"])
                t += String(r.int(0...400))
            }
            if r.chance(0.05) { t.insert(r.pick(["0", "-", ".", "e", "+"]), at: t.index(t.startIndex, offsetBy: r.int(0...t.count))) }
            texts.append(t)
        }
        for t in texts {
            for json in ["[\(t)]", "{\"v\":\(t)}"] {
                let bytes = Array(json.utf8)
                if json.hasPrefix("[") {
                    expectSameOutcome([Int].self, bytes)
                    expectSameOutcome([Int8].self, bytes)
                    expectSameOutcome([Int16].self, bytes)
                    expectSameOutcome([Int32].self, bytes)
                    expectSameOutcome([Int64].self, bytes)
                    expectSameOutcome([UInt].self, bytes)
                    expectSameOutcome([UInt8].self, bytes)
                    expectSameOutcome([UInt16].self, bytes)
                    expectSameOutcome([UInt32].self, bytes)
                    expectSameOutcome([UInt64].self, bytes)
                    expectSameOutcome([Double].self, bytes)
                    expectSameOutcome([Float].self, bytes)
                    expectSameOutcome([Decimal].self, bytes)
                    expectSameOutcome([Bool].self, bytes)
                    expectSameOutcome([String].self, bytes)
                    expectSameOutcome([Int?].self, bytes)
                } else {
                    expectSameOutcome([String: Int].self, bytes)
                    expectSameOutcome([String: Double].self, bytes)
                    expectSameOutcome([String: UInt8].self, bytes)
                    expectSameOutcome(Box<Int64>.self, bytes)
                    expectSameOutcome(Box<Float>.self, bytes)
                    expectSameOutcome(Box<Int16?>.self, bytes)
                }
            }
        }
    }

    /// Random JSON documents with random single-byte mutations, decoded as a dynamic value.
    @Test func mutatedDocumentsDecodeLikeFoundation() {
        // FASTJSON_FUZZ_SCALE=N multiplies the iteration count (and varies the seed).
        let scale = TestEnvironment.settings.fuzzScale
        var r = SplitMix64(seed: 0x5EED_0004 &+ UInt64(scale - 1))
        func scalar(_ r: inout SplitMix64) -> String {
            switch r.int(0...5) {
            case 0: return "null"
            case 1: return r.chance(0.5) ? "true" : "false"
            case 2: return r.pick(["0", "-1", "1.5", "1e3", "-0.0", "123456789012", "4.35e-2"])
            case 3: return String(decoding: try! JSONEncoder().encode(Gen.string(&r, maxPieces: 3)), as: UTF8.self)
            case 4: return r.pick(["\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"a\\/b\"", "\"\\b\\f\\n\\r\\t\"", "\"\\u0000\"", "\"\\uDBFF\\uDFFF\""])
            default: return "\"s\(r.int(0...9))\""
            }
        }
        func ws(_ r: inout SplitMix64) -> String { r.chance(0.8) ? "" : r.pick([" ", "\n", "\t", "\r\n  "]) }
        func value(_ r: inout SplitMix64, depth: Int) -> String {
            if depth > 3 || r.chance(0.35) { return scalar(&r) }
            if r.chance(0.5) {
                let items = (0..<r.int(0...4)).map { _ in ws(&r) + value(&r, depth: depth + 1) + ws(&r) }
                return "[" + items.joined(separator: ",") + "]"
            }
            let members = (0..<r.int(0...4)).map { _ in
                ws(&r) + String(decoding: try! JSONEncoder().encode(Gen.key(&r)), as: UTF8.self) + ws(&r) + ":" + ws(&r) + value(&r, depth: depth + 1)
            }
            return "{" + members.joined(separator: ",") + "}"
        }
        let insertions: [UInt8] = Array(",:[]{}\"\\ 0-.e1tnfu/\u{1}x".utf8) + [0xC3, 0xFF, 0x80]
        var successes = 0
        var failures = 0
        for _ in 0..<(6000 * scale) {
            var bytes = Array((ws(&r) + value(&r, depth: 0) + ws(&r)).utf8)
            for _ in 0..<r.int(0...2) where !bytes.isEmpty {
                let at = r.int(0...(bytes.count - 1))
                switch r.int(0...2) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(r.pick(insertions), at: at)
                default: bytes.insert(bytes[at], at: at)
                }
            }
            let (f, _) = expectSameOutcome(AnyJSON.self, bytes)
            if f.isError { failures += 1 } else { successes += 1 }
        }
        // Both branches must have been exercised substantially.
        #expect(successes > 500)
        #expect(failures > 500)
    }
}

struct Box<T: Codable>: Codable {
    var v: T
}
