import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Field mappings: export columns read into ICP keys")
struct FieldMappingTests {
    let mapping = FieldMapping(columns: [
        ColumnMapping(column: "Segment", key: "industry", values: ["Financial Services": "fintech", "Insurance": "insurtech"]),
        ColumnMapping(column: "Employee Range", key: "employees", reading: .range, pick: .lower),
        ColumnMapping(column: "Tech", key: "stack", reading: .list, separator: ",", values: ["SF": "snowflake"]),
        ColumnMapping(column: "Funding", key: "recentFunding", reading: .boolean, trueWords: ["Series B"], falseWords: ["Bootstrapped"]),
        ColumnMapping(column: "ACV", key: "acvUSD", reading: .number),
        // A column named like a key but sent elsewhere does not feed its own name.
        ColumnMapping(column: "nrrPct", key: "notAKey"),
    ])

    func score(_ csv: String, policy: MissingDataPolicy = .neutral) throws -> (scores: [ScoredAccount], unreadable: [UnreadableAccount]) {
        var definition = SampleICPs.boardReporting()
        definition.missingDataPolicy = policy
        return try CompiledScorer(definition: definition, revision: 1).score(try AccountFile.read(Array(csv.utf8)), mapping: mapping)
    }

    @Test("worked by hand: replaced values, a range's lower bound, a comma list, custom yes words; unmapped keys are unknown")
    func mapped() throws {
        let (scores, unreadable) = try score(
            "Name,Segment,Employee Range,Tech,Funding,ACV,nrrPct\n"
                + "Acme,financial services,100-500,\"dbt, SF\",Series B,\"40,000\",150\n"
                + "Shop,Retail,5000+,,Bootstrapped,100,150\n")
        #expect(unreadable.isEmpty)
        // Acme: industry (fintech) 30, employees 100 (lower bound) 10, stack has snowflake 10, ACV 20,
        // funding: an exists rule on a yes — 10; nrrPct is not read (its column feeds another key): 90 of 90.
        #expect(scores[0].matched.map(\.key) == ["industry", "employees", "stack", "acvUSD", "recentFunding"])
        #expect(scores[0].unknown.map(\.key) == ["nrrPct"] && scores[0].score == 100 && scores[0].coverage == 0.8)
        // Shop: retail not in the list, 5000 above the range, ACV 100 below; a "no" still exists.
        #expect(scores[1].missed.map(\.key) == ["industry", "employees", "acvUSD"])
        #expect(scores[1].matched.map(\.key) == ["recentFunding"] && scores[1].unknown.map(\.key) == ["stack", "nrrPct"])
        #expect(scores[1].score == 14.3)  // 10 of 70
    }

    @Test("a value the mapping cannot read names the column and the key")
    func problems() throws {
        let (_, unreadable) = try score("Name,Employee Range,Funding\nX,lots,maybe\n")
        #expect(
            unreadable.first?.problems.map(\.description) == [
                "Employee Range (employees): 'lots' is not a range like 51-200, 1000+ or <50",
                "Funding (recentFunding): 'maybe' is not yes or no (true/false, yes/no, y/n, 1/0)",
            ])
    }

    @Test(
        "ranges",
        arguments: [
            ("51-200", 125.5), ("51 – 200", 125.5), ("10 to 20", 15.0), ("1000+", 1000), (">1,000", 1000), ("<50", 50), ("up to 50", 50), ("75", 75),
        ])
    func ranges(_ text: String, _ middle: Double) {
        #expect(ColumnMapping.range(text, pick: .middle) == middle)
    }

    @Test("checked when set: names, duplicates, separators, options that do not fit the reading, words both yes and no")
    func validation() {
        let bad = FieldMapping(columns: [
            ColumnMapping(column: "A", key: ""),
            ColumnMapping(column: "A", key: "k", separator: ","),
            ColumnMapping(column: "B", key: "k", reading: .list, separator: "ab"),
            ColumnMapping(column: "C", key: "k", reading: .boolean, trueWords: ["Y"], falseWords: ["y"]),
            ColumnMapping(column: "D\u{7}", key: "k", pick: .upper),
        ])
        #expect(
            bad.validate().map(\.path) == [
                "columns[0].key", "columns[1].column", "columns[1].separator", "columns[2].separator", "columns[3].false",
                "columns[4].column", "columns[4].pick",
            ])
        #expect(mapping.validate().isEmpty)
    }
}
