import EventStore
import Foundation
import Postgres

/// `checkpoint`: a signed checkpoint of one workspace holding 1,000,000 events — its log read in
/// feed order (one binary COPY of the events' hashes), the RFC 9162 root computed, the checkpoint
/// signed with Ed25519. Reports events per second (median of three). The baseline, alternating
/// with it, is the same COPY (same query, same horizon) with nothing done to the rows: the cost of
/// merely reading them.
enum CheckpointBenchmark {
    static let events = 1_000_000
    static let rounds = 3

    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        let tenant = UUID()
        try await fill(tenant: tenant, events: events, app: context.database.app)
        try PostgresConnection(settings: context.database.owner).query("VACUUM (ANALYZE) events")
        let signer = try CheckpointSigner(name: "bench")
        let connection = try PostgresConnection(settings: context.database.app)
        var measured: [Double] = [], baseline: [Double] = []
        for _ in 0..<rounds {
            let clock = ContinuousClock()
            let copyStart = clock.now
            try connection.query("BEGIN")
            try EventStore.setTenant(tenant, on: connection)
            let horizon = try connection.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").single().column(0, as: String.self)
            try connection.query("SELECT set_config('icpledger.copy_below_xid', \(horizon), true)")
            let rows = try connection.copyOut(
                """
                COPY (SELECT hash FROM events
                      WHERE tenant_id = (SELECT current_setting('app.tenant')::uuid)
                        AND transaction_id < (SELECT current_setting('icpledger.copy_below_xid')::xid8)
                      ORDER BY events.transaction_id, events.position) TO STDOUT (FORMAT binary)
                """
            ) { _ in }
            try connection.query("COMMIT")
            baseline.append(Double(rows) / seconds(clock.now - copyStart))

            let start = clock.now
            let log = try EventStore.tenantLog(tenant, on: connection)
            let note = try signer.sign(Checkpoint(origin: "icpledger/\(tenant)", size: log.leaves.count, root: log.root, time: Date()))
            let elapsed = clock.now - start
            guard log.leaves.count == events, try signer.verifier.open(note).size == events else {
                throw BenchFailure("checkpoint covered \(log.leaves.count) events, not \(events)")
            }
            measured.append(Double(events) / seconds(elapsed))
        }
        return [BenchLine(name: "checkpoint", value: median(measured), unit: "events/s", baseline: median(baseline))]
    }

    /// One tenant's events: 10,000 streams of 100, appended by four writers in batches.
    static func fill(tenant: UUID, events: Int, app: PostgresConnectionSettings) async throws {
        let pool = PostgresPool(settings: app, maxConnections: 4)
        let store = EventStore(pool: pool)
        let streams = events / 100
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for index in stride(from: lane, to: streams, by: 4) {
                        let stream = StreamID(tenant: tenant, name: "bench-\(index)")
                        let batch = (0..<100).map { n in
                            NewEvent(
                                type: "Bench.Happened", payload: Data(#"{"n":\#(n),"stream":\#(index)}"#.utf8),
                                metadata: EventMetadata(actor: "bench"), occurredAt: Date())
                        }
                        try await store.append(batch, to: stream, expecting: .empty(for: stream))
                    }
                }
            }
            try await group.waitForAll()
        }
        await pool.close()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
