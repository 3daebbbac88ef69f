extension Decider {
    /// Folds a history from the initial state.
    public static func replay<S: Sequence>(_ events: S) -> State where S.Element == DomainEvent {
        events.reduce(into: initialState) { state, event in apply(event, to: &state) }
    }

    /// Decides and applies in one step, returning the new events and the state after them.
    public static func handle(
        _ state: State, _ command: Command, _ context: DecisionContext
    ) throws(DomainError) -> (events: [DomainEvent], state: State) {
        let events = try decide(state, command, context)
        return (events, events.reduce(into: state) { state, event in apply(event, to: &state) })
    }
}
