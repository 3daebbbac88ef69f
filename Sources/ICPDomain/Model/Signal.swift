/// A weighted, typed rule describing one trait of accounts the company wins and keeps.
public struct Signal: RuleCondition, Codable {
    /// The account attribute the rule reads, e.g. `"industry"` or `"acvUSD"`.
    public var key: String
    /// How the attribute is compared.
    public var op: SignalOperator
    /// The operand; nil only for `exists`.
    public var value: RuleValue?
    /// Relative importance, 0 < weight ≤ 100.
    public var weight: Double
    /// Why this rule is part of the ICP, in business terms.
    public var rationale: String

    /// Creates a signal.
    public init(key: String, op: SignalOperator, value: RuleValue?, weight: Double, rationale: String = "") {
        self.key = key
        self.op = op
        self.value = value
        self.weight = weight
        self.rationale = rationale
    }
}
