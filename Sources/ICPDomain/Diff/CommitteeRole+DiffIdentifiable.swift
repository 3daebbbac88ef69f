extension CommitteeRole: DiffIdentifiable {
    var identityKey: String { kind.rawValue }
    var identityOperator: SignalOperator? { nil }
}
