/// The payload struct of one event type.
public protocol EventPayload: Hashable, Sendable, Codable {
    /// The event type this payload belongs to.
    static var kind: EventKind { get }
}
