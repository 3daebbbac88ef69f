import Foundation
import ICPDomain

/// Scores synthetic accounts against a realistic 20-rule ICP on the calling thread and reports
/// accounts per second (median of 5 timed runs, each at least one second long).
enum ScoreAccountsBenchmark {
    /// A tiny deterministic generator so every run sees the same accounts.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ upper: Int) -> Int { Int(next() % UInt64(upper)) }
        mutating func double(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    static let industries = ["fintech", "insurtech", "healthtech", "retail", "logistics", "gaming", "edtech", "manufacturing"]
    static let regions = ["NA", "EMEA", "APAC", "LATAM"]
    static let stacks = ["salesforce", "hubspot", "snowflake", "dbt", "segment", "zendesk", "netsuite", "sap", "workday"]

    static func definition() -> ICPDefinition {
        ICPDefinition(
            name: "Benchmark ICP",
            statement: "Series B fintechs whose RevOps lead is drowning in manual reporting and must consolidate before the next board review.",
            signals: SignalSet(
                fit: [
                    Signal(key: "industry", op: .in, value: .stringList(["fintech", "insurtech"]), weight: 20),
                    Signal(key: "employees", op: .between, value: .numberRange(NumberRange(100, 1000)), weight: 12),
                    Signal(key: "region", op: .in, value: .stringList(["NA", "EMEA"]), weight: 8),
                    Signal(key: "businessModel", op: .equals, value: .string("b2b"), weight: 10),
                    Signal(key: "stack", op: .contains, value: .string("snowflake"), weight: 6),
                    Signal(key: "stack", op: .contains, value: .string("salesforce"), weight: 6),
                    Signal(key: "stage", op: .in, value: .stringList(["series-b", "series-c"]), weight: 10),
                    Signal(key: "soc2", op: .equals, value: .bool(true), weight: 4),
                ],
                economic: [
                    Signal(key: "acvUSD", op: .atLeast, value: .number(30_000), weight: 15),
                    Signal(key: "grossMarginPct", op: .atLeast, value: .number(70), weight: 6),
                    Signal(key: "cacPaybackMonths", op: .atMost, value: .number(18), weight: 8),
                    Signal(key: "salesCycleDays", op: .between, value: .numberRange(NumberRange(20, 120)), weight: 5),
                ],
                retention: [
                    Signal(key: "nrrPct", op: .atLeast, value: .number(110), weight: 10),
                    Signal(key: "grrPct", op: .atLeast, value: .number(90), weight: 6),
                    Signal(key: "churnRiskFlag", op: .equals, value: .bool(false), weight: 4),
                ],
                trigger: [
                    Signal(key: "recentFunding", op: .exists, value: nil, weight: 9),
                    Signal(key: "newRevOpsLeader", op: .equals, value: .bool(true), weight: 7),
                    Signal(key: "hiringDataRoles", op: .atLeast, value: .number(3), weight: 5),
                ]
            ),
            disqualifiers: [
                Disqualifier(key: "industry", op: .in, value: .stringList(["gaming"]), reason: "Regulatory exposure we cannot support."),
                Disqualifier(key: "stack", op: .contains, value: .string("sap"), reason: "No SAP connector."),
                Disqualifier(key: "employees", op: .atMost, value: .number(10), reason: "Too small to need us."),
            ],
            committee: [CommitteeRole(kind: .economicBuyer, pain: "Board reporting takes a week")]
        )
    }

    static func accounts(_ count: Int, schema: AccountSchema) -> [EncodedAccount] {
        var rng = SplitMix64(state: 42)
        return (0..<count).map { _ in
            var a: [String: AttributeValue] = [:]
            if rng.int(10) > 0 { a["industry"] = .string(rng.pick(industries)) }
            if rng.int(10) > 0 { a["employees"] = .number(Double(rng.int(3000))) }
            a["region"] = .string(rng.pick(regions))
            if rng.int(4) > 0 { a["businessModel"] = .string(rng.int(3) == 0 ? "b2c" : "b2b") }
            a["stack"] = .stringList((0..<rng.int(5)).map { _ in rng.pick(stacks) })
            a["stage"] = .string(rng.pick(["seed", "series-a", "series-b", "series-c", "public"]))
            if rng.int(2) == 0 { a["soc2"] = .bool(rng.int(2) == 0) }
            a["acvUSD"] = .number(rng.double(5_000...150_000))
            if rng.int(3) > 0 { a["grossMarginPct"] = .number(rng.double(30...90)) }
            if rng.int(3) > 0 { a["cacPaybackMonths"] = .number(rng.double(3...36)) }
            a["salesCycleDays"] = .number(rng.double(10...300))
            if rng.int(2) == 0 { a["nrrPct"] = .number(rng.double(80...140)) }
            if rng.int(2) == 0 { a["grrPct"] = .number(rng.double(70...100)) }
            a["churnRiskFlag"] = .bool(rng.int(5) == 0)
            if rng.int(3) == 0 { a["recentFunding"] = .string("series-b") }
            if rng.int(2) == 0 { a["newRevOpsLeader"] = .bool(rng.int(2) == 0) }
            a["hiringDataRoles"] = .number(Double(rng.int(8)))
            return schema.encode(a)
        }
    }

    /// Returns accounts scored per second on one core (median of 5 runs of ≥ 1 s).
    static func run() -> Double {
        guard let scorer = try? CompiledScorer(definition: definition(), revision: 1) else { return 0 }
        let batch = accounts(200_000, schema: scorer.schema)
        var checksum = 0.0
        func pass() {
            for account in batch {
                let result = scorer.quickScore(account)
                checksum += result.score + (result.disqualified ? 1 : 0)
            }
        }
        pass()  // warm-up
        var rates: [Double] = []
        for _ in 0..<5 {
            var scored = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed: UInt64 = 0
            repeat {
                pass()
                scored += batch.count
                elapsed = DispatchTime.now().uptimeNanoseconds - start
            } while elapsed < 1_000_000_000
            rates.append(Double(scored) / (Double(elapsed) / 1e9))
        }
        if checksum.isNaN { print("checksum \(checksum)") }
        return rates.sorted()[rates.count / 2]
    }
}
