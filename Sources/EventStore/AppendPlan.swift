import ByteText
import Foundation
public import Postgres

/// The rows of one append, with their canonical encodings and hashes chained from the head.
struct AppendPlan: Sendable {
    let stream: StreamID
    let head: StreamHead
    let events: [NewEvent]
    let canonical: [String]
    let hashes: [[UInt8]]
    let insert: PostgresQuery

    /// With `declaringTenant`, the INSERT itself declares the tenant for its own (implicit)
    /// transaction, so a standalone append is one statement and one round trip; without it,
    /// the caller's transaction has declared the tenant and row-level security checks the rows against it.
    init(events: [NewEvent], stream: StreamID, head: StreamHead, declaringTenant: Bool = true) throws {
        guard !events.isEmpty else { throw EventStoreError.emptyBatch }
        guard head.stream == stream else { throw EventStoreError.headOfOtherStream(expected: stream, given: head.stream) }
        var canonical: [String] = [], hashes: [[UInt8]] = []
        canonical.reserveCapacity(events.count)
        hashes.reserveCapacity(events.count)
        var previous = head.hash
        for (offset, event) in events.enumerated() {
            let valid = event.payload.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return String(validating: bytes, as: UTF8.self) != nil && JSONSyntax.isValidDocument(bytes)
            }
            guard valid else { throw EventStoreError.invalidPayload(id: event.id) }
            guard event.schemaVersion > 0, event.schemaVersion <= Int(Int32.max) else {
                throw EventStoreError.invalidSchemaVersion(id: event.id, version: event.schemaVersion)
            }
            let size = event.payload.count + event.type.utf8.count
            guard size <= EventStore.maxEventBytes else {
                throw EventStoreError.eventTooLarge(id: event.id, bytes: size, limit: EventStore.maxEventBytes)
            }
            let bytes = CanonicalEvent.encode(
                event, metadata: CanonicalEvent.metadataJSON(event.metadata), stream: stream,
                version: head.version + Int64(offset) + 1, previousHash: previous)
            let hash = CanonicalEvent.hash(bytes)
            canonical.append(String(decoding: bytes, as: UTF8.self))
            hashes.append(hash)
            previous = hash
        }
        self.stream = stream
        self.head = head
        self.events = events
        self.canonical = canonical
        self.hashes = hashes
        self.insert =
            events.count == 1
            ? Self.singleInsert(
                events[0], tenant: stream.tenant, declaringTenant: declaringTenant, stream: stream, version: head.version + 1,
                canonical: canonical[0], previousHash: head.hash, hash: hashes[0])
            : Self.batchInsert(
                events, tenant: TenantValue(tenant: stream.tenant, declaring: declaringTenant), stream: stream,
                firstVersion: head.version + 1, canonical: canonical, previousHashes: [head.hash] + hashes.dropLast(), hashes: hashes)
    }

    /// The single-event INSERT with its text assembled once (``singleInsertTemplates``): the same
    /// statement as ``singleInsert(_:tenant:stream:version:canonical:previousHash:hash:)``, values
    /// bound in the order that one interpolates them.
    static func singleInsert(
        _ event: NewEvent, tenant: UUID, declaringTenant: Bool, stream: StreamID, version: Int64,
        canonical: String, previousHash: [UInt8], hash: [UInt8]
    ) -> PostgresQuery {
        PostgresQuery(
            declaringTenant ? singleInsertTemplates.declaring : singleInsertTemplates.scoped,
            binding: [
                UUIDText.lowercase(tenant).postgresParameter, stream.name.postgresParameter, version.postgresParameter,
                event.id.postgresParameter, event.type.postgresParameter, event.schemaVersion.postgresParameter,
                event.occurredAt.postgresParameter, canonical.postgresParameter, PostgresBytes(previousHash).postgresParameter,
                PostgresBytes(hash).postgresParameter,
            ])
    }

    /// The single-event INSERT's text, one per way of giving the tenant, from placeholder values.
    static let singleInsertTemplates: (declaring: PostgresQuery, scoped: PostgresQuery) = {
        let placeholder = NewEvent(type: "", payload: Data("{}".utf8), metadata: EventMetadata(), occurredAt: Date(timeIntervalSince1970: 0))
        let stream = StreamID(tenant: UUID(), name: "")
        func template(declaring: Bool) -> PostgresQuery {
            singleInsert(
                placeholder, tenant: TenantValue(tenant: stream.tenant, declaring: declaring), stream: stream, version: 0, canonical: "",
                previousHash: [], hash: [])
        }
        return (template(declaring: true), template(declaring: false))
    }()

    // The tenant column's value is the result of set_config (when declaring), so the setting is
    // in place before row-level security checks the row: the check runs on the finished row.
    static func singleInsert(
        _ event: NewEvent, tenant: TenantValue, stream: StreamID, version: Int64,
        canonical: String, previousHash: [UInt8], hash: [UInt8]
    ) -> PostgresQuery {
        """
        INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version,
                            occurred_at, canonical, previous_hash, hash)
        VALUES (\(tenant.column), \(stream.name), \(version), \(event.id), \(event.type), \(event.schemaVersion),
                \(event.occurredAt), \(canonical), \(PostgresBytes(previousHash)), \(PostgresBytes(hash)))
        RETURNING stream_version, position, transaction_id::text
        """
    }

    static func batchInsert(
        _ events: [NewEvent], tenant: TenantValue, stream: StreamID, firstVersion: Int64,
        canonical: [String], previousHashes: [[UInt8]], hashes: [[UInt8]]
    ) -> PostgresQuery {
        // Binary arrays: the canonical texts go over as they are, with no array-literal escaping.
        let versions = PostgresBinaryArray((0..<Int64(events.count)).map { firstVersion + $0 })
        let ids = PostgresBinaryArray(events.map(\.id))
        let types = PostgresBinaryArray(events.map(\.type))
        let schemaVersions = PostgresBinaryArray(events.map { Int32($0.schemaVersion) })
        let occurred = PostgresBinaryArray(events.map(\.occurredAt))
        let canonicalArray = PostgresBinaryArray(canonical)
        let previous = PostgresBinaryArray(previousHashes.map(PostgresBytes.init))
        let hashArray = PostgresBinaryArray(hashes.map(PostgresBytes.init))
        return """
            INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version,
                                occurred_at, canonical, previous_hash, hash)
            SELECT \(tenant.column), \(stream.name)::text, e.version, e.id, e.type, e.schema_version,
                   e.occurred_at, e.canonical, e.previous_hash, e.hash
            FROM unnest(\(versions)::bigint[], \(ids)::uuid[], \(types)::text[], \(schemaVersions)::integer[],
                        \(occurred)::timestamptz[], \(canonicalArray)::text[], \(previous)::bytea[], \(hashArray)::bytea[])
                 AS e(version, id, type, schema_version, occurred_at, canonical, previous_hash, hash)
            ORDER BY e.version
            RETURNING stream_version, position, transaction_id::text
            """
    }

    /// The tenant column's SQL: `set_config('app.tenant', $n, true)::uuid` when the INSERT
    /// declares the tenant itself, `($n)::uuid` inside a caller's tenant-scoped transaction.
    struct TenantValue {
        let column: PostgresQuery

        init(tenant: UUID, declaring: Bool) {
            let text = UUIDText.lowercase(tenant)
            column = declaring ? "set_config('app.tenant', \(text), true)::uuid" : "(\(text))::uuid"
        }
    }

    /// Reads the INSERT's RETURNING rows into the result.
    func result(from rows: PostgresRows) throws -> AppendResult {
        guard rows.count == events.count else {
            throw PostgresError.unexpectedResult("append stored \(rows.count) of \(events.count) events")
        }
        var byVersion: [(Int64, Int64)] = []
        var transaction: UInt64 = 0
        for row in rows {
            byVersion.append((try row.column(0, as: Int64.self), try row.column(1, as: Int64.self)))
            transaction = try row.column(2, as: UInt64.self)
        }
        byVersion.sort { $0.0 < $1.0 }
        let last = head.version + Int64(events.count)
        return AppendResult(
            head: StreamHead(stream: stream, version: last, hash: hashes.last!),
            firstVersion: head.version + 1, positions: byVersion.map(\.1), transactionID: transaction)
    }
}

