/// What an unknown (absent) attribute means for the fit score. Unknowns are always reported as unknown.
public enum MissingDataPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Unknown signals are left out of the denominator: the score reflects only what is known.
    case neutral
    /// Unknown signals count as not matched: missing data lowers the score.
    case zero
}
