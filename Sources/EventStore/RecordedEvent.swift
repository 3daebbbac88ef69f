public import Foundation

/// An event as stored: its place in its stream and in the global feed.
public struct RecordedEvent: Sendable, Hashable {
    public var stream: StreamID
    /// 1-based position within the stream.
    public var version: Int64
    /// Global position: unique and increasing, but assigned before commit, so not commit order.
    public var position: Int64
    /// The appending transaction (xid8); the feed is ordered by (transactionID, position).
    public var transactionID: UInt64
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    /// The payload JSON, byte for byte as it was appended (and hashed).
    public var payload: Data
    public var metadata: EventMetadata
    public var occurredAt: Date
    /// When the database stored it.
    public var recordedAt: Date
    /// SHA-256 of the event's canonical encoding, chained to the previous event's hash.
    public var hash: [UInt8]

    /// Where this event sits in the feed.
    public var cursor: FeedCursor { FeedCursor(transactionID: transactionID, position: position) }
}
