public import Foundation
public import Postgres

/// An event as a projection folds it: where it sits and what it says. Metadata, timestamps and
/// the hash are neither selected nor parsed, which makes a full replay (a rebuild) much cheaper
/// than reading ``RecordedEvent``s.
public struct FoldableEvent: Sendable, Hashable {
    public var stream: StreamID
    /// 1-based position within the stream.
    public var version: Int64
    /// Where the event sits in the feed.
    public var cursor: FeedCursor
    public var type: String
    public var schemaVersion: Int
    /// The payload JSON, byte for byte as it was appended.
    public var payload: Data

    /// The parts of a recorded event that a fold reads.
    public init(_ event: RecordedEvent) {
        self.init(
            stream: event.stream, version: event.version, cursor: event.cursor, type: event.type,
            schemaVersion: event.schemaVersion, payload: event.payload)
    }

    init(stream: StreamID, version: Int64, cursor: FeedCursor, type: String, schemaVersion: Int, payload: Data) {
        self.stream = stream
        self.version = version
        self.cursor = cursor
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}

extension EventStore {
    /// The feed after a cursor up to the oldest transaction still open, in feed order, in one
    /// binary COPY: the cheapest way to replay everything. Returns the last event's cursor (the
    /// given one when there were none). Without a tenant this needs the system role.
    ///
    /// A replay allocates little per event: events are handed on in groups whose payloads are
    /// slices of one shared buffer, and a type or stream name equal to the previous event's
    /// reuses that string.
    public static func copyFoldable(
        after cursor: FeedCursor, on connection: PostgresConnection,
        _ body: (FoldableEvent) throws -> Void
    ) throws -> FeedCursor {
        let horizon = try feedHorizon(on: connection)
        var greatest = cursor
        var group = FoldableGroup()
        // COPY takes no parameters: the bounds are bound into settings of the transaction it runs in,
        // and read once each through a scalar subquery (an InitPlan), not once per row.
        let ownTransaction = connection.isIdle
        if ownTransaction { try connection.query("BEGIN") }
        defer { if ownTransaction { connection.rollBackIfNeeded() } }
        try connection.query(
            """
            SELECT set_config('icpledger.copy_after_xid', \(String(cursor.transactionID)), true),
                   set_config('icpledger.copy_after_position', \(String(cursor.position)), true),
                   set_config('icpledger.copy_below_xid', \(String(horizon)), true)
            """)
        try connection.copyOutBinary(
            """
            COPY (SELECT tenant_id, stream_id, stream_version, transaction_id, position, event_type, schema_version, canonical
                  FROM events
                  WHERE (transaction_id, position) > ((SELECT current_setting('icpledger.copy_after_xid')::xid8),
                                                      (SELECT current_setting('icpledger.copy_after_position')::bigint))
                    AND transaction_id < (SELECT current_setting('icpledger.copy_below_xid')::xid8)
                  ORDER BY events.transaction_id, events.position) TO STDOUT (FORMAT binary)
            """
        ) { row in
            let tenant = try row.uuid(), name = group.name(try row.value()), version = try row.int64()
            let at = FeedCursor(transactionID: UInt64(bitPattern: try row.int64()), position: try row.int64())
            let type = group.type(try row.value()), schemaVersion = Int(try row.int32())
            let canonical = try row.value().assumingMemoryBound(to: UInt8.self)
            guard let payload = CanonicalParts.payloadRange(in: canonical, metadata: { $0.skipValue() }) else {
                throw PostgresError.typeMismatch(
                    column: "canonical", expected: CanonicalParts.postgresTypeName,
                    value: String(decoding: canonical.prefix(200), as: UTF8.self))
            }
            greatest = max(greatest, at)
            group.add(
                stream: StreamID(tenant: tenant, name: name), version: version, cursor: at, type: type,
                schemaVersion: schemaVersion, payload: UnsafeBufferPointer(rebasing: canonical[payload]))
            if group.isFull { try group.emit(body) }
        }
        try group.emit(body)
        return greatest
    }
}

/// Events read by `copyFoldable` but not yet handed on; their payloads share one buffer.
private struct FoldableGroup {
    static let capacity = 512
    private var events: [(StreamID, Int64, FeedCursor, String, Int, Range<Int>)] = []
    private var bytes = Data()
    private var lastName = "", lastType = ""

    var isFull: Bool { events.count >= Self.capacity }

    mutating func name(_ text: UnsafeRawBufferPointer) -> String { Self.reuse(text, &lastName) }
    mutating func type(_ text: UnsafeRawBufferPointer) -> String { Self.reuse(text, &lastType) }

    /// `last` when it spells `text`, else `text` as a new string (which becomes `last`).
    private static func reuse(_ text: UnsafeRawBufferPointer, _ last: inout String) -> String {
        let same = last.utf8.withContiguousStorageIfAvailable { $0.elementsEqual(text) } ?? false
        if !same { last = String(decoding: text, as: UTF8.self) }
        return last
    }

    mutating func add(
        stream: StreamID, version: Int64, cursor: FeedCursor, type: String, schemaVersion: Int,
        payload: UnsafeBufferPointer<UInt8>
    ) {
        if events.isEmpty { bytes.reserveCapacity(Self.capacity * 512) }
        let start = bytes.count
        bytes.append(payload)
        events.append((stream, version, cursor, type, schemaVersion, start..<bytes.count))
    }

    /// Hands on the events, each payload a slice of the group's buffer, and starts afresh.
    mutating func emit(_ body: (FoldableEvent) throws -> Void) throws {
        let shared = bytes, pending = events
        bytes = Data()
        events.removeAll(keepingCapacity: true)
        for (stream, version, cursor, type, schemaVersion, range) in pending {
            try body(
                FoldableEvent(
                    stream: stream, version: version, cursor: cursor, type: type,
                    schemaVersion: schemaVersion, payload: shared[range]))
        }
    }
}
