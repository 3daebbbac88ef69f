/// The explained result of scoring one account against one published revision.
public struct AccountScore: Hashable, Sendable, Codable {
    /// The revision number scored against.
    public var revision: Int
    /// Matching disqualifiers, in definition order; empty when qualified.
    public var disqualifiedBy: [DisqualifierHit]
    /// Disqualifiers that could not be checked because their attribute is unknown.
    public var uncheckedDisqualifiers: [Int]
    /// Fit score 0–100: matched weight ÷ (known weight under `neutral`, total weight under `zero`).
    public var score: Double
    /// Share (0…1) of total signal weight whose attribute was present.
    public var coverage: Double
    /// Tier from the thresholds (computed even when disqualified, for diagnosis).
    public var tier: Tier
    /// Signals that matched.
    public var matched: [SignalRef]
    /// Signals whose attribute was present but did not match.
    public var missed: [SignalRef]
    /// Signals whose attribute was absent — always reported here, whatever the missing-data policy.
    public var unknown: [SignalRef]

    /// True when no disqualifier matched.
    public var qualified: Bool { disqualifiedBy.isEmpty }
}
