/// Whether a published definition is the one the company runs on, or a strategy test.
public enum ICPMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// The working definition that routes pipeline and spend.
    case operating
    /// A hypothesis under test; never to be used as the operating definition.
    case experimental
}
