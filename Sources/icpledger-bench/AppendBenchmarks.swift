import EventStore
import Foundation
import Postgres

/// Append throughput against plain INSERTs of the same rows into a plain table with the same keys.
///
/// Both sides go through the same Postgres module and pool, with durable commits,
/// and alternate round by round; each figure is the median of the rounds.
enum AppendBenchmarks {
    static let plainTable = """
        CREATE TABLE IF NOT EXISTS bench_plain_events (
            tenant_id uuid NOT NULL, stream_id text NOT NULL, stream_version bigint NOT NULL,
            position bigint GENERATED ALWAYS AS IDENTITY, event_id uuid NOT NULL, event_type text NOT NULL,
            schema_version integer NOT NULL, payload jsonb NOT NULL, metadata jsonb NOT NULL,
            occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, stream_id, stream_version), UNIQUE (tenant_id, event_id));
        GRANT SELECT, INSERT ON bench_plain_events TO icpledger_app;
        """

    static let payload = Data(
        #"{"icp":"b2b-fintech","change":{"family":"fit","key":"employees","operator":"between","value":{"max":1000,"min":200},"weight":20},"rationale":"pipeline audit Q3"}"#
            .utf8)

    static func event(_ n: Int) -> NewEvent {
        NewEvent(
            type: "SignalChanged", payload: payload,
            metadata: EventMetadata(actor: "principal-7", correlationID: "bench-\(n)"), occurredAt: Date())
    }

    /// One writer (or several), one event per commit.
    static func single(_ context: BenchContext, name: String, writers: Int, commitsPerWriter: Int, rounds: Int) async throws -> BenchLine {
        try context.ownerExecute(plainTable)
        // Sized as `serve` sizes its request pool (8), so with fewer writers the store's coalesced
        // NOTIFY finds a spare connection, as it does in the service.
        let pool = PostgresPool(settings: context.database.app, maxConnections: max(8, writers))
        return try await pool.closing { try await single($0, name: name, writers: writers, commitsPerWriter: commitsPerWriter, rounds: rounds) }
    }

    private static func single(_ pool: PostgresPool, name: String, writers: Int, commitsPerWriter: Int, rounds: Int) async throws -> BenchLine {
        let store = EventStore(pool: pool)
        let (measured, baseline) = try await alternating(rounds: rounds) { round in
            try await timed(events: writers * commitsPerWriter) {
                try await inParallel(writers) { writer in
                    let tenant = UUID(), stream = "plain-\(round)-\(writer)"
                    for n in 1...commitsPerWriter {
                        let e = event(n)
                        let metadata = #"{"actor":"principal-7","correlation_id":"bench-\#(n)"}"#
                        try await pool.query(
                            """
                            INSERT INTO bench_plain_events (tenant_id, stream_id, stream_version, event_id, event_type,
                                                            schema_version, payload, metadata, occurred_at)
                            VALUES (\(tenant), \(stream), \(n), \(e.id), \(e.type), \(e.schemaVersion),
                                    \(String(decoding: e.payload, as: UTF8.self)), \(metadata), \(e.occurredAt))
                            """)
                    }
                }
            }
        } measured: { round in
            try await timed(events: writers * commitsPerWriter) {
                try await inParallel(writers) { writer in
                    let stream = StreamID(tenant: UUID(), name: "store-\(round)-\(writer)")
                    var head = StreamHead.empty(for: stream)
                    for n in 1...commitsPerWriter {
                        head = try await store.append([event(n)], to: stream, expecting: head).head
                    }
                }
            }
        }
        return BenchLine(name: name, value: median(measured), unit: "events/s", baseline: median(baseline))
    }

    /// 100 events per commit: the store's batch append against one plain multi-row INSERT.
    static func batch(_ context: BenchContext, batches: Int, rounds: Int) async throws -> BenchLine {
        try context.ownerExecute(plainTable)
        let pool = PostgresPool(settings: context.database.app, maxConnections: 8)
        return try await pool.closing { try await batch($0, batches: batches, rounds: rounds) }
    }

