import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Account scoring")
struct ScoringTests {
    func scorer(_ policy: MissingDataPolicy = .neutral) throws -> CompiledScorer {
        var d = SampleICPs.boardReporting()
        d.missingDataPolicy = policy
        return try CompiledScorer(definition: d, revision: 4)
    }

    let ideal: [String: AttributeValue] = [
        "industry": .string("FinTech"), "employees": .number(250), "stack": .stringList(["dbt", "snowflake"]),
        "acvUSD": .number(50_000), "nrrPct": .number(120), "recentFunding": .string("series-b"),
    ]

    @Test("an ideal account scores 100, tier A, qualified, full coverage")
    func ideal100() throws {
        let s = try scorer().score(ideal)
        #expect(s.score == 100)
        #expect(s.tier == .a)
        #expect(s.qualified)
        #expect(s.coverage == 1)
        #expect(s.revision == 4)
        #expect(s.matched.count == 6 && s.missed.isEmpty && s.unknown.isEmpty)
    }

    @Test("a disqualified account is still scored, with the reason")
    func disqualifiedStillScored() throws {
        var account = ideal
        account["employees"] = .number(5)
        let s = try scorer().score(account)
        #expect(!s.qualified)
        #expect(s.disqualifiedBy == [DisqualifierHit(index: 1, key: "employees", reason: "Too small")])
        #expect(s.score == 90)  // employees signal missed (weight 10 of 100)
        #expect(s.tier == .a)
        let quick = try scorer().quickScore(scorer().schema.encode(account))
        #expect(quick == QuickScore(score: 90, tier: .a, disqualified: true))
    }

    @Test("unknown attributes are reported as unknown under both policies", arguments: MissingDataPolicy.allCases)
    func unknowns(_ policy: MissingDataPolicy) throws {
        var account = ideal
        account["nrrPct"] = nil
        account["acvUSD"] = nil
        let s = try scorer(policy).score(account)
        #expect(s.unknown.map(\.key) == ["acvUSD", "nrrPct"])
        #expect(s.missed.isEmpty)
        #expect(abs(s.coverage - 0.6) < 1e-12)
        switch policy {
        case .neutral: #expect(s.score == 100)
        case .zero: #expect(abs(s.score - 60) < 1e-12)
        }
    }

    @Test("exists rules are never unknown: absence is a miss")
    func existsMiss() throws {
        var account = ideal
        account["recentFunding"] = nil
        let s = try scorer().score(account)
        #expect(s.missed.map(\.key) == ["recentFunding"])
        #expect(s.unknown.isEmpty)
    }

    @Test("an unknown disqualifier attribute is reported as unchecked, not as a hit")
    func uncheckedDisqualifier() throws {
        var account = ideal
        account["industry"] = nil
        let s = try scorer().score(account)
        #expect(s.qualified)
        #expect(s.uncheckedDisqualifiers == [0])
    }

