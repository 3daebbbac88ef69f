/// A disqualifier that matched an account, and why it excludes it.
public struct DisqualifierHit: Hashable, Sendable, Codable {
    /// Index in the definition's disqualifiers.
    public var index: Int
    /// The attribute key.
    public var key: String
    /// The stated reason.
    public var reason: String

    /// Creates a hit.
    public init(index: Int, key: String, reason: String) {
        self.index = index
        self.key = key
        self.reason = reason
    }
}
