/// The compact result of the fast scoring path.
public struct QuickScore: Hashable, Sendable {
    /// Fit score, 0–100.
    public var score: Double
    /// Tier from the thresholds (computed even when disqualified).
    public var tier: Tier
    /// True when any disqualifier matched.
    public var disqualified: Bool

    /// Creates a result.
    public init(score: Double, tier: Tier, disqualified: Bool) {
        self.score = score
        self.tier = tier
        self.disqualified = disqualified
    }
}
