public import ICPDomain

extension RuleValue {
    /// The value as written after `value:` in an ICP file: a scalar, a flow list `[a, b]` or a
    /// range `{min: 1, max: 5}`. Deterministic: the same value always gives the same text.
    public var fileText: String {
        switch self {
        case .string(let s): YAMLText.string(s)
        case .number(let n): YAMLText.number(n)
        case .bool(let b): b ? "true" : "false"
        case .stringList(let list): "[" + list.map { YAMLText.string($0, flow: true) }.joined(separator: ", ") + "]"
        case .numberRange(let r): "{min: \(YAMLText.number(r.lower)), max: \(YAMLText.number(r.upper))}"
        }
    }

    /// The value's kind in file terms, for messages.
    var fileKindName: String {
        switch kind {
        case .string: "text"
        case .number: "a number"
        case .bool: "true/false"
        case .stringList: "a list"
        case .numberRange: "a range"
        }
    }
}
