/// How far a definition moved between two revisions, from 0 (identical in effect) to 1 (a different ICP).
///
/// Formula (each part clamped to 0…1):
///
///     distance = 0.50·S + 0.30·D + 0.10·P + 0.05·C + 0.05·T
///
/// - **S, signals:** moved weight ÷ max(total weight before, total weight after). An added signal
///   moves its new weight, a removed one its old weight; a changed one moves max(old, new) weight
///   when its value changed, otherwise only |new − old|. Rationale edits move nothing.
/// - **D, disqualifiers:** (added + removed + changed-in-value) ÷ max(count before, count after, 1).
///   Counted per rule, not by weight, and weighted heavily: one disqualifier flips accounts between
///   "pursue" and "never pursue", which no single weighted signal does.
/// - **P, scoring parameters:** (|ΔA| + |ΔB| + |ΔC|) ÷ 100 for the tier thresholds, plus 0.5 when the
///   missing-data policy changed — both re-rank accounts without touching a rule.
/// - **C, committee:** committee seats added, removed or with a changed pain ÷ max(count, 1).
/// - **T, statement:** 1 when the statement text changed.
///
/// Name, mode and cadence changes are ignored: they do not change who the ICP selects.
public enum RevisionDistance {
    /// The distance from `a` to `b` in 0…1.
    public static func between(_ a: ICPDefinition, _ b: ICPDefinition) -> Double {
        var movedWeight = 0.0
        var disqualifierMoves = 0.0
        var committeeMoves = 0.0
        var parameters = 0.0
        var statement = 0.0
        for change in DefinitionDiff.between(a, b).changes {
            switch change {
            case .signal(_, let c):
                switch c {
                case .added(let s): movedWeight += s.weight
                case .removed(_, let s): movedWeight += s.weight
                case .changed(_, let x, let y):
                    movedWeight += x.value == y.value ? abs(x.weight - y.weight) : max(x.weight, y.weight)
                case .reordered: break
                }
            case .disqualifier(let c):
                switch c {
                case .added, .removed: disqualifierMoves += 1
                case .changed(_, let x, let y): if x.value != y.value { disqualifierMoves += 1 }
                case .reordered: break
                }
            case .committeeRole(let c):
                switch c {
                case .added, .removed, .changed: committeeMoves += 1
                case .reordered: break
                }
            case .thresholds(let x, let y):
                parameters += (abs(x.a - y.a) + abs(x.b - y.b) + abs(x.c - y.c)) / 100
            case .missingDataPolicy:
                parameters += 0.5
            case .statement:
                statement = 1
            case .name, .mode, .cadence:
                break
            }
        }
        let totalWeight = max(a.signals.totalWeight, b.signals.totalWeight)
        let s = totalWeight > 0 ? min(1, movedWeight / totalWeight) : 0
        let d = min(1, disqualifierMoves / Double(max(a.disqualifiers.count, b.disqualifiers.count, 1)))
        let c = min(1, committeeMoves / Double(max(a.committee.count, b.committee.count, 1)))
        let p = min(1, parameters)
        return 0.50 * s + 0.30 * d + 0.10 * p + 0.05 * c + 0.05 * statement
    }
}
