/// The lifecycle status of an ICP as a whole.
public enum ICPStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Nothing published yet.
    case draft
    /// The published definition is in operating mode.
    case operating
    /// The published definition is an experiment.
    case experimental
    /// No longer in use; accepts no further commands.
    case retired
}
