extension ICPDefinition {
    /// Every problem with this definition, in field order; empty when valid.
    public func validate() -> [ValidationError] {
        var errors: [ValidationError] = []
        if name.trimmed.isEmpty { errors.append(.init(.empty, at: "name", "The ICP needs a name.")) }
        errors += TextRule.name.problems(name, at: "name")
        if statement.trimmed.isEmpty {
            errors.append(.init(.empty, at: "statement", "The ICP needs a one-sentence statement."))
        }
        errors += TextRule.statement.problems(statement, at: "statement")
        if !(1...12).contains(cadence.months) {
            errors.append(
                .init(
                    .cadenceOutOfRange, at: "cadence.months",
                    "A review cadence must be between 1 and 12 months, not \(cadence.months)."))
        }
        for family in SignalFamily.allCases {
            var seen = Set<RuleFingerprint>()
            errors += Self.checkCount(
                signals[family].count, InputLimits.signalsPerFamily, at: "signals.\(family.rawValue)",
                "\(family.rawValue) signals")
            for (index, signal) in signals[family].enumerated() {
                let path = "signals.\(family.rawValue)[\(index)]"
                errors += Self.checkCondition(signal, path: path)
                errors += TextRule.ruleText.problems(signal.rationale, at: path + ".rationale")
                if !(signal.weight > 0 && signal.weight <= 100) {
                    errors.append(
                        .init(
                            .weightOutOfRange, at: path + ".weight",
                            "A weight must be above 0 and at most 100, not \(signal.weight)."))
                }
                if !seen.insert(RuleFingerprint(signal)).inserted {
                    errors.append(
                        .init(
                            .duplicateRule, at: path,
                            "This \(family.rawValue) rule on '\(signal.key)' repeats an earlier one."))
                }
            }
        }
        var seenDisqualifiers = Set<RuleFingerprint>()
        errors += Self.checkCount(disqualifiers.count, InputLimits.disqualifiers, at: "disqualifiers", "disqualifiers")
        for (index, rule) in disqualifiers.enumerated() {
            let path = "disqualifiers[\(index)]"
            errors += Self.checkCondition(rule, path: path)
            errors += TextRule.ruleText.problems(rule.reason, at: path + ".reason")
            if rule.reason.trimmed.isEmpty {
                errors.append(.init(.empty, at: path + ".reason", "Say why accounts matching this rule are excluded."))
            }
            if !seenDisqualifiers.insert(RuleFingerprint(rule)).inserted {
                errors.append(.init(.duplicateRule, at: path, "This disqualifier on '\(rule.key)' repeats an earlier one."))
            }
        }
        errors += Self.checkCount(committee.count, InputLimits.committeeSeats, at: "committee", "committee seats")
        for (index, role) in committee.enumerated() {
            if role.pain.trimmed.isEmpty {
                errors.append(.init(.empty, at: "committee[\(index)].pain", "Name the pain the \(role.kind.rawValue) owns."))
            }
            errors += TextRule.ruleText.problems(role.pain, at: "committee[\(index)].pain")
        }
        let t = thresholds
        if ![t.a, t.b, t.c].allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 100 }) || !(t.a > t.b && t.b > t.c) {
            errors.append(
                .init(
                    .thresholdsOutOfOrder, at: "thresholds",
                    "Tier thresholds must be strictly descending within 0…100 (A > B > C), got \(t.a)/\(t.b)/\(t.c)."))
        }
        return errors
    }

    /// Checks key, operator and value of one rule.
    static func checkCondition<R: RuleCondition>(_ rule: R, path: String) -> [ValidationError] {
        var errors: [ValidationError] = []
        if rule.key.trimmed.isEmpty {
            errors.append(.init(.empty, at: path + ".key", "A rule needs an attribute key."))
        }
        errors += TextRule.key.problems(rule.key, at: path + ".key")
        let accepted = rule.op.acceptedValueKinds
        switch rule.value {
        case nil:
            if !accepted.isEmpty {
                let kinds = accepted.map(\.rawValue).sorted().joined(separator: " or ")
                errors.append(
                    .init(
                        .operatorValueMismatch, at: path + ".operator",
                        "'\(rule.op.rawValue)' needs a \(kinds) value."))
            }
        case let value?:
            if accepted.isEmpty {
                errors.append(
                    .init(
                        .operatorValueMismatch, at: path + ".operator",
                        "'\(rule.op.rawValue)' takes no value, but \(value.kind.rawValue) was given."))
            } else if !accepted.contains(value.kind) {
                let kinds = accepted.map(\.rawValue).sorted().joined(separator: " or ")
                errors.append(
                    .init(
                        .operatorValueMismatch, at: path + ".operator",
                        "'\(rule.op.rawValue)' needs a \(kinds) value, not \(value.kind.rawValue)."))
            } else {
                switch value {
                case .stringList(let list) where list.isEmpty:
                    errors.append(.init(.emptyList, at: path + ".value", "The list of values is empty."))
                case .stringList(let list):
                    if list.contains(where: { $0.trimmed.isEmpty }) {
                        errors.append(.init(.empty, at: path + ".value", "The list contains a blank value."))
                    }
                    errors += checkCount(list.count, InputLimits.listValues, at: path + ".value", "values in one list")
                    for (index, item) in list.enumerated() {
                        errors += TextRule.value.problems(item, at: path + ".value[\(index)]")
                    }
                case .string(let text):
                    errors += TextRule.value.problems(text, at: path + ".value")
                case .numberRange(let r) where !(r.lower.isFinite && r.upper.isFinite && r.lower <= r.upper):
                    errors.append(
                        .init(
                            .invalidRange, at: path + ".value",
                            "The range \(r.lower)…\(r.upper) is empty or not finite."))
                case .numberRange(let r):
                    errors += checkMagnitude(r.lower, at: path + ".value") + checkMagnitude(r.upper, at: path + ".value")
                case .number(let n) where !n.isFinite:
                    errors.append(.init(.invalidRange, at: path + ".value", "The number must be finite."))
                case .number(let n):
                    errors += checkMagnitude(n, at: path + ".value")
                case .bool:
                    break
                }
            }
        }
        return errors
    }

    /// A list longer than its limit.
    static func checkCount(_ count: Int, _ limit: Int, at path: String, _ what: String) -> [ValidationError] {
        count > limit ? [.init(.tooMany, at: path, "At most \(limit) \(what) are allowed; there are \(count).")] : []
    }

    /// A number beyond ``InputLimits/numberMagnitude``.
    static func checkMagnitude(_ value: Double, at path: String) -> [ValidationError] {
        abs(value) <= InputLimits.numberMagnitude
            ? []
            : [.init(.outOfRange, at: path, "Numbers must lie within ±\(Int64(InputLimits.numberMagnitude)); \(value) does not.")]
    }
}
