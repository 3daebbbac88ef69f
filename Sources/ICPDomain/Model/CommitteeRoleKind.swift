/// The part a person plays in the buying committee.
public enum CommitteeRoleKind: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// Owns the budget and signs.
    case economicBuyer
    /// Sells internally on the vendor's behalf.
    case champion
    /// Uses the product day to day.
    case user
    /// Can stop the deal (security, incumbent owner, finance).
    case blocker
    /// Assesses technical fit and integration.
    case technicalEvaluator
    /// Sponsors the initiative at executive level.
    case executiveSponsor
    /// Runs the purchasing process and terms.
    case procurement
    /// Shapes opinion without a formal vote.
    case influencer

    public static func < (lhs: CommitteeRoleKind, rhs: CommitteeRoleKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
