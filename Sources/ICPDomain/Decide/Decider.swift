/// A pure decider: `decide` turns a command into events (enforcing every rule), `evolve` folds events
/// into state. State is `nil`-able through the conforming type's `State` for "does not exist yet".
public protocol Decider {
    /// The aggregate state.
    associatedtype State: Sendable
    /// The commands accepted.
    associatedtype Command: Sendable

    /// The state before any event.
    static var initialState: State { get }
    /// Decides which events a command produces, or why it is refused.
    static func decide(_ state: State, _ command: Command, _ context: DecisionContext) throws(DomainError) -> [DomainEvent]
    /// Applies one event. Events of other aggregates are ignored. Never traps.
    static func evolve(_ state: State, _ event: DomainEvent) -> State
    /// ``evolve(_:_:)`` in place; deciders whose state grows with the stream implement it without copying.
    static func apply(_ event: DomainEvent, to state: inout State)
}

extension Decider {
    public static func apply(_ event: DomainEvent, to state: inout State) {
        state = evolve(state, event)
    }
}
