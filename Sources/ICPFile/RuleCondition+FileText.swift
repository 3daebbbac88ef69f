public import ICPDomain

extension RuleCondition {
    /// The rule in the ICP file's words: `acvUSD at-least 40000`, `employees between {min: 50, max: 500}`.
    public var fileText: String { "\(key) \(op.fileName)" + (value.map { " \($0.fileText)" } ?? "") }
}

extension Double {
    /// A weight, threshold or operand as an ICP file writes it: `30`, `12.5`.
    public var fileText: String { YAMLText.number(self) }
}
