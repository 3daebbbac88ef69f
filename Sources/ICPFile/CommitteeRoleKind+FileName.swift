public import ICPDomain

extension CommitteeRoleKind {
    /// The kebab-case spelling used in ICP files, e.g. `economic-buyer`.
    public var fileName: String {
        switch self {
        case .economicBuyer: "economic-buyer"
        case .champion: "champion"
        case .user: "user"
        case .blocker: "blocker"
        case .technicalEvaluator: "technical-evaluator"
        case .executiveSponsor: "executive-sponsor"
        case .procurement: "procurement"
        case .influencer: "influencer"
        }
    }

    /// The role spelled `fileName` in an ICP file; nil for any other spelling.
    public init?(fileName: String) {
        guard let match = Self.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = match
    }
}
