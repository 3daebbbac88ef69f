/// Identifies a rule inside one list of a definition: attribute key, operator, and an ordinal
/// that tells apart several rules sharing key and operator (0 for the first such rule, in list order).
///
/// Committee roles use the role kind as key and no operator.
public struct RuleRef: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The attribute key (or committee role kind).
    public var key: String
    /// The operator; nil for committee roles.
    public var op: SignalOperator?
    /// Position among rules with the same key and operator.
    public var ordinal: Int

    /// Creates a reference.
    public init(key: String, op: SignalOperator?, ordinal: Int = 0) {
        self.key = key
        self.op = op
        self.ordinal = ordinal
    }

    /// The references of every element of `list`, aligned with it.
    static func refs<E: DiffIdentifiable>(for list: [E]) -> [RuleRef] {
        var seen: [RuleRef: Int] = [:]
        return list.map { element in
            let base = RuleRef(key: element.identityKey, op: element.identityOperator, ordinal: 0)
            let ordinal = seen[base, default: 0]
            seen[base] = ordinal + 1
            return RuleRef(key: base.key, op: base.op, ordinal: ordinal)
        }
    }

    public var description: String {
        "\(key)" + (op.map { " \($0.rawValue)" } ?? "") + (ordinal > 0 ? " #\(ordinal + 1)" : "")
    }
}
