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
        let history = try await FiveYearWorkspace.build(ledger, clock: clock, icps: icps, quarters: quarters, snapshotRows: rows)
        let (ws, admin) = (history.workspace, history.admin)
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
