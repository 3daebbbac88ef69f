public import ICPDomain

extension ICPFileDocument {
    /// The file of an ICP as it stands, ready to edit and plan: its operating definition (its draft
    /// before anything is published), or with `revision` that revision's definition; based on the
    /// operating revision either way. Nil when the ICP has no such revision.
    public static func exported(from state: ICPState, revision: Int? = nil, workspace: String?, owner: String?) -> ICPFileDocument? {
        var definition = state.baseDefinition
        if let revision {
            guard let chosen = state.revision(revision) else { return nil }
            definition = chosen.definition
        }
        return ICPFileDocument(
            definition: definition, workspace: workspace, icp: state.id, baseRevision: state.publishedRevision, owner: owner)
    }

    /// The file as YAML text: a header comment, then every key in a fixed order with fixed number
    /// formatting and quoting. The same document always gives the same bytes, and
    /// `ICPFileDocument(yaml: doc.yaml())` gives back `doc`.
    public func yaml() -> String {
        var w = YAMLWriter()
        writeHeader(into: &w)
        w.field("format", ICPFileKey.formatV1, indent: 0)
        if let workspace { w.field("workspace", YAMLText.string(workspace), indent: 0) }
        if let icp { w.field("icp", icp.description, indent: 0) }
        if let baseRevision { w.field("base-revision", String(baseRevision), indent: 0) }
        if let owner { w.field("owner", YAMLText.string(owner), indent: 0) }
        w.blank()

        let d = definition
        w.field("name", YAMLText.string(d.name), indent: 0)
        w.field("statement", YAMLText.string(d.statement), indent: 0)
        w.field("mode", d.mode.rawValue, indent: 0)
        w.field("cadence", d.cadence.fileName ?? String(d.cadence.months), indent: 0)
        w.field("missing-data", d.missingDataPolicy.fileName, indent: 0)
        w.open("tiers", indent: 0)
        w.field("a", YAMLText.number(d.thresholds.a), indent: 2)
        w.field("b", YAMLText.number(d.thresholds.b), indent: 2)
        w.field("c", YAMLText.number(d.thresholds.c), indent: 2)
        w.blank()

        w.open("signals", indent: 0)
        for family in SignalFamily.allCases {
            let signals = d.signals[family]
            if signals.isEmpty {
                w.field(family.fileName, "[]", indent: 2)
                continue
            }
            w.open(family.fileName, indent: 2)
            for signal in signals {
                writeRule(key: signal.key, op: signal.op, value: signal.value, into: &w, indent: 4)
                w.field("weight", YAMLText.number(signal.weight), indent: 6)
                w.field("rationale", YAMLText.string(signal.rationale), indent: 6)
            }
        }
        w.blank()

        if d.disqualifiers.isEmpty {
            w.field("disqualifiers", "[]", indent: 0)
        } else {
            w.open("disqualifiers", indent: 0)
            for rule in d.disqualifiers {
                writeRule(key: rule.key, op: rule.op, value: rule.value, into: &w, indent: 2)
                w.field("reason", YAMLText.string(rule.reason), indent: 4)
            }
        }
        w.blank()

        if d.committee.isEmpty {
            w.field("committee", "[]", indent: 0)
        } else {
            w.open("committee", indent: 0)
            for role in d.committee {
                w.field("role", role.kind.fileName, indent: 2, dash: true)
                w.field("pain", YAMLText.string(role.pain), indent: 4)
            }
        }
        return w.text
    }

    private func writeRule(key: String, op: SignalOperator, value: RuleValue?, into w: inout YAMLWriter, indent: Int) {
        w.field("key", YAMLText.string(key), indent: indent, dash: true)
        w.field("operator", op.fileName, indent: indent + 2)
        if let value { w.field("value", value.fileText, indent: indent + 2) }
    }

    private func writeHeader(into w: inout YAMLWriter) {
        w.comment("ICP Ledger — Ideal Customer Profile file (format \(ICPFileKey.formatV1)).")
        w.comment("")
        w.comment("This file is the whole ICP definition: who fits, who is excluded, who buys, and how")
        w.comment("accounts are tiered. Edit it, review the rule-by-rule plan the CLI prints for it,")
        w.comment("then propose it as a new revision (icpledger icp propose). Every key is documented in docs/icp-file.md;")
        w.comment("unknown keys are refused.")
        if let baseRevision {
            w.comment("")
            w.comment("Exported from revision \(baseRevision). Leave format, icp and base-revision as they are:")
            w.comment("if another revision is published meanwhile, plan and propose refuse the stale file.")
        }
    }
}
