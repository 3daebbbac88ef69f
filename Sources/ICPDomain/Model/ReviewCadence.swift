/// How often an ICP must be revisited, in calendar months (1–12).
public struct ReviewCadence: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Calendar months between reviews.
    public var months: Int

    /// Creates a cadence; validation requires 1…12 months.
    public init(months: Int) { self.months = months }

    /// Every three calendar months, the default.
    public static let quarterly = ReviewCadence(months: 3)

    public var description: String { months == 3 ? "quarterly" : "every \(months) months" }
}
