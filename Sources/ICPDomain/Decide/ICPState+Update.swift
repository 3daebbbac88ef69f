extension ICPState {
    /// Mutates revision `number` in place when it exists.
    mutating func updateRevision(_ number: Int, _ body: (inout Revision) -> Void) {
        guard number >= 1 && number <= revisions.count else { return }
        body(&revisions[number - 1])
    }
}
