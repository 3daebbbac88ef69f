import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication

/// Latency of reading the current operating ICP through the application layer
/// (`Ledger.currentICP`: pool, tenant-scoped transaction, read model, JSON decode), one caller
/// at a time, after a warm-up. 5,000 timed reads; p50 and p99 in microseconds.
enum ReadCurrentBenchmark {
    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        try await LedgerServices(database: context.database, role: .command).run { try await measure($0.ledger) }
    }

    static func measure(_ ledger: Ledger) async throws -> [BenchLine] {
        let ws = WorkspaceID()
        let admin = try await ledger.registerPrincipal("admin", in: ws)
        let approver = try await ledger.registerPrincipal("approver", in: ws)
        try await ledger.createWorkspace(ws, name: "bench-read", by: admin)
        try await ledger.grantRole(.approver, to: approver, in: ws, by: admin)
        let icp = ICPID()
        try await ledger.draftICP(icp, in: ws, owner: admin, definition: ScoreAccountsBenchmark.definition(), by: admin)
        try await ledger.approve(icp, in: ws, revision: 1, by: approver)
        try await ledger.publish(icp, in: ws, revision: 1, effectiveOn: CalendarDay(Date(), in: .gmt), by: admin)

        let clock = ContinuousClock()
        for _ in 0..<500 { _ = try await ledger.currentICP(icp, in: ws) }
        var samples: [Double] = []
        samples.reserveCapacity(5000)
        for _ in 0..<5000 {
            let start = clock.now
            guard try await ledger.currentICP(icp, in: ws) != nil else { throw BenchFailure("no current ICP") }
            let d = clock.now - start
            samples.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
        }
        samples.sort()
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        return [
            BenchLine(name: "read_current_p50", value: percentile(0.50), unit: "us"),
            BenchLine(name: "read_current_p99", value: percentile(0.99), unit: "us"),
        ]
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
