/// How a rule compares an account attribute with the rule's value.
///
/// Each operator accepts exactly one kind of operand (see ``acceptedValueKind``):
/// `equals` a string, number or bool; `in`/`notIn` a non-empty string list; `between` a number range
/// (inclusive); `atLeast`/`atMost` a number; `contains` a string tested for membership in a list
/// attribute (not a substring test); `exists` takes no value.
public enum SignalOperator: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// The attribute equals the value.
    case equals
    /// The attribute (or any element of a list attribute) is one of the listed strings.
    case `in`
    /// The attribute is present and none of its values is among the listed strings.
    case notIn
    /// The numeric attribute lies in the inclusive range.
    case between
    /// The numeric attribute is greater than or equal to the value.
    case atLeast
    /// The numeric attribute is less than or equal to the value.
    case atMost
    /// The list attribute contains the string (a plain string attribute must equal it).
    case contains
    /// The attribute is present at all; such rules are never reported as unknown.
    case exists

    /// The value kinds this operator accepts (empty set = no value allowed).
    public var acceptedValueKinds: Set<RuleValue.Kind> {
        switch self {
        case .equals: [.string, .number, .bool]
        case .in, .notIn: [.stringList]
        case .between: [.numberRange]
        case .atLeast, .atMost: [.number]
        case .contains: [.string]
        case .exists: []
        }
    }

    public static func < (lhs: SignalOperator, rhs: SignalOperator) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
