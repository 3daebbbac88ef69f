import Foundation
import Postgres
import Projections
import SampleData

/// Full rebuild of the read models from a realistic mix of ICP events over many workspaces.
///
/// Setup appends `ICPLEDGER_BENCH_REBUILD_EVENTS` events (default 1,000,000) with the store's
/// batch append, one stream per append (workspace streams of 4, finding streams of 2, ICP streams
/// of up to ~250: a draft, then propose/approve/publish/review cycles). Each timed run is a full
/// `ReadModelRebuild` (read, fold, COPY into shadow tables, swap). The baseline, alternating with
/// it, is `COPY (SELECT * FROM events ORDER BY transaction_id, position) TO STDOUT` through the
/// same Postgres module: the cost of merely reading the same rows. The table is vacuumed once
/// after setup, before the first run. Median of
/// `ICPLEDGER_BENCH_REBUILD_RUNS` runs (default 5; one run at a million events takes about 15 s with its baseline).
enum RebuildBenchmark {
    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        let total = context.settings.rebuildEvents
        let runs = context.settings.rebuildRuns
        let db = context.database
        let appended = try await SyntheticFeed.append(total: total, app: db.app)
        FileHandle.standardError.write(Data("rebuild: \(appended) events appended; \(runs) runs\n".utf8))
        // Settle the fresh table first (visibility map, hint bits, statistics), as it is on a
        // database that has been running a while; otherwise autovacuum's first pass over a
        // million new rows lands in the middle of the first runs.
        try PostgresConnection(settings: db.owner).query("VACUUM (ANALYZE) events")

        let systemPool = PostgresPool(settings: db.system, maxConnections: 1)
        var measured: [Double] = [], baseline: [Double] = [], cpu: [Double] = []
        for _ in 0..<runs {
            let copyClock = ContinuousClock()
            let copyStart = copyClock.now
            let rows = try await systemPool.withConnection { connection in
                try connection.copyOut("COPY (SELECT * FROM events ORDER BY transaction_id, position) TO STDOUT") { _ in }
            }
            let copyTime = copyClock.now - copyStart
            baseline.append(Double(rows) / seconds(copyTime))

            let (report, cpuSeconds) = try await ClientCPU.measure { try await ReadModelRebuild(owner: db.owner, system: db.system).run() }
            measured.append(Double(report.events) / seconds(report.duration))
            cpu.append(cpuSeconds / Double(max(report.events, 1)) * 1e6)
            FileHandle.standardError.write(
                Data(
                    ("rebuild run: \(report.events) events, \(report.rows) rows in \(report.duration) "
                        + "(read+fold \(report.readDuration), rows+copy \(report.writeDuration) of which in COPY \(report.copyDuration), indexes \(report.indexDuration)); "
                        + "COPY out \(rows) rows in \(copyTime)\n").utf8))
        }
        await systemPool.close()
        return [
            BenchLine(name: "rebuild", value: median(measured), unit: "events/s", baseline: median(baseline)),
            BenchLine(name: "rebuild_client_cpu", value: median(cpu), unit: "us/event"),
        ]
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
