/// How strongly a finding bears on the ICP.
public enum FindingSeverity: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// Worth noting.
    case low
    /// Should shape the next review.
    case medium
    /// Needs a revision soon.
    case high
    /// The ICP is misleading the business now.
    case critical

    public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
