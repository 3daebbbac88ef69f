/// Facts about how an ICP is used that the definition alone cannot tell the linter.
public struct LintContext: Hashable, Sendable {
    /// True when the business routes pipeline or spend on this ICP as its operating definition.
    public var usedAsOperating: Bool
    /// The revision being linted (nil or 1 = the initial draft, which is exempt from ICP009).
    public var revision: Int?
    /// The evidence cited by that revision.
    public var evidence: [EvidenceRef]
    /// The review status, if known.
    public var reviewStatus: ReviewStatus?

    /// Creates a context.
    public init(usedAsOperating: Bool = false, revision: Int? = nil, evidence: [EvidenceRef] = [], reviewStatus: ReviewStatus? = nil) {
        self.usedAsOperating = usedAsOperating
        self.revision = revision
        self.evidence = evidence
        self.reviewStatus = reviewStatus
    }
}
