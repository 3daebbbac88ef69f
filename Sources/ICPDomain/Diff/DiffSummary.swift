/// A one-line, human summary of a definition diff, e.g. `+fit:industry, ~economic:acvUSD, -disqualifier:region, thresholds`.
public enum DiffSummary {
    public static func text(_ diff: DefinitionDiff) -> String {
        guard !diff.isEmpty else { return "no change" }
        return diff.changes.map(describe).joined(separator: ", ")
    }

    static func describe(_ change: DefinitionChange) -> String {
        switch change {
        case .signal(let family, let c): list(c, "\(family.rawValue)") { $0.key }
        case .disqualifier(let c): list(c, "disqualifier") { $0.key }
        case .committeeRole(let c): list(c, "seat") { $0.kind.rawValue }
        case .name: "name"
        case .statement: "statement"
        case .mode(_, let after): "mode→\(after.rawValue)"
        case .cadence(_, let after): "cadence→\(after)"
        case .thresholds: "thresholds"
        case .missingDataPolicy(_, let after): "missing data→\(after.rawValue)"
        }
    }

    static func list<E>(_ change: ListChange<E>, _ what: String, _ key: (E) -> String) -> String {
        switch change {
        case .added(let e): "+\(what):\(key(e))"
        case .removed(_, let e): "-\(what):\(key(e))"
        case .changed(_, _, let e): "~\(what):\(key(e))"
        case .reordered: "\(what) order"
        }
    }
}
