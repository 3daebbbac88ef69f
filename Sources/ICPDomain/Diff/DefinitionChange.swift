/// One semantic change between two ICP definitions, with before/after values.
///
/// Revision proposals are expressed as a list of these changes, so a proposal, a diff and a
/// review screen all speak the same language.
public enum DefinitionChange: Hashable, Sendable, Codable {
    /// A change to the signals of one family.
    case signal(family: SignalFamily, change: ListChange<Signal>)
    /// A change to the disqualifiers.
    case disqualifier(change: ListChange<Disqualifier>)
    /// A change to the buying committee.
    case committeeRole(change: ListChange<CommitteeRole>)
    /// The name changed.
    case name(before: String, after: String)
    /// The statement changed.
    case statement(before: String, after: String)
    /// Operating ↔ experimental.
    case mode(before: ICPMode, after: ICPMode)
    /// The review cadence changed.
    case cadence(before: ReviewCadence, after: ReviewCadence)
    /// The tier thresholds changed.
    case thresholds(before: TierThresholds, after: TierThresholds)
    /// The missing-data policy changed.
    case missingDataPolicy(before: MissingDataPolicy, after: MissingDataPolicy)
}
