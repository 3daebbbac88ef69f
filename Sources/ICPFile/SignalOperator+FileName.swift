public import ICPDomain

extension SignalOperator {
    /// The kebab-case spelling used in ICP files, e.g. `not-in`, `at-least`.
    public var fileName: String {
        switch self {
        case .equals: "equals"
        case .in: "in"
        case .notIn: "not-in"
        case .between: "between"
        case .atLeast: "at-least"
        case .atMost: "at-most"
        case .contains: "contains"
        case .exists: "exists"
        }
    }

    /// The operator spelled `fileName` in an ICP file; nil for any other spelling.
    public init?(fileName: String) {
        guard let match = Self.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = match
    }

    /// What the operator expects as its `value`, in file terms, e.g. `a range {min, max}`.
    var fileExpectation: String {
        switch self {
        case .equals: "a text, number or true/false value"
        case .in, .notIn: "a list of text values, e.g. [a, b]"
        case .between: "a range {min, max}"
        case .atLeast, .atMost: "a number"
        case .contains: "a text value (quote numbers, e.g. \"42\")"
        case .exists: "no value"
        }
    }
}
