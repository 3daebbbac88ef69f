/// The content of one ICP revision: everything that decides who is in, who is out and how well they fit.
public struct ICPDefinition: Hashable, Sendable, Codable {
    /// Short internal name, e.g. "Series B fintech ops".
    public var name: String
    /// One sentence naming stage, pain, buyer context, operating gap and reason to act.
    public var statement: String
    /// Operating or experimental.
    public var mode: ICPMode
    /// Review cadence; quarterly by default.
    public var cadence: ReviewCadence
    /// Weighted signals per family.
    public var signals: SignalSet
    /// Hard exclusions, each with its reason.
    public var disqualifiers: [Disqualifier]
    /// Buying committee seats.
    public var committee: [CommitteeRole]
    /// Tier cut-offs.
    public var thresholds: TierThresholds
    /// How unknown attributes affect the score.
    public var missingDataPolicy: MissingDataPolicy

    /// Creates a definition.
    public init(
        name: String,
        statement: String,
        mode: ICPMode = .operating,
        cadence: ReviewCadence = .quarterly,
        signals: SignalSet = SignalSet(),
        disqualifiers: [Disqualifier] = [],
        committee: [CommitteeRole] = [],
        thresholds: TierThresholds = .standard,
        missingDataPolicy: MissingDataPolicy = .neutral
    ) {
        self.name = name
        self.statement = statement
        self.mode = mode
        self.cadence = cadence
        self.signals = signals
        self.disqualifiers = disqualifiers
        self.committee = committee
        self.thresholds = thresholds
        self.missingDataPolicy = missingDataPolicy
    }
}
