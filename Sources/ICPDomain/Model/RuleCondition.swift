/// The common shape of a signal and a disqualifier: an attribute key, an operator and an operand.
public protocol RuleCondition: Hashable, Sendable {
    /// The account attribute the rule reads, e.g. `"industry"`.
    var key: String { get }
    /// How the attribute is compared.
    var op: SignalOperator { get }
    /// The operand; nil only for `exists`.
    var value: RuleValue? { get }
}
