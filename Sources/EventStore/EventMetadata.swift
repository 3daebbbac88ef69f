/// Who caused an event and in which request, by opaque ids only (never names or e-mails).
public struct EventMetadata: Hashable, Sendable, Codable {
    /// The principal id of the actor.
    public var actor: String?
    /// Groups every event caused by one user intent across streams.
    public var correlationID: String?
    /// The event or command that directly caused this one.
    public var causationID: String?
    /// The request that carried the command.
    public var requestID: String?

    public init(actor: String? = nil, correlationID: String? = nil, causationID: String? = nil, requestID: String? = nil) {
        self.actor = actor
        self.correlationID = correlationID
        self.causationID = causationID
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case actor
        case correlationID = "correlation_id"
        case causationID = "causation_id"
        case requestID = "request_id"
    }
}
