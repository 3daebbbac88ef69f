import ICPDomain
import ICPFile
import TestFixtures

/// Realistic ICP definitions shared by the tests.
enum Fixtures {
    /// A mid-market fintech-operations ICP with every family, disqualifiers and a committee.
    static let fintechOps = ICPDefinition(
        name: "Series B fintech ops",
        statement: "Series B–C fintech lenders whose operations leaders lose days each month reconciling loan data across "
            + "spreadsheets, because their core banking stack cannot automate exceptions, and who must pass a regulator audit this year.",
        mode: .operating,
        cadence: .quarterly,
        signals: SignalSet(
            fit: [
                Signal(key: "industry", op: .in, value: .stringList(["fintech", "insurtech"]), weight: 20,
                       rationale: "Both verticals make up 70% of closed-won ARR."),
                Signal(key: "employees", op: .between, value: .numberRange(NumberRange(150, 1200)), weight: 10,
                       rationale: "Big enough to have an ops team, small enough to buy in one quarter."),
                Signal(key: "region", op: .notIn, value: .stringList(["apac"]), weight: 5),
                Signal(key: "usesSnowflake", op: .equals, value: .bool(true), weight: 7.5, rationale: "Our connector is Snowflake-first."),
            ],
            economic: [
                Signal(key: "acvUSD", op: .atLeast, value: .number(30000), weight: 15, rationale: "Below this the sales cycle does not pay back."),
                Signal(key: "grossMarginPct", op: .atMost, value: .number(0.3), weight: 4.25),
            ],
            retention: [
                Signal(key: "nrrPct", op: .atLeast, value: .number(110), weight: 12, rationale: "Expanding customers look like this."),
            ],
            trigger: [
                Signal(key: "recentEvents", op: .contains, value: .string("series-b"), weight: 8, rationale: "Fresh money, new ops hires."),
                Signal(key: "hiringHeadOfOps", op: .exists, value: nil, weight: 6),
            ]),
        disqualifiers: [
            Disqualifier(key: "ownership", op: .equals, value: .string("public-sector"), reason: "Procurement cycles exceed 12 months."),
            Disqualifier(key: "country", op: .in, value: .stringList(["ru", "ir", "kp"]), reason: "Sanctioned jurisdictions."),
        ],
        committee: [
            CommitteeRole(kind: .economicBuyer, pain: "Audit findings land on the COO's desk."),
            CommitteeRole(kind: .champion, pain: "Month-end close takes the ops team a full week."),
            CommitteeRole(kind: .technicalEvaluator, pain: "Every new data feed is a bespoke script."),
        ],
        thresholds: TierThresholds(a: 75, b: 55, c: 35),
        missingDataPolicy: .zero)

    /// A small experimental ICP with a monthly cadence and text that needs quoting.
    static let experimentHealth = ICPDefinition(
        name: "Experiment: clinics (2025)",
        statement: "Independent clinics: 5–50 staff, no RCM vendor, #1 pain is denied claims; act before the payer rule change.",
        mode: .experimental,
        cadence: ReviewCadence(months: 1),
        signals: SignalSet(
            fit: [
                Signal(key: "industry", op: .equals, value: .string("healthcare"), weight: 30, rationale: "yes"),
                Signal(key: "npiCount", op: .equals, value: .number(1), weight: 10, rationale: "true"),
                Signal(key: "ehr", op: .in, value: .stringList(["athena", "true", "42", "a, b", "[x]", "no"]), weight: 12.5),
            ],
            economic: [Signal(key: "claimsPerMonth", op: .between, value: .numberRange(NumberRange(250.5, 1e6)), weight: 20)],
            trigger: [Signal(key: "payerRule", op: .equals, value: .string("2025-01-01"), weight: 5, rationale: "Rule: effective date")]),
        disqualifiers: [Disqualifier(key: "hospitalOwned", op: .equals, value: .bool(true), reason: "Hospital IT buys centrally.")],
        committee: [CommitteeRole(kind: .executiveSponsor, pain: "Denials eat 8% of revenue.")],
        thresholds: TierThresholds(a: 90.5, b: 60, c: 12.25),
        missingDataPolicy: .neutral)

    /// The smallest valid definition.
    static let minimal = ICPDefinition(name: "Minimal", statement: "Anyone who signs.")

    /// A full document around ``fintechOps``.
    static let fintechDocument = ICPFileDocument(
        definition: fintechOps, workspace: "Acme Analytics",
        icp: ICPID("6f1c2a4e-0b7d-4c1e-9a55-2f3e8d7c6b10"), baseRevision: 4, owner: "dana@acme.example")

