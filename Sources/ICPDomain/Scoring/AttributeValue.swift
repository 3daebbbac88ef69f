/// A typed value of an account attribute, e.g. `"industry": .string("fintech")`.
public enum AttributeValue: Hashable, Sendable, Codable {
    /// Text (compared case-insensitively).
    case string(String)
    /// A number.
    case number(Double)
    /// A flag.
    case bool(Bool)
    /// Several strings, e.g. technologies in use.
    case stringList([String])
}
