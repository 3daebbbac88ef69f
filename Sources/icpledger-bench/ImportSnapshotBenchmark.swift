import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication

/// `import_snapshot`: a generated 1,000,000-row CRM export (20 columns, with what real exports carry:
/// quoted fields holding the separator, a BOM, CRLF line ends, amounts with currency signs and
/// thousands separators, empty fields) imported end to end — hashed, read, scored against the
/// benchmark ICP, its rows copied and its aggregates recorded — through `Ledger.importPipeline`.
/// Reports rows per second (median of three imports, each of a different file) and the process's
/// peak resident memory afterwards.
enum ImportSnapshotBenchmark {
    static let rows = 1_000_000
    static let rounds = 3

    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        let services = LedgerServices(database: context.database, role: .command)
        let ledger = services.ledger
        let ws = WorkspaceID()
        let admin = try await ledger.registerPrincipal("admin", in: ws)
        let approver = try await ledger.registerPrincipal("approver", in: ws)
        try await ledger.createWorkspace(ws, name: "bench-import-\(ws.description.prefix(8))", by: admin)
        try await ledger.grantRole(.approver, to: approver, in: ws, by: admin)
        let icp = ICPID()
        try await ledger.draftICP(icp, in: ws, owner: admin, definition: ScoreAccountsBenchmark.definition(), by: admin)
        try await ledger.approve(icp, in: ws, revision: 1, by: approver)
        let today = CalendarDay(Date(), in: .gmt)
        try await ledger.publish(icp, in: ws, revision: 1, effectiveOn: today, by: admin)

        var rates: [Double] = []
        for round in 0..<rounds {
            let path = NSTemporaryDirectory() + "icpledger-bench-import-\(getpid())-\(round).csv"
            try write(rows: rows, seed: UInt64(round + 1), to: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try await ledger.importPipeline(
                .file(path: path), options: PipelineImportOptions(day: today, sourceName: "bench.csv"), in: ws, by: admin)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard result.snapshot.rows == rows else { throw BenchFailure("import_snapshot stored \(result.snapshot.rows) rows, not \(rows)") }
            rates.append(Double(rows) / seconds)
        }
        await services.close()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return [
            BenchLine(name: "import_snapshot", value: median(rates), unit: "rows/s"),
            BenchLine(name: "import_snapshot_peak_rss", value: Double(usage.ru_maxrss) / 1024, unit: "MiB"),
        ]
    }

    /// Writes the export, streaming (the generator never holds it).
    static func write(rows: Int, seed: UInt64, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchFailure("cannot write \(path)")
        }
        defer { try? handle.close() }
        var rng = ScoreAccountsBenchmark.SplitMix64(state: seed)
        var out = "\u{FEFF}Account Name,industry,employees,region,businessModel,stack,stage,soc2,acvUSD,grossMarginPct,cacPaybackMonths,"
        out += "salesCycleDays,nrrPct,grrPct,churnRiskFlag,recentFunding,newRevOpsLeader,hiringDataRoles,Amount,Owner\r\n"
        let industries = ScoreAccountsBenchmark.industries, regions = ScoreAccountsBenchmark.regions, stacks = ScoreAccountsBenchmark.stacks
        let stages = ["seed", "series-a", "series-b", "series-c", "public"]
        let owners = (1...60).map { "Rep \($0)" }
        for row in 0..<rows {
            let quoted = rng.int(20) == 0
            out += quoted ? "\"Account \(row), Inc\"," : "Account \(row),"
            out += rng.int(10) > 0 ? industries[rng.int(industries.count)] + "," : ","
            out += rng.int(10) > 0 ? "\(rng.int(3000))," : ","
            out += regions[rng.int(regions.count)] + ","
            out += rng.int(4) > 0 ? (rng.int(3) == 0 ? "b2c," : "b2b,") : ","
            let stack = (0..<rng.int(4)).map { _ in stacks[rng.int(stacks.count)] }
            out += stack.count > 1 ? "\"\(stack.joined(separator: "; "))\"," : stack.joined() + ","
            out += stages[rng.int(stages.count)] + ","
            out += rng.int(2) == 0 ? (rng.int(2) == 0 ? "yes," : "no,") : ","
            out += "\(5_000 + rng.int(145_000)),"
            out += rng.int(3) > 0 ? "\(30 + rng.int(60)).\(rng.int(10))," : ","
            out += rng.int(3) > 0 ? "\(3 + rng.int(33))," : ","
            out += "\(10 + rng.int(290)),"
            out += rng.int(2) == 0 ? "\(80 + rng.int(60))," : ","
            out += rng.int(2) == 0 ? "\(70 + rng.int(30))," : ","
            out += rng.int(5) == 0 ? "true," : "false,"
            out += rng.int(3) == 0 ? "series-b," : ","
            out += rng.int(2) == 0 ? (rng.int(2) == 0 ? "true," : "false,") : ","
            out += "\(rng.int(8)),"
            let amount = 1_000 + rng.int(250_000)
            out += rng.int(2) == 0 ? "\"$\(amount / 1000),\(String(format: "%03d", amount % 1000)).00\"," : "\(amount),"
            out += owners[rng.int(owners.count)] + "\r\n"
            if out.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(out.utf8))
                out.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(out.utf8))
    }
}
