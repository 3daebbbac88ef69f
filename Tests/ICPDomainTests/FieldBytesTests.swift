import ByteText
import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

/// The byte-level readers of an import (``FieldBytes``, ``ByteVocabulary``, `ColumnReader.encode`
/// and `PipelineScorer.score` over a ``CSVRecord``) are held to the long way — `AccountReader` over
/// strings — on fields of every shape: where a fast reader answers, it answers the same.
@Suite("Fields read from their bytes read as the long way reads them")
struct FieldBytesTests {
    static func fast(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { bytes in FieldBytes.isPlainEdged(bytes) ? FieldBytes.number(bytes) : nil }
    }

    @Test("common amounts and counts are read from their bytes, exactly as the long way reads them")
    func commonNumbers() {
        let cases: [(String, Double)] = [
            ("1200", 1200), ("-3.5", -3.5), ("$1,200,000.50", 1_200_000.5), ("$12,345.00", 12_345), ("1,234", 1234), ("0.1", 0.1),
            ("-$5", -5), ("007", 7), ("-0", -0.0), ("1 200", 1200), ("123456789012345", 123_456_789_012_345), ("0.00000000000001", 1e-14),
        ]
        for (text, value) in cases {
            let fast = Self.fast(text)
            #expect(fast == value, "\(text)")
            #expect(fast?.bitPattern == AccountReader.number(text)?.bitPattern, "\(text)")
        }
        #expect(Self.fast("-0")?.sign == .minus)
        // Shapes left to the long way: decimal commas, Indian grouping, exponents, 16 digits, other signs.
        for text in [
            "12,5", "12,34,567", "1.200.000", "1e5", "1234567890123456", "0.000000000000001", "€5", "+5", "1.", ".5", "1,23", "1234,567", "5-", "--5",
            "$",
        ] {
            #expect(Self.fast(text) == nil, "\(text)")
        }
    }