    @Test("tiers follow the thresholds", arguments: [(100.0, Tier.a), (80, .a), (79.99, .b), (60, .b), (40, .c), (39.9, .d), (0, .d)])
    func tiers(_ score: Double, _ tier: Tier) { #expect(TierThresholds.standard.tier(for: score) == tier) }

    struct OperatorCase: Sendable, CustomTestStringConvertible {
        let op: SignalOperator
        let value: RuleValue?
        let attribute: AttributeValue?
        let expected: String
        var testDescription: String { "\(op.rawValue) \(value.map(\.description) ?? "-") vs \(attribute.map { "\($0)" } ?? "absent") → \(expected)" }
    }

    @Test(
        "operator semantics",
        arguments: [
            OperatorCase(op: .equals, value: .string("b2b"), attribute: .string("B2B"), expected: "match"),
            OperatorCase(op: .equals, value: .string("b2b"), attribute: .string("b2c"), expected: "miss"),
            OperatorCase(op: .equals, value: .number(3), attribute: .number(3), expected: "match"),
            OperatorCase(op: .equals, value: .bool(true), attribute: .bool(false), expected: "miss"),
            OperatorCase(op: .equals, value: .bool(true), attribute: .string("true"), expected: "miss"),
            OperatorCase(op: .in, value: .stringList(["a", "b"]), attribute: .string("b"), expected: "match"),
            OperatorCase(op: .in, value: .stringList(["a", "b"]), attribute: .stringList(["z", "a"]), expected: "match"),
            OperatorCase(op: .in, value: .stringList(["a", "b"]), attribute: .string("never-seen"), expected: "miss"),
            OperatorCase(op: .notIn, value: .stringList(["a", "b"]), attribute: .string("never-seen"), expected: "match"),
            OperatorCase(op: .notIn, value: .stringList(["a", "b"]), attribute: .stringList(["c", "b"]), expected: "miss"),
            OperatorCase(op: .notIn, value: .stringList(["a"]), attribute: nil, expected: "unknown"),
            OperatorCase(op: .between, value: .numberRange(NumberRange(10, 20)), attribute: .number(20), expected: "match"),
            OperatorCase(op: .between, value: .numberRange(NumberRange(10, 20)), attribute: .number(20.5), expected: "miss"),
            OperatorCase(op: .atLeast, value: .number(5), attribute: .number(5), expected: "match"),
            OperatorCase(op: .atMost, value: .number(5), attribute: .number(6), expected: "miss"),
            OperatorCase(op: .atMost, value: .number(5), attribute: .string("4"), expected: "miss"),
            OperatorCase(op: .contains, value: .string("dbt"), attribute: .stringList(["Snowflake", "DBT"]), expected: "match"),
            OperatorCase(op: .contains, value: .string("dbt"), attribute: .stringList([]), expected: "miss"),
            OperatorCase(op: .exists, value: nil, attribute: .bool(false), expected: "match"),
            OperatorCase(op: .exists, value: nil, attribute: nil, expected: "miss"),
            OperatorCase(op: .atLeast, value: .number(5), attribute: nil, expected: "unknown"),
        ])
    func operators(_ c: OperatorCase) throws {
        let d = ICPDefinition(name: "n", statement: "s", signals: SignalSet(fit: [Signal(key: "k", op: c.op, value: c.value, weight: 10)]))
        let s = try CompiledScorer(definition: d, revision: 1).score(c.attribute.map { ["k": $0] } ?? [:])
        let outcome = !s.matched.isEmpty ? "match" : !s.missed.isEmpty ? "miss" : "unknown"
        #expect(outcome == c.expected)
    }

    @Test("quick and full paths agree on 5,000 random accounts")
    func pathsAgree() throws {
        var rng = SplitMix64(seed: 5)
        for policy in MissingDataPolicy.allCases {
            let scorer = try scorer(policy)
            for _ in 0..<2_500 {
                var a: [String: AttributeValue] = [:]
                if rng.bool() { a["industry"] = .string(rng.pick(["fintech", "gaming", "retail"])) }
                if rng.bool() { a["employees"] = .number(Double(rng.int(2000))) }
                if rng.bool() { a["stack"] = .stringList((0..<rng.int(3)).map { _ in rng.pick(["snowflake", "dbt", "sap"]) }) }
                if rng.bool() { a["acvUSD"] = .number(Double(rng.int(100_000))) }
                if rng.bool() { a["nrrPct"] = .number(Double(rng.int(150))) }
                if rng.bool() { a["recentFunding"] = .bool(true) }
                let encoded = scorer.schema.encode(a)
                let full = scorer.score(encoded)
                let quick = scorer.quickScore(encoded)
                #expect(quick == QuickScore(score: full.score, tier: full.tier, disqualified: !full.qualified))
                #expect(full.score >= 0 && full.score <= 100 && full.coverage >= 0 && full.coverage <= 1)
                #expect(full.matched.count + full.missed.count + full.unknown.count == 6)
            }
        }
    }

    @Test("an invalid definition does not compile; a state compiles its published revision")
    func compile() throws {
        var bad = SampleICPs.boardReporting()
        bad.thresholds = TierThresholds(a: 10, b: 20, c: 30)
        #expect(throws: DomainError.self) { try CompiledScorer(definition: bad, revision: 1) }
        let h = try WorkflowHarness.published()
        #expect(CompiledScorer(publishedOf: h.state!)?.revision == 1)
        let draft = WorkflowHarness()
        try draft.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: Fixtures.alice, definition: SampleICPs.boardReporting()),
            Fixtures.alice, .editor)
        #expect(CompiledScorer(publishedOf: draft.state!) == nil)
    }

    @Test("no signals means a score of 0, not a division by zero")
    func noSignals() throws {
        let d = ICPDefinition(name: "n", statement: "s", disqualifiers: [Disqualifier(key: "k", op: .exists, value: nil, reason: "r")])
        let s = try CompiledScorer(definition: d, revision: 1).score(["k": .bool(true)])
        #expect(s.score == 0 && s.coverage == 0 && !s.qualified)
    }
}
