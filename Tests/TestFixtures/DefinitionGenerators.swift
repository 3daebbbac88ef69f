public import ICPDomain

/// Random but reproducible definitions from a small vocabulary: a handful of keys and values, so two
/// definitions often share keys and operators — what a diff has to pair up.
public enum PlainDefinitions {
    public static let keys = ["industry", "employees", "region", "stack", "acvUSD", "nrrPct", "stage", "soc2"]

    public static func value(for op: SignalOperator, _ rng: inout SplitMix64) -> RuleValue? {
        switch op {
        case .equals:
            switch rng.int(3) {
            case 0: return .string(rng.pick(["a", "b", "c"]))
            case 1: return .number(Double(rng.int(100)))
            default: return .bool(rng.bool())
            }
        case .in, .notIn: return .stringList((0...rng.int(3)).map { _ in rng.pick(["a", "b", "c", "d"]) })
        case .between:
            let low = Double(rng.int(50))
            return .numberRange(NumberRange(low, low + Double(rng.int(50))))
        case .atLeast, .atMost: return .number(Double(rng.int(1000)))
        case .contains: return .string(rng.pick(["x", "y", "z"]))
        case .exists: return nil
        }
    }

    public static func signal(_ rng: inout SplitMix64) -> Signal {
        let op = rng.pick(SignalOperator.allCases)
        return Signal(
            key: rng.pick(keys), op: op, value: value(for: op, &rng), weight: Double(1 + rng.int(100)),
            rationale: rng.pick(["", "why", "because"]))
    }

    public static func disqualifier(_ rng: inout SplitMix64) -> Disqualifier {
        let op = rng.pick(SignalOperator.allCases)
        return Disqualifier(key: rng.pick(keys), op: op, value: value(for: op, &rng), reason: rng.pick(["r1", "r2"]))
    }

    /// A random definition, possibly with duplicate keys/operators (the diff must cope).
    public static func random(_ rng: inout SplitMix64) -> ICPDefinition {
        var signals = SignalSet()
        for family in SignalFamily.allCases {
            signals[family] = (0..<rng.int(5)).map { _ in signal(&rng) }
        }
        return ICPDefinition(
            name: rng.pick(["A", "B"]), statement: rng.pick(["s1", "s2", SampleICPs.boardReportingStatement]), mode: rng.pick(ICPMode.allCases),
            cadence: ReviewCadence(months: rng.pick([3, 6])), signals: signals,
            disqualifiers: (0..<rng.int(4)).map { _ in disqualifier(&rng) },
            committee: (0..<rng.int(4)).map { _ in CommitteeRole(kind: rng.pick(CommitteeRoleKind.allCases), pain: rng.pick(["p", "q"])) },
            thresholds: rng.bool() ? .standard : TierThresholds(a: 90, b: 70, c: 50),
            missingDataPolicy: rng.pick(MissingDataPolicy.allCases))
    }

    /// A random edit of `base`: keeps, changes, removes, adds and shuffles.
    public static func mutate(_ base: ICPDefinition, _ rng: inout SplitMix64) -> ICPDefinition {
        var d = base
        for family in SignalFamily.allCases {
            var list = d.signals[family].compactMap { s -> Signal? in
                switch rng.int(5) {
                case 0: return nil
                case 1:
                    var t = s
                    t.weight = Double(1 + rng.int(100))
                    return t
                case 2:
                    var t = s
                    t.value = value(for: s.op, &rng)
                    return t
                default: return s
                }
            }
            if rng.int(3) == 0 { list.append(signal(&rng)) }
            if rng.int(4) == 0 { list.shuffle(using: &rng) }
            d.signals[family] = list
        }
        if rng.int(3) == 0 { d.disqualifiers.append(disqualifier(&rng)) }
        if rng.int(3) == 0, !d.disqualifiers.isEmpty { d.disqualifiers.remove(at: rng.int(d.disqualifiers.count)) }
        if rng.int(4) == 0 { d.disqualifiers.shuffle(using: &rng) }
        if rng.int(3) == 0 { d.committee.append(CommitteeRole(kind: rng.pick(CommitteeRoleKind.allCases), pain: "new")) }
        if rng.int(4) == 0 { d.statement += " more" }
        if rng.int(4) == 0 { d.thresholds = TierThresholds(a: 85, b: 65, c: 45) }
        if rng.int(6) == 0 { d.mode = d.mode == .operating ? .experimental : .operating }
        return d
    }
}

/// Random but reproducible definitions whose text and numbers a file format must survive: reserved
/// words, indicators, control characters, extreme numbers.
public struct DefinitionGenerator {
    public var rng: SplitMix64

    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    public mutating func string() -> String {
        switch rng.int(4) {
        case 0: return rng.pick(Self.trickyStrings)
        case 1: return rng.pick(["industry", "acvUSD", "nrr_pct", "region", "stack.crm", "employees"])
        default:
            let words = ["ops", "finance", "lead", "churn", "B2B", "SaaS", "audit", "–", ":", "#", ",", "'", "\"", "42", " "]
            return (0..<(1 + rng.int(5))).map { _ in rng.pick(words) }.joined(separator: rng.pick([" ", "", "-"]))
        }
    }

    public mutating func number() -> Double {
        switch rng.int(6) {
        case 0: return Double(rng.int(100_000))
        case 1: return 0.1 + 0.2
        case 2: return Double(rng.int(1_000_000)) / 1000
        case 3: return -Double(rng.int(500)) / 7
        case 4: return rng.pick([1e-7, 1e21, 123_456_789.125, 0.5, 9_007_199_254_740_992, -0.0])
        default: return Double(rng.int(101))
        }
    }

    public mutating func value(for op: SignalOperator) -> RuleValue? {
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

    public mutating func definition() -> ICPDefinition {
        var signals = SignalSet()
        for family in SignalFamily.allCases {
            for _ in 0..<rng.int(4) {
                let op = rng.pick(SignalOperator.allCases)
                signals[family].append(
                    Signal(
                        key: string(), op: op, value: value(for: op),
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

    /// Tricky strings for quoting: reserved words, numbers, indicators, whitespace, control characters.
    public static let trickyStrings = [
        "", " ", "yes", "No", "ON", "off", "y", "null", "~", "true", "False", "42", "-7", "+3", "1e3", ".5", "0x1F", "007",
        "2024-01-01", ".inf", "-.inf", ".nan", "- item", "? q", ": x", "a: b", "a #b", "a#b", "#tag", "key:", "&anchor",
        "*alias", "!tag", "|literal", ">folded", "'single'", "\"double\"", "%percent", "@at", "`tick`", "[x]", "{y}",
        "a, b", "trailing ", " leading", "tab\tinside", "line\nbreak", "cr\r\nlf", "back\\slash", "nul\u{0}char",
        "bell\u{7}", "del\u{7F}", "nel\u{85}", "ls\u{2028}ps\u{2029}", "bom\u{FEFF}", "nbsp\u{A0}", "\u{A0}edge",
        "émoji 🚀", "日本語", "=", "<<", "...", "---", "plain text", "Series B–C", "it's", "a - b", "x: ",
    ]
}
