extension Signal: DiffIdentifiable {
    var identityKey: String { key }
    var identityOperator: SignalOperator? { op }
}
