/// One linter finding about an ICP.
public struct LintWarning: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The rule that fired.
    public var code: LintCode
    /// What is wrong with this particular ICP.
    public var message: String
    /// How to fix it.
    public var fixHint: String

    /// Creates a warning with the code's standard fix hint.
    public init(_ code: LintCode, _ message: String) {
        self.code = code
        self.message = message
        self.fixHint = code.fixHint
    }

    public var description: String { "\(code.rawValue) \(code.slug): \(message)" }
}
