/// Points at one signal of a definition, for score explanations.
public struct SignalRef: Hashable, Sendable, Codable {
    /// The family.
    public var family: SignalFamily
    /// Index within the family.
    public var index: Int
    /// The attribute key.
    public var key: String
    /// The signal's weight.
    public var weight: Double

    /// Creates a reference.
    public init(family: SignalFamily, index: Int, key: String, weight: Double) {
        self.family = family
        self.index = index
        self.key = key
        self.weight = weight
    }
}
