/// The fit tier of a scored account, A best.
public enum Tier: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// Score at or above the A threshold.
    case a = "A"
    /// Score at or above the B threshold.
    case b = "B"
    /// Score at or above the C threshold.
    case c = "C"
    /// Everything below the C threshold.
    case d = "D"

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
}