    @Test("on 200,000 generated numbers, every answer from the bytes equals the long way's, bit for bit")
    func numbersAgainstTheLongWay() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("0123456789012345678901234567890123456789.,,-$ '+e€")
        var answered = 0
        for round in 0..<200_000 {
            let text: String
            if round % 2 == 0 {
                text = String((0..<random.int(16)).map { _ in random.pick(alphabet) })
            } else {
                // Well-formed amounts: sign, currency, groups of three, decimals.
                var whole = String(random.int(1000))
                for _ in 0..<random.int(4) { whole += "," + String(format: "%03d", random.int(1000)) }
                let decimals = random.int(3) == 0 ? "" : "." + String((0..<(1 + random.int(6))).map { _ in random.pick(Array("0123456789")) })
                text = (random.int(4) == 0 ? "-" : "") + (random.int(2) == 0 ? "$" : "") + whole + decimals
            }
            guard let fast = Self.fast(text) else { continue }
            answered += 1
            #expect(fast.bitPattern == AccountReader.number(text.trimmingCharacters(in: .whitespacesAndNewlines))?.bitPattern, "\(text)")
        }
        #expect(answered > 100_000, "the fast path must answer for most amounts, or this test checks nothing")
    }

    @Test("yes and no from their bytes, in any case; other words are left to the long way")
    func booleans() {
        var random = SplitMix64(seed: 7)
        let words = ["true", "yes", "y", "1", "t", "on", "x", "false", "no", "n", "0", "f", "off", "maybe", "tru", "yess", "", "2", "ja", "ÿes"]
        for _ in 0..<5_000 {
            let word = String(random.pick(words).map { random.int(2) == 0 ? Character($0.uppercased()) : $0 })
            let fast = Array(word.utf8).withUnsafeBufferPointer { FieldBytes.boolean($0) }
            if let fast { #expect(fast == AccountReader.boolean(word), "\(word)") }
            if AccountReader.boolean(word) != nil && word.utf8.allSatisfy({ $0 < 0x80 }) { #expect(fast != nil, "\(word)") }
        }
    }

    @Test("values are found by their bytes ignoring ASCII case, including values equal to ASCII text only under Unicode equivalence")
    func vocabulary() {
        let strings = ["fintech", "Insurtech", "\u{212A}elvin", "a\u{37E}b", "Ünïcode", "EMEA", "x"]
        let schema = AccountSchema(keys: ["k"], strings: strings)
        for probe in ["fintech", "FINTECH", "insurtech", "kelvin", "KELVIN", "a;b", "A;B", "emea", "x", "X", "y", "fintech ", "fin", "unicode"] {
            let id = Array(probe.utf8).withUnsafeBufferPointer { schema.byteVocabulary.lookup($0) }
            #expect(id == schema.id(of: probe), "\(probe)")
        }
        #expect(Array("KELVIN".utf8).withUnsafeBufferPointer { schema.byteVocabulary.lookup($0) } >= 0)
    }

    static let definition = ICPDefinition(
        name: "Differential ICP",
        statement: "Accounts read both ways must score the same.",
        signals: SignalSet(
            fit: [
                Signal(key: "industry", op: .in, value: .stringList(["fintech", "insurtech", "\u{212A}elvin"]), weight: 20),
                Signal(key: "employees", op: .between, value: .numberRange(NumberRange(100, 1000)), weight: 12),
                Signal(key: "region", op: .equals, value: .string("EMEA"), weight: 8),
                Signal(key: "stack", op: .contains, value: .string("snowflake"), weight: 6),
                Signal(key: "soc2", op: .equals, value: .bool(true), weight: 4),
                Signal(key: "segment", op: .in, value: .stringList(["enterprise", "mid-market"]), weight: 5),
            ],
            economic: [Signal(key: "acvUSD", op: .atLeast, value: .number(30_000), weight: 15)],
            retention: [Signal(key: "nrrPct", op: .atLeast, value: .number(110), weight: 10)],
            trigger: [Signal(key: "recentFunding", op: .exists, value: nil, weight: 9)]
        ),
        disqualifiers: [
            Disqualifier(key: "stack", op: .contains, value: .string("sap"), reason: "No SAP connector."),
            Disqualifier(key: "employees", op: .atMost, value: .number(10), reason: "Too small."),
        ],
        committee: [CommitteeRole(kind: .economicBuyer, pain: "Reporting takes a week")]
    )

    static let columns = [
        "name", "industry", "employees", "region", "stack", "soc2", "Segment", "acvUSD", "nrrPct", "recentFunding", "Amount", "Owner",
    ]

    /// A mapping on one column, so mapped columns (always the long way) mix with unmapped ones.
    static let mapping = FieldMapping(columns: [ColumnMapping(column: "Segment", key: "segment", values: ["Ent": "enterprise"])])

    static let values: [[String]] = [
        ["Acme", "Acme, Inc", " padded ", "Ünïcode Co", "tab\there", "", "Line\nBreak", "back\\slash"],
        [
            "fintech", "FINTECH", "Insurtech", "kelvin", "KELVIN", "gaming", "fintech; insurtech", " fintech ", "Ünïcode", "", ";;", "a; ;b",
            "\u{212A}elvin",
        ],
        ["120", "1,200", "5", "$300", "abc", "", "12,5", " 40", "1e3", "-0", "100.5", "1000000000000000000"],
        ["EMEA", "emea", "NA", "", "Émea", " EMEA"],
        ["snowflake", "Snowflake; SAP", "salesforce;snowflake", "", "sap", "SAP ; x", "; snowflake ;"],
        ["yes", "NO", "true", "maybe", "", "Y", "1", "off", "ÿes"],
        ["Ent", "enterprise", "Mid-Market", "", "smb"],
        ["45000", "$45,000.00", "30,000", "nope", "", "29999.99", "1,23,456"],
        ["120", "95", "", "110.0", "x"],
        ["series-b", "", "2024-01-01"],
        ["$1,200.50", "1000", "", "-5", "1,23,456", "2e12", "1.5e3", "$ 7", "€9"],
        ["Pat Smith", "", "lena@example.com"],
    ]

    @Test("on 20,000 generated rows, encoding and scoring from bytes gives what the long way gives")
    func rowsAgainstTheLongWay() throws {
        let scorer = try CompiledScorer(definition: Self.definition, revision: 3)
        let reader = ColumnReader(scorer: scorer, mapping: Self.mapping, columns: Self.columns)
        let pipeline = try PipelineScorer(
            header: Self.columns, targets: [PipelineScorer.Target(id: ICPID(), name: "Differential", scorer: scorer)], mapping: Self.mapping)
        var random = SplitMix64(seed: 2026)
        var accounts: [EncodedAccount] = []
        var readBoth = 0
        for row in 0..<20_000 {
            var fields = Self.values.map { random.pick($0) }
            if row % 97 == 0 { fields.removeLast() }  // a short row
            let slow = reader.encode(fields)
            let fast = CSVRecord.with(fields) { reader.encode($0) }
            switch (slow, fast) {
            case (.success(let a), .success(let b)):
                #expect(scorer.frozenScore(a) == scorer.frozenScore(b), "\(fields)")
                readBoth += 1
            case (.failure(let a), .failure(let b)):
                #expect(a.problems == b.problems, "\(fields)")
            default:
                Issue.record("one way read \(fields) and the other did not")
            }
            let slowRow = pipeline.score(fields, row: row + 2)
            let fastRow = CSVRecord.with(fields) { pipeline.score($0, row: row + 2, reusing: &accounts) }
            switch (slowRow, fastRow) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(fields)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "\(fields)")
            default: Issue.record("one way scored \(fields) and the other did not")
            }
        }
        #expect(readBoth > 1_000, "enough rows must be readable for the comparison to mean something")
    }
}
