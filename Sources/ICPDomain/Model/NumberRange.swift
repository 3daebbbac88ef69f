/// An inclusive numeric range used by the `between` operator.
public struct NumberRange: Hashable, Sendable, Codable {
    /// The inclusive lower bound.
    public var lower: Double
    /// The inclusive upper bound.
    public var upper: Double

    /// Creates a range; validation reports `lower > upper`.
    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// True when `x` lies within the bounds.
    public func contains(_ x: Double) -> Bool { x >= lower && x <= upper }
}
