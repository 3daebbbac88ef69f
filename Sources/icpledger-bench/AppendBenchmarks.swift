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

    /// One writer (or several), one event per commit: the store beside plain INSERTs (the
    /// `baseline` of `<name>`), the client's CPU per event, and — where pgbench is installed — the
    /// same INSERT sent by pgbench (`<name>_vs_pgbench`).
    static func single(_ context: BenchContext, name: String, writers: Int, commitsPerWriter: Int, rounds: Int) async throws -> [BenchLine] {
        try context.ownerExecute(plainTable)
        // Sized as `serve` sizes its request pool (8), so with fewer writers the store's coalesced
        // NOTIFY finds a spare connection, as it does in the service.
        let pool = PostgresPool(settings: context.database.app, maxConnections: max(8, writers))
        return try await pool.closing { pool in
            let store = EventStore(pool: pool)
            let sample = try await PgBench.sample(event(0), store: store, system: context.database.system)
            let pgbench = try await PgBench.locate(connection: context.database.app)
            let messageDB = try MessageDB.prepare(context, pgbench: pgbench)
            let events = writers * commitsPerWriter
            var figures = Figures(events: events)
            for round in 0..<rounds {
                let arms: [() async throws -> Void] = [
                    {
                        figures.baseline.append(
                            try await timed(events: events) {
                                try await inParallel(writers) { writer in
                                    try await plainInserts(pool, tenant: UUID(), stream: "plain-\(round)-\(writer)", count: commitsPerWriter)
                                }
                            })
                    },
                    {
                        let (rate, cpu) = try await ClientCPU.measure {
                            try await timed(events: events) {
                                try await inParallel(writers) { writer in
                                    let stream = StreamID(tenant: UUID(), name: "store-\(round)-\(writer)")
                                    var head = StreamHead.empty(for: stream)
                                    for n in 1...commitsPerWriter {
                                        head = try await store.append([event(n)], to: stream, expecting: head).head
                                    }
                                }
                            }
                        }
                        figures.measured.append(rate)
                        figures.cpu.append(cpu)
                    },
                    {
                        guard let pgbench else { return }
                        let (script, variables) = try PgBench.singleAppendScript(tenant: UUID(), sample: sample, type: event(0).type)
                        let run = try await pgbench.run(script: script, variables: variables, clients: writers, transactions: commitsPerWriter)
                        figures.pgbench.append(run.transactionsPerSecond)
                        figures.pgbenchCPU.append(run.cpuSeconds)
                    },
                    {
                        guard let messageDB else { return }
                        let run = try await messageDB.run(clients: writers, transactions: commitsPerWriter, payload: payload)
                        figures.messageDB.append(run.transactionsPerSecond)
                    },
                ]
                // The order turns every round, so no side always follows the same other side's writes.
                for index in 0..<arms.count { try await arms[(index + round) % arms.count]() }
            }
            return figures.lines(name: name)
        }
    }

    /// Plain keyed INSERTs of the same rows into `bench_plain_events`, one per commit.
    static func plainInserts(_ pool: PostgresPool, tenant: UUID, stream: String, count: Int) async throws {
        for n in 1...count {
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

    /// One append figure's rounds: the store's rate and CPU, the plain INSERTs' rate, pgbench's rate
    /// and CPU, and message-db's rate where it ran.
    struct Figures {
        let events: Int
        var measured: [Double] = [], baseline: [Double] = [], cpu: [Double] = []
        var pgbench: [Double] = [], pgbenchCPU: [Double] = []
        /// message-db's `write_message` sent by pgbench, when ``MessageDB`` is set up.
        var messageDB: [Double] = []

        /// `<name>` against plain INSERTs, `<name>_client_cpu` in µs per event (against pgbench's
        /// client), `<name>_vs_pgbench` when pgbench ran and `<name>_vs_message_db` when message-db did.
        func lines(name: String) -> [BenchLine] {
            let perEvent = { (seconds: [Double]) in median(seconds.map { $0 / Double(events) * 1e6 }) }
            var lines = [
                BenchLine(name: name, value: median(measured), unit: "events/s", baseline: median(baseline)),
                BenchLine(
                    name: "\(name)_client_cpu", value: perEvent(cpu), unit: "us/event", baseline: pgbenchCPU.isEmpty ? nil : perEvent(pgbenchCPU)),
            ]
            if !pgbench.isEmpty {
                lines.append(BenchLine(name: "\(name)_vs_pgbench", value: median(measured), unit: "events/s", baseline: median(pgbench)))
            }
            if !messageDB.isEmpty {
                lines.append(BenchLine(name: "\(name)_vs_message_db", value: median(measured), unit: "events/s", baseline: median(messageDB)))
            }
            return lines
        }
    }

    /// 100 events per commit: the store's batch append against one plain multi-row INSERT, with the
    /// client's CPU and the same INSERT sent by pgbench, as ``single(_:name:writers:commitsPerWriter:rounds:)``.
    static func batch(_ context: BenchContext, batches: Int, rounds: Int) async throws -> [BenchLine] {
        try context.ownerExecute(plainTable)
        let pool = PostgresPool(settings: context.database.app, maxConnections: 8)
        return try await pool.closing { pool in
            let store = EventStore(pool: pool)
            let sample = try await PgBench.sample(event(0), store: store, system: context.database.system)
            let pgbench = try await PgBench.locate(connection: context.database.app)
            let size = 100
            var figures = Figures(events: batches * size)
            for round in 0..<rounds {
                let arms: [() async throws -> Void] = [
                    {
                        figures.baseline.append(
                            try await timed(events: batches * size) { try await plainBatches(pool, round: round, batches: batches, size: size) })
                    },
                    {
                        let (rate, cpu) = try await ClientCPU.measure {
                            try await timed(events: batches * size) {
                                let stream = StreamID(tenant: UUID(), name: "store-batch-\(round)")
                                var head = StreamHead.empty(for: stream)
                                for b in 0..<batches {
                                    head = try await store.append((0..<size).map { event(b * size + $0) }, to: stream, expecting: head).head
                                }
                            }
                        }
                        figures.measured.append(rate)
                        figures.cpu.append(cpu)
                    },
                    {
                        guard let pgbench else { return }
                        let (script, variables) = try PgBench.batchAppendScript(tenant: UUID(), sample: sample, type: event(0).type, size: size)
                        let run = try await pgbench.run(script: script, variables: variables, clients: 1, transactions: batches)
                        figures.pgbench.append(run.transactionsPerSecond * Double(size))
                        figures.pgbenchCPU.append(run.cpuSeconds)
                    },
                ]
                for index in 0..<arms.count { try await arms[(index + round) % arms.count]() }
            }
            return figures.lines(name: "append_batch_100")
        }
    }

    /// One plain multi-row INSERT per batch into `bench_plain_events`.
    static func plainBatches(_ pool: PostgresPool, round: Int, batches: Int, size: Int) async throws {
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

    /// Reading the whole feed through the store against COPY out of the same rows and columns.
    static func readAll(_ context: BenchContext, events: Int, rounds: Int) async throws -> [BenchLine] {
        let app = PostgresPool(settings: context.database.app, maxConnections: 4)
        let system = PostgresPool(settings: context.database.system, maxConnections: 1)
        return try await app.closing { app in
            try await system.closing { system in try await readAll(app: app, system: system, events: events, rounds: rounds) }
        }
    }

    private static func readAll(app: PostgresPool, system: PostgresPool, events: Int, rounds: Int) async throws -> [BenchLine] {
        let store = EventStore(pool: app), reader = EventStore(pool: system)
        try await inParallel(4) { writer in
            let stream = StreamID(tenant: UUID(), name: "seed-\(writer)")
            var head = StreamHead.empty(for: stream)
            for b in 0..<(events / 4 / 500) {
                head = try await store.append((0..<500).map { event(b * 500 + $0) }, to: stream, expecting: head).head
            }
        }
        let total = (events / 4 / 500) * 500 * 4
        var cpu: [Double] = []
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
            let (rate, seconds) = try await ClientCPU.measure {
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
            cpu.append(seconds / Double(total) * 1e6)
            return rate
        }
        return [
            BenchLine(name: "read_all", value: median(measured), unit: "events/s", baseline: median(baseline)),
            BenchLine(name: "read_all_client_cpu", value: median(cpu), unit: "us/event"),
        ]
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

    /// Events per second of `body`, which runs on the Postgres event loop: its statements are sent
    /// and answered on one thread, as a caller that prefers the loop has them.
    static func timed(events: Int, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try await withTaskExecutorPreference(PostgresEventLoop.shared) {
            try await clock.measure { try await body() }
        }
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
