/// The signals of a definition, grouped by family. Order within a family is meaningful (display order).
public struct SignalSet: Hashable, Sendable, Codable {
    /// Fit signals.
    public var fit: [Signal]
    /// Economic signals.
    public var economic: [Signal]
    /// Retention signals.
    public var retention: [Signal]
    /// Buying-trigger signals.
    public var trigger: [Signal]

    /// Creates a signal set.
    public init(fit: [Signal] = [], economic: [Signal] = [], retention: [Signal] = [], trigger: [Signal] = []) {
        self.fit = fit
        self.economic = economic
        self.retention = retention
        self.trigger = trigger
    }

    /// The signals of one family.
    public subscript(family: SignalFamily) -> [Signal] {
        get {
            switch family {
            case .fit: fit
            case .economic: economic
            case .retention: retention
            case .trigger: trigger
            }
        }
        set {
            switch family {
            case .fit: fit = newValue
            case .economic: economic = newValue
            case .retention: retention = newValue
            case .trigger: trigger = newValue
            }
        }
    }

    /// Every signal with its family, in family order then list order.
    public var all: [(family: SignalFamily, signal: Signal)] {
        SignalFamily.allCases.flatMap { family in self[family].map { (family, $0) } }
    }

    /// Sum of all weights.
    public var totalWeight: Double {
        var total = 0.0  // summed in the order of `all`, without building it
        for family in SignalFamily.allCases {
            for signal in self[family] { total += signal.weight }
        }
        return total
    }

    /// Number of signals across families.
    public var count: Int { fit.count + economic.count + retention.count + trigger.count }
}
