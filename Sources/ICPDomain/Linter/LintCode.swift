/// Stable codes of the ICP linter's rules. Codes never change meaning; retired codes are not reused.
public enum LintCode: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// ICP001: every fit signal is about company size.
    case sizeBandOnly = "ICP001"
    /// ICP002: buying committee described, but no company fit conditions.
    case personaOnly = "ICP002"
    /// ICP003: no disqualifiers.
    case noDisqualifiers = "ICP003"
    /// ICP004: neither economic nor retention signals.
    case noEconomicOrRetention = "ICP004"
    /// ICP005: no buying trigger.
    case noBuyingTrigger = "ICP005"
    /// ICP006: more than ``ICPLinter/maxCommitteeRoles`` committee roles.
    case tooManyPersonas = "ICP006"
    /// ICP007: the statement lacks some of stage, pain, buyer, gap, reason to act.
    case statementMissingElements = "ICP007"
    /// ICP008: an experimental definition is being used as the operating one.
    case experimentalUsedAsOperating = "ICP008"
    /// ICP009: a revision cites no evidence.
    case revisionWithoutEvidence = "ICP009"
    /// ICP010: the review is overdue.
    case reviewOverdue = "ICP010"

    /// A short slug, e.g. `size-band-only`.
    public var slug: String {
        switch self {
        case .sizeBandOnly: "size-band-only"
        case .personaOnly: "persona-only"
        case .noDisqualifiers: "no-disqualifiers"
        case .noEconomicOrRetention: "no-economic-or-retention"
        case .noBuyingTrigger: "no-buying-trigger"
        case .tooManyPersonas: "too-many-personas"
        case .statementMissingElements: "statement-missing-elements"
        case .experimentalUsedAsOperating: "experimental-used-as-operating"
        case .revisionWithoutEvidence: "revision-without-evidence"
        case .reviewOverdue: "review-overdue"
        }
    }

    /// How to fix it, in one sentence.
    public var fixHint: String {
        switch self {
        case .sizeBandOnly: "Add fit signals that say which companies, not how big: industry, business model, stack, stage or region."
        case .personaOnly: "Describe the company first: add fit signals, then attach the committee roles to it."
        case .noDisqualifiers: "Write down who you will not sell to and why, using lost and churned accounts as the source."
        case .noEconomicOrRetention:
            "Add economic signals (ACV, payback, margin) and retention signals (NRR, GRR, churn) from your own customer data."
        case .noBuyingTrigger: "Add at least one trigger that explains why an account would buy this quarter, not someday."
        case .tooManyPersonas: "Keep the seats that actually decide or block; fold the rest into influencers outside the ICP."
        case .statementMissingElements: "Rewrite the statement as one sentence naming stage, pain, buyer, operating gap and reason to act now."
        case .experimentalUsedAsOperating: "Promote it through a reviewed revision that sets the mode to operating, or stop routing on it."
        case .revisionWithoutEvidence: "Link the audit findings or documents that justify the change before it is approved."
        case .reviewOverdue: "Hold the review: reaffirm the ICP or propose the revision it needs."
        }
    }

    public static func < (lhs: LintCode, rhs: LintCode) -> Bool { lhs.rawValue < rhs.rawValue }
}
