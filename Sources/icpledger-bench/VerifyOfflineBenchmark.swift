import EventStore
import Foundation
import Postgres

/// `verify_offline`: a 1,000,000-event export of one workspace (written with `LogExport`, as
/// `icpledger export` writes it) checked with no database — every event's bytes and chain, and a
/// checkpoint signed over the whole log — as `icpledger verify --offline` checks it. Reports events
/// per second (median of three).
enum VerifyOfflineBenchmark {
    static let events = 1_000_000
    static let rounds = 3

    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        let tenant = UUID()
        try await CheckpointBenchmark.fill(tenant: tenant, events: events, app: context.database.app)
        let connection = try PostgresConnection(settings: context.database.app)
        let log = try EventStore.tenantLog(tenant, on: connection)
        let signer = try CheckpointSigner(name: "bench")
        let origin = "icpledger/\(tenant)"
        let note = try signer.sign(Checkpoint(origin: origin, size: log.leaves.count, root: log.root, time: Date()))
        let path = NSTemporaryDirectory() + "icpledger-bench-export-\(getpid()).jsonl"
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchFailure("cannot write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try LogExport.write(tenant: tenant, on: connection) { try handle.write(contentsOf: Data($0)) }
        try handle.close()
        guard written == events else { throw BenchFailure("exported \(written) events, not \(events)") }

        var rates: [Double] = []
        for _ in 0..<rounds {
            let clock = ContinuousClock()
            let start = clock.now
            var verifier = OfflineVerifier(verifier: signer.verifier, origin: origin)
            try verifier.addExport(path)
            let report = verifier.finish(checkpoints: [note])
            let elapsed = clock.now - start
            guard report.isIntact, report.events == events, report.checkpointsVerified == [events] else {
                throw BenchFailure("verify_offline: \(report.findings.prefix(3))")
            }
            rates.append(Double(events) / CheckpointBenchmark.seconds(elapsed))
        }
        return [BenchLine(name: "verify_offline", value: median(rates), unit: "events/s")]
    }
}
