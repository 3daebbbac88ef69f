import Foundation
import ICPDomain
import ICPLedger
import SampleData

/// The workspace the report and page benchmarks read: five years of history from 2021 — `icps`
/// ICPs, each revised once a year (a quarter of them in any quarter) and reviewed in the other
/// quarters, a finding every quarter, and, when `snapshotRows` is given, a pipeline snapshot of that
/// many rows at the end of every quarter, scored against every ICP at import.
struct FiveYearWorkspace {
    var workspace: WorkspaceID
    var admin: PrincipalID
    var editor: PrincipalID
    var approver: PrincipalID
    var icps: [ICPID]

    static func build(_ ledger: Ledger, clock: ScriptedClock, icps count: Int, quarters: Int, snapshotRows: Int?) async throws -> FiveYearWorkspace {
        let ws = WorkspaceID()
        func on(_ day: CalendarDay) { clock.set(day.startOfDay(in: .gmt).addingTimeInterval(12 * 3600)) }
        let first = CalendarDay("2021-01-04")!
        on(first)
        let admin = try await ledger.registerPrincipal("admin", in: ws)
        let editor = try await ledger.registerPrincipal("editor", in: ws)
        let approver = try await ledger.registerPrincipal("approver", in: ws)
        try await ledger.createWorkspace(ws, name: "bench-\(ws.description.prefix(8))", by: admin)
        try await ledger.grantRole(.editor, to: editor, in: ws, by: admin)
        try await ledger.grantRole(.approver, to: approver, in: ws, by: admin)
        var definitions: [ICPDefinition] = []
        var ids: [ICPID] = []
        var revisions = Array(repeating: 1, count: count)
        for index in 0..<count {
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
            for index in 0..<count {
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
                recommendation: "Keep watching.", icp: ids[quarter % count], by: editor)
            guard let rows = snapshotRows else { continue }
            let day = quarterStart.adding(months: 2).adding(days: 24)
            on(day)
            let path = NSTemporaryDirectory() + "icpledger-bench-report-\(getpid())-\(quarter).csv"
            try ImportSnapshotBenchmark.write(rows: rows, seed: UInt64(100 + quarter), to: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            _ = try await ledger.importPipeline(
                .file(path: path), options: PipelineImportOptions(day: day, sourceName: "q\(quarter).csv"), in: ws, by: editor)
        }
        return FiveYearWorkspace(workspace: ws, admin: admin, editor: editor, approver: approver, icps: ids)
    }
}
