import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication
import Reports
import SampleData

/// `report_board`: the HTML board report of a workspace with five years of history — 20 ICPs, each
/// revised once a year (five of them in any quarter) and reviewed in the other quarters, findings
/// every quarter, and 20 quarterly pipeline snapshots of 100,000 rows, each scored against all 20
/// ICPs at import — made end to end: the log read and decoded, the checkpoint signed and recorded (or
/// reused), the rows of the last four quarters' snapshots rescored under the revisions each quarter
/// replaced, and the page rendered. Reports seconds (median of five); `report_board_first` is the
/// first of them, which signs and records its checkpoint; `report_board_render` the rendering alone.
enum ReportBoardBenchmark {
    static let icps = 20
    static let quarters = 20
    static let rows = 100_000
    static let rounds = 5

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        let clock = ScriptedClock(Date())
        let services = LedgerServices(database: context.database, role: .command, now: { clock.now })
        let ledger = services.ledger
        let ws = WorkspaceID()
        func on(_ day: CalendarDay) { clock.set(day.startOfDay(in: .gmt).addingTimeInterval(12 * 3600)) }
        let first = CalendarDay("2021-01-04")!
        on(first)
        let admin = try await ledger.registerPrincipal("admin", in: ws)
        let editor = try await ledger.registerPrincipal("editor", in: ws)
        let approver = try await ledger.registerPrincipal("approver", in: ws)
        try await ledger.createWorkspace(ws, name: "bench-report-\(ws.description.prefix(8))", by: admin)
        try await ledger.grantRole(.editor, to: editor, in: ws, by: admin)
        try await ledger.grantRole(.approver, to: approver, in: ws, by: admin)
        var definitions: [ICPDefinition] = []
        var ids: [ICPID] = []
        var revisions = Array(repeating: 1, count: icps)
        for index in 0..<icps {
            var definition = ScoreAccountsBenchmark.definition()
            definition.name = "Segment \(index + 1)"
            definition.signals.economic[0].value = .number(Double(20_000 + 2_000 * index))
            let id = ICPID()
            try await ledger.draftICP(id, in: ws, owner: editor, definition: definition, by: editor)
            try await ledger.approve(id, in: ws, revision: 1, by: approver)
            try await ledger.publish(id, in: ws, revision: 1, effectiveOn: first, by: editor)
            definitions.append(definition)
            ids.append(id)
        }
        let start = CalendarDay("2021-01-01")!
        for quarter in 0..<quarters {
            let quarterStart = start.adding(months: 3 * quarter)
            on(quarterStart.adding(months: 1).adding(days: 5))
            for index in 0..<icps {
                if quarter > 0 && quarter % 4 == index % 4 {
                    definitions[index].signals.economic[0].value = .number(Double(20_000 + 2_000 * index + 5_000 * (quarter / 4)))
                    definitions[index].signals.fit[0].weight = Double(20 + quarter % 7)
                    try await ledger.proposeDefinition(ids[index], in: ws, definition: definitions[index], rationale: "Yearly revision.", by: editor)
                    revisions[index] += 1
                    try await ledger.approve(ids[index], in: ws, revision: revisions[index], by: approver)
                    try await ledger.publish(
                        ids[index], in: ws, revision: revisions[index], effectiveOn: CalendarDay(clock.now, in: .gmt), by: editor)
                } else {
                    try await ledger.recordReview(ids[index], in: ws, outcome: .reaffirmed, notes: "Holds.", by: admin)
                }
            }
            try await ledger.recordFinding(
                in: ws, audit: AuditType.allCases[quarter % AuditType.allCases.count], summary: "Quarter \(quarter) audit.", severity: .medium,
                recommendation: "Keep watching.", icp: ids[quarter % icps], by: editor)
            let day = quarterStart.adding(months: 2).adding(days: 24)
            on(day)
            let path = NSTemporaryDirectory() + "icpledger-bench-report-\(getpid())-\(quarter).csv"
            try ImportSnapshotBenchmark.write(rows: rows, seed: UInt64(100 + quarter), to: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            _ = try await ledger.importPipeline(
                .file(path: path), options: PipelineImportOptions(day: day, sourceName: "q\(quarter).csv"), in: ws, by: editor)
        }
        let signer = try CheckpointSigner(name: "bench")
        clock.set(CalendarDay("2026-01-15")!.startOfDay(in: .gmt))
        var seconds: [Double] = [], rendering: [Double] = []
        var bytes = 0
        for _ in 0..<rounds {
            let began = ContinuousClock.now
            let report = try await ledger.boardReport(ws, quarter: "FY2025-Q4", signer: signer, by: admin)
            let built = ContinuousClock.now
            let page = BoardReportRenderer.render(report, as: .html)
            let done = ContinuousClock.now
            seconds.append(Self.seconds(done - began))
            rendering.append(Self.seconds(done - built))
            bytes = page.utf8.count
            guard report.icps.count == icps, report.icps.allSatisfy({ $0.currentDrift?.definition != nil }) else {
                throw BenchFailure("report_board: the report lacks ICPs or drift figures")
            }
        }
        await services.close()
        return [
            BenchLine(name: "report_board", value: median(seconds), unit: "s"),
            BenchLine(name: "report_board_first", value: seconds[0], unit: "s"),
            BenchLine(name: "report_board_render", value: median(rendering), unit: "s"),
            BenchLine(name: "report_board_html", value: Double(bytes) / 1024, unit: "KiB"),
        ]
    }
}
