public import ByteText
public import Foundation

/// An event to append: its id, type, schema version, JSON payload and metadata.
public struct NewEvent: Sendable, Hashable {
    /// Unique per tenant; appending the same id again is an idempotent retry.
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    /// The payload as UTF-8 JSON text, hashed exactly as given.
    public var payload: Data
    public var metadata: EventMetadata
    /// Business time, from the caller's clock.
    public var occurredAt: Date

    public init(
        id: UUID = .random(), type: String, schemaVersion: Int = 1, payload: Data,
        metadata: EventMetadata = EventMetadata(), occurredAt: Date
    ) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
        self.occurredAt = occurredAt
    }
}