extension EventStore {
    static func storedEventsQuery(tenant: UUID, ids: [UUID]) -> PostgresQuery {
        """
        SELECT event_id, stream_id, stream_version, position, transaction_id::text, event_type, schema_version,
               hash, canonical
        FROM events WHERE tenant_id = \(tenant) AND event_id = ANY(\(PostgresArray(ids))::uuid[])
        ORDER BY stream_version
        """
    }

    static func headQuery(_ stream: StreamID) -> PostgresQuery {
        """
        SELECT stream_version, hash FROM events
        WHERE tenant_id = \(stream.tenant) AND stream_id = \(stream.name)
        ORDER BY stream_version DESC LIMIT 1
        """
    }

    /// The stored result when every event of the plan is stored with the same content;
    /// nil when none is stored; an error for reuse or a partial batch.
    static func matchStored(_ rows: PostgresRows, plan: AppendPlan) throws -> AppendResult? {
        guard rows.count > 0 else { return nil }
        var stored: [UUID: PostgresRow] = [:]
        for row in rows { stored[try row.column("event_id", as: UUID.self)] = row }
        let missing = plan.events.map(\.id).filter { stored[$0] == nil }
        if !missing.isEmpty {
            throw EventStoreError.batchPartlyStored(stored: plan.events.map(\.id).filter { stored[$0] != nil }, missing: missing)
        }
        var positions: [Int64] = []
        var versions: [Int64] = []
        var transaction: UInt64 = 0
        var lastHash: [UInt8] = []
        for event in plan.events {
            let row = stored[event.id]!
            let canonical = try row.column("canonical", as: String.self)
            guard try row.column("stream_id", as: String.self) == plan.stream.name,
                try row.column("event_type", as: String.self) == event.type,
                try row.column("schema_version", as: Int.self) == event.schemaVersion,
                sameContent(canonical: canonical, event: event)
            else { throw EventStoreError.eventIDReused(id: event.id) }
            versions.append(try row.column("stream_version", as: Int64.self))
            positions.append(try row.column("position", as: Int64.self))
            transaction = UInt64(try row.column("transaction_id", as: String.self)) ?? 0
            lastHash = try row.column("hash", as: PostgresBytes.self).bytes
        }
        let head = StreamHead(stream: plan.stream, version: versions.max() ?? 0, hash: lastHash)
        return AppendResult(head: head, firstVersion: versions.min() ?? 0, positions: positions, transactionID: transaction)
    }