    private static func batch(_ pool: PostgresPool, batches: Int, rounds: Int) async throws -> BenchLine {
        let store = EventStore(pool: pool)
        let size = 100
        let (measured, baseline) = try await alternating(rounds: rounds) { round in
            try await timed(events: batches * size) {
                let tenant = UUID(), stream = "plain-batch-\(round)"
                for b in 0..<batches {
                    let events = (0..<size).map { event(b * size + $0) }
                    // Binary arrays wherever the module has a binary form (as the store uses); the
                    // jsonb columns go as text arrays, the only way to send jsonb[] here.
                    let versions = PostgresBinaryArray((0..<size).map { Int64(b * size + $0 + 1) })
                    let ids = PostgresBinaryArray(events.map(\.id))
                    let payloads = PostgresArray(events.map { String(decoding: $0.payload, as: UTF8.self) })
                    let metadata = PostgresArray(events.map { #"{"actor":"principal-7","correlation_id":"\#($0.metadata.correlationID!)"}"# })
                    let times = PostgresBinaryArray(events.map(\.occurredAt))
                    try await pool.query(
                        """
                        INSERT INTO bench_plain_events (tenant_id, stream_id, stream_version, event_id, event_type,
                                                        schema_version, payload, metadata, occurred_at)
                        SELECT \(tenant)::uuid, \(stream)::text, e.v, e.id, 'SignalChanged', 1, e.p, e.m, e.t
                        FROM unnest(\(versions)::bigint[], \(ids)::uuid[], \(payloads)::jsonb[], \(metadata)::jsonb[],
                                    \(times)::timestamptz[]) AS e(v, id, p, m, t)
                        """)
                }
            }
        } measured: { round in
            try await timed(events: batches * size) {
                let stream = StreamID(tenant: UUID(), name: "store-batch-\(round)")
                var head = StreamHead.empty(for: stream)
                for b in 0..<batches {
                    head = try await store.append((0..<size).map { event(b * size + $0) }, to: stream, expecting: head).head
                }
            }
        }
        return BenchLine(name: "append_batch_100", value: median(measured), unit: "events/s", baseline: median(baseline))
    }

    /// Reading the whole feed through the store against COPY out of the same rows and columns.
    static func readAll(_ context: BenchContext, events: Int, rounds: Int) async throws -> BenchLine {
        let app = PostgresPool(settings: context.database.app, maxConnections: 4)
        let system = PostgresPool(settings: context.database.system, maxConnections: 1)
        return try await app.closing { app in
            try await system.closing { system in try await readAll(app: app, system: system, events: events, rounds: rounds) }
        }
    }

    private static func readAll(app: PostgresPool, system: PostgresPool, events: Int, rounds: Int) async throws -> BenchLine {
        let store = EventStore(pool: app), reader = EventStore(pool: system)
        try await inParallel(4) { writer in
            let stream = StreamID(tenant: UUID(), name: "seed-\(writer)")
            var head = StreamHead.empty(for: stream)
            for b in 0..<(events / 4 / 500) {
                head = try await store.append((0..<500).map { event(b * 500 + $0) }, to: stream, expecting: head).head
            }
        }
        let total = (events / 4 / 500) * 500 * 4
        let (measured, baseline) = try await alternating(rounds: rounds) { _ in
            try await timed(events: total) {
                let copied = try await system.withConnection { connection in
                    try connection.copyOut(
                        "COPY (SELECT \(EventStore.feedColumns) FROM events ORDER BY events.transaction_id, events.position) TO STDOUT"
                    ) { _ in }
                }
                precondition(copied == total, "COPY saw \(copied) of \(total) rows")
            }
        } measured: { _ in
            try await timed(events: total) {
                var cursor = FeedCursor.start, seen = 0
                while true {
                    let batch = try await reader.readAll(after: cursor, limit: 5000)
                    guard let last = batch.last else { break }
                    seen += batch.count
                    cursor = last.cursor
                }
                precondition(seen == total, "read \(seen) of \(total) events")
            }
        }
        return BenchLine(name: "read_all", value: median(measured), unit: "events/s", baseline: median(baseline))
    }

    /// Runs baseline and measured rounds alternately, swapping which goes first every round
    /// (ABBA), so neither side always runs right after the other's writes; returns (measured, baseline).
    static func alternating(
        rounds: Int, baseline: (Int) async throws -> Double,
        measured: (Int) async throws -> Double
    ) async throws -> ([Double], [Double]) {
        var measuredRuns: [Double] = [], baselineRuns: [Double] = []
        for round in 0..<rounds {
            if round % 2 == 0 {
                baselineRuns.append(try await baseline(round))
                measuredRuns.append(try await measured(round))
            } else {
                measuredRuns.append(try await measured(round))
                baselineRuns.append(try await baseline(round))
            }
        }
        return (measuredRuns, baselineRuns)
    }

    static func timed(events: Int, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try await clock.measure { try await body() }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(events) / seconds
    }

    static func inParallel(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count { group.addTask { try await body(index) } }
            try await group.waitForAll()
        }
    }
}