    /// Tricky strings for quoting: reserved words, numbers, indicators, whitespace, control characters.
    static let trickyStrings = [
        "", " ", "yes", "No", "ON", "off", "y", "null", "~", "true", "False", "42", "-7", "+3", "1e3", ".5", "0x1F", "007",
        "2024-01-01", ".inf", "-.inf", ".nan", "- item", "? q", ": x", "a: b", "a #b", "a#b", "#tag", "key:", "&anchor",
        "*alias", "!tag", "|literal", ">folded", "'single'", "\"double\"", "%percent", "@at", "`tick`", "[x]", "{y}",
        "a, b", "trailing ", " leading", "tab\tinside", "line\nbreak", "cr\r\nlf", "back\\slash", "nul\u{0}char",
        "bell\u{7}", "del\u{7F}", "nel\u{85}", "ls\u{2028}ps\u{2029}", "bom\u{FEFF}", "nbsp\u{A0}", "\u{A0}edge",
        "émoji 🚀", "日本語", "=", "<<", "...", "---", "plain text", "Series B–C", "it's", "a - b", "x: ",
    ]
}

/// Random but reproducible definitions for property-style tests.
struct DefinitionGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func string() -> String {
        switch rng.int(4) {
        case 0: return rng.pick(Fixtures.trickyStrings)
        case 1: return rng.pick(["industry", "acvUSD", "nrr_pct", "region", "stack.crm", "employees"])
        default:
            let words = ["ops", "finance", "lead", "churn", "B2B", "SaaS", "audit", "–", ":", "#", ",", "'", "\"", "42", " "]
            return (0..<(1 + rng.int(5))).map { _ in rng.pick(words) }.joined(separator: rng.pick([" ", "", "-"]))
        }
    }

    mutating func number() -> Double {
        switch rng.int(6) {
        case 0: return Double(rng.int(100_000))
        case 1: return 0.1 + 0.2
        case 2: return Double(rng.int(1_000_000)) / 1000
        case 3: return -Double(rng.int(500)) / 7
        case 4: return rng.pick([1e-7, 1e21, 123_456_789.125, 0.5, 9_007_199_254_740_992, -0.0])
        default: return Double(rng.int(101))
        }
    }

    mutating func value(for op: SignalOperator) -> RuleValue? {
        switch op {
        case .equals:
            switch rng.int(3) {
            case 0: return .string(string())
            case 1: return .number(number())
            default: return .bool(rng.bool())
            }
        case .in, .notIn: return .stringList((0..<(1 + rng.int(4))).map { _ in string() })
        case .between:
            let a = number(), b = number()
            return .numberRange(NumberRange(min(a, b), max(a, b)))
        case .atLeast, .atMost: return .number(number())
        case .contains: return .string(string())
        case .exists: return nil
        }
    }

    mutating func definition() -> ICPDefinition {
        var signals = SignalSet()
        for family in SignalFamily.allCases {
            for _ in 0..<rng.int(4) {
                let op = rng.pick(SignalOperator.allCases)
                signals[family].append(Signal(key: string(), op: op, value: value(for: op),
                                              weight: rng.bool() ? Double(1 + rng.int(100)) : number(), rationale: string()))
            }
        }
        let disqualifiers = (0..<rng.int(3)).map { _ in
            let op = rng.pick(SignalOperator.allCases)
            return Disqualifier(key: string(), op: op, value: value(for: op), reason: string())
        }
        let committee = (0..<rng.int(4)).map { _ in CommitteeRole(kind: rng.pick(CommitteeRoleKind.allCases), pain: string()) }
        return ICPDefinition(
            name: string(), statement: string(), mode: rng.pick(ICPMode.allCases), cadence: ReviewCadence(months: 1 + rng.int(12)),
            signals: signals, disqualifiers: disqualifiers, committee: committee,
            thresholds: TierThresholds(a: number(), b: number(), c: number()),
            missingDataPolicy: rng.pick(MissingDataPolicy.allCases))
    }

    mutating func document() -> ICPFileDocument {
        ICPFileDocument(definition: definition(),
                        workspace: rng.bool() ? string() : nil,
                        icp: rng.bool() ? ICPID() : nil,
                        baseRevision: rng.bool() ? rng.int(50) : nil,
                        owner: rng.bool() ? string() : nil)
    }
}