    /// Whether a stored canonical encoding holds the same payload, metadata and time as the retried event.
    static func sameContent(canonical: String, event: NewEvent) -> Bool {
        let payload = String(decoding: event.payload, as: UTF8.self)
        let metadata = String(decoding: CanonicalEvent.metadataJSON(event.metadata), as: UTF8.self)
        return canonical.contains(",\"payload\":" + payload + ",\"previous_hash\":")
            && canonical.contains("\"metadata\":" + metadata + ",")
            && canonical.contains(",\"occurred_at\":\(PostgresTimestamp.microseconds(of: event.occurredAt)),")
    }

    /// The stored result of a batch, if it was appended already (used before reporting a conflict).
    func storedResult(for events: [NewEvent], in stream: StreamID) async throws -> AppendResult? {
        guard !events.isEmpty else { return nil }
        let rows = try await tenantScoped(stream.tenant, [Self.storedEventsQuery(tenant: stream.tenant, ids: events.map(\.id))])
        let plan = try AppendPlan(events: events, stream: stream, head: .empty(for: stream))
        return try Self.matchStored(rows[0], plan: plan)
    }
}

extension EventStore {
    /// The INSERT a standalone append of `events` after `head` sends, with its parameters (the
    /// tenant declared in it): for benchmarks that send the very same statement another way, or
    /// time the parts of an append. The `$n` placeholders are bound in this order: tenant, stream,
    /// version(s), event id(s), type(s), schema version(s), occurred at, canonical text(s), previous
    /// hash(es), hash(es); one event is a VALUES row, several are arrays.
    public static func appendQuery(_ events: [NewEvent], to stream: StreamID, expecting head: StreamHead) throws -> PostgresQuery {
        try AppendPlan(events: events, stream: stream, head: head).insert
    }
}
