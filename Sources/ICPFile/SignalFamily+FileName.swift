public import ICPDomain

extension SignalFamily {
    /// The key of this family under `signals:` in an ICP file (`fit`, `economic`, `retention`, `triggers`).
    public var fileName: String {
        switch self {
        case .fit: "fit"
        case .economic: "economic"
        case .retention: "retention"
        case .trigger: "triggers"
        }
    }

    /// The family whose file key is `fileName`; nil for any other key.
    public init?(fileName: String) {
        guard let match = Self.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = match
    }
}
