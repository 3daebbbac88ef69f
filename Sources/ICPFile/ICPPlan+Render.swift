import ICPDomain

extension ICPPlan {
    /// The plan as text: a heading, one `+`/`-`/`~` line per change with before → after values and
    /// indented detail lines, the revision distance, a one-line tally, and the linter warnings with
    /// their fix hints. Values are spelled exactly as in the ICP file.
    public func rendered() -> String {
        var lines: [String] = []
        let target = operatingRevision.map { "operating revision \($0)" } ?? "the operating revision"
        if operating == nil {
            lines.append("New ICP \(Self.q(proposed.name)): nothing is published yet; proposing the file creates it.")
            lines.append("")
            lines += Self.creationLines(proposed)
        } else if changes.isEmpty {
            lines.append("No changes: the file matches \(target) of \(Self.q(proposed.name)).")
        } else {
            lines.append("Changes to \(Self.q(proposed.name)) against \(target):")
            lines.append("")
            for change in changes { lines += Self.lines(for: change) }
        }
        if let distance = summary.distance, summary.hasChanges {
            lines.append("")
            lines.append("Revision distance: \(Self.fixed(distance, places: 2)) (0 = same in effect, 1 = a different ICP)")
        }
        if summary.isNew {
            lines.append("")
            lines.append(
                "Plan: create it with \(summary.added) rules: \(proposed.signals.count) signals, \(proposed.disqualifiers.count) disqualifiers, "
                    + "\(proposed.committee.count) committee seats.")
        } else if summary.hasChanges {
            lines.append("Plan: \(summary.added) to add, \(summary.changed) to change, \(summary.removed) to remove.")
        }
        if let (preview, day) = impact {
            lines.append("")
            lines += preview.rendered(snapshotDay: day)
        }
        lines.append("")
        if summary.warnings.isEmpty {
            lines.append("Lint: no warnings.")
        } else {
            lines.append("Lint warnings (\(summary.warnings.count)):")
            for warning in summary.warnings {
                lines.append("  \(warning.code.rawValue) \(warning.code.slug): \(warning.message)")
                lines.append("    hint: \(warning.fixHint)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Lines

    private static func creationLines(_ d: ICPDefinition) -> [String] {
        var lines = [
            "  + name: \(q(d.name))",
            "  + statement: \(q(d.statement))",
            "  + mode: \(d.mode.rawValue)",
            "  + cadence: \(cadence(d.cadence))",
            "  + missing-data: \(d.missingDataPolicy.fileName)",
            "  + tiers: \(tiers(d.thresholds))",
        ]
        for (family, signal) in d.signals.all { lines += signalLines("+", family, signal) }
        for rule in d.disqualifiers { lines += disqualifierLines("+", rule) }
        for role in d.committee { lines += roleLines("+", role) }
        return lines
    }

    private static func lines(for change: DefinitionChange) -> [String] {
        switch change {
        case .name(let a, let b): return ["  ~ name: \(q(a)) → \(q(b))"]
        case .statement(let a, let b): return ["  ~ statement:", "      - \(q(a))", "      + \(q(b))"]
        case .mode(let a, let b): return ["  ~ mode: \(a.rawValue) → \(b.rawValue)"]
        case .cadence(let a, let b): return ["  ~ cadence: \(cadence(a)) → \(cadence(b))"]
        case .missingDataPolicy(let a, let b): return ["  ~ missing-data: \(a.fileName) → \(b.fileName)"]
        case .thresholds(let a, let b):
            let parts = [("a", a.a, b.a), ("b", a.b, b.b), ("c", a.c, b.c)].map { name, x, y in
                x == y ? "\(name) \(YAMLText.number(x))" : "\(name) \(YAMLText.number(x)) → \(YAMLText.number(y))"
            }
            return ["  ~ tiers: " + parts.joined(separator: ", ")]
        case .signal(let family, let c):
            switch c {
            case .added(let s): return signalLines("+", family, s)
            case .removed(_, let s): return signalLines("-", family, s)
            case .changed(_, let x, let y):
                var head = "  ~ \(family.fileName) \(rule(x.key, x.op))"
                head += x.value == y.value ? value(x.value) : "\(value(x.value, orNone: true)) →\(value(y.value, orNone: true))"
                head +=
                    x.weight == y.weight
                    ? " weight \(YAMLText.number(y.weight))"
                    : " weight \(YAMLText.number(x.weight)) → \(YAMLText.number(y.weight))"
                return [head] + textChange("rationale", x.rationale, y.rationale)
            case .reordered(let order): return ["  ~ \(family.fileName) order: " + order.map(ref).joined(separator: ", ")]
            }
        case .disqualifier(let c):
            switch c {
            case .added(let r): return disqualifierLines("+", r)
            case .removed(_, let r): return disqualifierLines("-", r)
            case .changed(_, let x, let y):
                let head =
                    "  ~ disqualifier \(rule(x.key, x.op))"
                    + (x.value == y.value ? value(x.value) : "\(value(x.value, orNone: true)) →\(value(y.value, orNone: true))")
                return [head] + textChange("reason", x.reason, y.reason)
            case .reordered(let order): return ["  ~ disqualifiers order: " + order.map(ref).joined(separator: ", ")]
            }
        case .committeeRole(let c):
            switch c {
            case .added(let r): return roleLines("+", r)
            case .removed(_, let r): return roleLines("-", r)
            case .changed(_, let x, let y): return ["  ~ committee \(x.kind.fileName)"] + textChange("pain", x.pain, y.pain)
            case .reordered(let order):
                let names = order.map { CommitteeRoleKind(rawValue: $0.key)?.fileName ?? $0.key }
                return ["  ~ committee order: " + names.joined(separator: ", ")]
            }
        }
    }

    private static func signalLines(_ sign: String, _ family: SignalFamily, _ s: Signal) -> [String] {
        ["  \(sign) \(family.fileName) \(rule(s.key, s.op))\(value(s.value)) weight \(YAMLText.number(s.weight))"]
            + (s.rationale.isEmpty ? [] : ["      rationale: \(q(s.rationale))"])
    }

    private static func disqualifierLines(_ sign: String, _ r: Disqualifier) -> [String] {
        ["  \(sign) disqualifier \(rule(r.key, r.op))\(value(r.value))", "      reason: \(q(r.reason))"]
    }

    private static func roleLines(_ sign: String, _ r: CommitteeRole) -> [String] {
        ["  \(sign) committee \(r.kind.fileName)", "      pain: \(q(r.pain))"]
    }

    private static func textChange(_ field: String, _ a: String, _ b: String) -> [String] {
        a == b ? [] : ["      - \(field): \(q(a))", "      + \(field): \(q(b))"]
    }

    // MARK: Spelling

    private static func rule(_ key: String, _ op: SignalOperator) -> String { "\(YAMLText.string(key)) \(op.fileName)" }

    /// ` <value>` as in the file, or empty for no value (or ` (none)` when `orNone`).
    private static func value(_ v: RuleValue?, orNone: Bool = false) -> String {
        v.map { " " + $0.fileText } ?? (orNone ? " (none)" : "")
    }

    /// A rule reference in file words: `region not-in`, `acv at-least #2`.
    private static func ref(_ r: RuleRef) -> String {
        YAMLText.string(r.key) + (r.op.map { " " + $0.fileName } ?? "") + (r.ordinal > 0 ? " #\(r.ordinal + 1)" : "")
    }

    private static func cadence(_ c: ReviewCadence) -> String { c.fileName ?? "\(c.months) months" }

    private static func tiers(_ t: TierThresholds) -> String {
        "a \(YAMLText.number(t.a)), b \(YAMLText.number(t.b)), c \(YAMLText.number(t.c))"
    }

    private static func q(_ s: String) -> String { YAMLText.quoted(s) }

    /// `value` with exactly `places` decimals, without Foundation.
    static func fixed(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = String(scaled / Int64(scale))
        var fraction = String(scaled % Int64(scale))
        fraction = String(repeating: "0", count: max(0, places - fraction.count)) + fraction
        return (value < 0 && scaled != 0 ? "-" : "") + whole + (places > 0 ? "." + fraction : "")
    }
}
