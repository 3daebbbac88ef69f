/// A hard negative-fit rule: a matching account is excluded whatever its score.
public struct Disqualifier: RuleCondition, Codable {
    /// The account attribute the rule reads.
    public var key: String
    /// How the attribute is compared.
    public var op: SignalOperator
    /// The operand; nil only for `exists`.
    public var value: RuleValue?
    /// Why such accounts are excluded; shown with every disqualified score.
    public var reason: String

    /// Creates a disqualifier.
    public init(key: String, op: SignalOperator, value: RuleValue?, reason: String) {
        self.key = key
        self.op = op
        self.value = value
        self.reason = reason
    }
}
