/// Elements of definition lists that the diff can identify across revisions.
protocol DiffIdentifiable: Hashable, Sendable, Codable {
    /// The key part of the identity.
    var identityKey: String { get }
    /// The operator part of the identity, if any.
    var identityOperator: SignalOperator? { get }
}
