/// Score cut-offs for tiers A, B and C (D is the rest). Must be strictly descending, each within 0…100.
public struct TierThresholds: Hashable, Sendable, Codable {
    /// Minimum score for tier A.
    public var a: Double
    /// Minimum score for tier B.
    public var b: Double
    /// Minimum score for tier C.
    public var c: Double

    /// Creates thresholds; validation checks the ordering.
    public init(a: Double, b: Double, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// A ≥ 80, B ≥ 60, C ≥ 40, else D.
    public static let standard = TierThresholds(a: 80, b: 60, c: 40)

    /// The tier for a 0–100 score.
    @inlinable
    public func tier(for score: Double) -> Tier {
        if score >= a { return .a }
        if score >= b { return .b }
        if score >= c { return .c }
        return .d
    }
}
