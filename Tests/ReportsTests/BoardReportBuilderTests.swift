import Foundation
import ICPDomain
import Reports
import Testing

/// The report of ``ReportHistory/story()`` for FY2026-Q2, each figure worked out by hand from the
/// story (comments give the sums), and its Markdown and HTML held to golden files.
@Suite struct BoardReportBuilderTests {
    static let quarterText = "FY2026-Q2"

    static func builder() throws -> (BoardReportBuilder, ReportHistory) {
        let history = try ReportHistory.story()
        let calendar = FiscalCalendar(timeZone: history.zone, fiscalYearStartMonth: 4)
        let quarter = try ReportQuarter.parse(quarterText, calendar: calendar, now: history.now)
        let builder = try BoardReportBuilder(
            BoardReportBuilder.Input(
                workspaceId: ReportHistory.workspaceID, events: history.events, quarter: quarter, generatedAt: history.now,
                checkpoint: ReportHistory.checkpoint,
                names: [
                    ReportHistory.ada: "Ada Lovelace", ReportHistory.eve: "Eve Moneypenny", ReportHistory.abe: "Abe Lincoln",
                    ReportHistory.amy: "Amy Pond",
                ]))
        return (builder, history)
    }

    /// The one fit no import recorded: September's snapshot under the fintech ICP's revision 1.
    static let rescored = [
        FitRequest(snapshot: ReportHistory.snapshots[2], icp: ReportHistory.fintech, revision: 1): FitTally(
            total: PipelineMeasure(count: 130, value: 1500), inFit: PipelineMeasure(count: 60, value: 750))
    ]

    static func report() throws -> BoardReport {
        let (builder, _) = try builder()
        return builder.build(rescored: rescored)
    }

    @Test func asksOnlyForTheFitNoImportRecorded() throws {
        let (builder, _) = try Self.builder()
        #expect(builder.missingFits == Array(Self.rescored.keys))
        #expect(builder.definition(of: Array(Self.rescored.keys)[0])?.disqualifiers.count == 1)
    }

    @Test func quarterAndSections() throws {
        let report = try Self.report()
        #expect(report.quarter.label == "FY2026-Q2")
        #expect(report.quarter.firstDay.description == "2025-07-01")
        #expect(report.quarter.lastDay.description == "2025-09-30")
        #expect(report.icps.map(\.name) == ["Experiment: clinics (2025)", "Fintech platforms"])
        #expect(report.workspace.name == "Northwind")
    }

    @Test func revisionsDisqualifiersAndPeople() throws {
        let report = try Self.report()
        let fintech = try #require(report.icps.first { $0.id == ReportHistory.fintech })
        #expect(fintech.revisions.map(\.revision) == [2, 3])
        #expect(fintech.operatingRevision == 3)
        let second = fintech.revisions[0], third = fintech.revisions[1]
        #expect(second.approvers == [ReportHistory.abe, ReportHistory.amy])
        #expect(second.rationale == ReportHistory.hostile)
        #expect(second.evidence.map(\.kind) == ["finding", "document"])
        #expect(second.evidence[0].summary == "customer audit: Best customers have a finance team of five or more.")
        #expect(second.diffSummary.contains("+disqualifier:employees"))
        #expect(second.revisionDistance > 0)
        #expect(!second.emergency && third.emergency)
        #expect(third.justification == "Legal asked for it today.")
        #expect(third.approvers.isEmpty)
        #expect(third.afterTheFactReview?.outcome == "upheld")
        #expect(fintech.disqualifiers.added.map(\.rule) == ["employees atMost 10"])
        #expect(fintech.disqualifiers.removed.count == 1 && fintech.disqualifiers.removed[0].rule.hasPrefix("region in "))
        #expect(fintech.disqualifiers.removed.map(\.revision) == [3])
        // Amy was erased after the quarter: her approval stays, her name does not.
        #expect(report.display(ReportHistory.amy) == "(erased)")
        #expect(report.display(ReportHistory.abe) == "Abe Lincoln")
        #expect(report.people[ReportHistory.amy.rawValue]?.name == nil)
    }

    @Test func driftSplitsTheMoveInTwo() throws {
        let report = try Self.report()
        let fintech = try #require(report.icps.first { $0.id == ReportHistory.fintech })
        #expect(fintech.drift.map(\.quarter) == ["FY2025-Q3", "FY2025-Q4", "FY2026-Q1", "FY2026-Q2"])
        let now = try #require(fintech.currentDrift)
        #expect(now.revision == 3 && now.previousRevision == 1)
        // Definition: September's snapshot under r3 (70/130) against under r1 (60/130).
        let definition = try #require(now.definition)
        #expect(abs(definition.countPoints! - (100.0 * 70 / 130 - 100.0 * 60 / 130)) < 1e-9)
        #expect(abs(definition.valuePoints! - (100.0 * 900 / 1500 - 100.0 * 750 / 1500)) < 1e-9)
        // Market: r1 on September's snapshot (60/130) against r1 on June's (54/120).
        let market = try #require(now.market)
        #expect(abs(market.countPoints! - (100.0 * 60 / 130 - 100.0 * 54 / 120)) < 1e-9)
        #expect(abs(market.valuePoints! - (100.0 * 750 / 1500 - 100.0 * 700 / 1200)) < 1e-9)
        // The two add up to the whole move from June under r1 to September under r3.
        #expect(abs(definition.countPoints! + market.countPoints! - (100.0 * 70 / 130 - 100.0 * 54 / 120)) < 1e-9)
        // FY2026-Q1: the same revision at both ends, so no definition drift; market 54/120 against 40/100.
        let q1 = fintech.drift[2]
        #expect(q1.definition?.countPoints == 0)
        #expect(abs(q1.market!.countPoints! - (45.0 - 40.0)) < 1e-9)
        // FY2025-Q4: nothing operated at the end of FY2025-Q3.
        #expect(fintech.drift[1].definition == nil && fintech.drift[1].market == nil && fintech.drift[1].note != nil)
        #expect(fintech.fitTrend.map(\.quarter) == ["FY2025-Q4", "FY2026-Q1", "FY2026-Q2"])
        #expect(fintech.fitTrend.map(\.share.count) == [40, 45, 100.0 * 70 / 130])
    }

    @Test func findingsAndCadence() throws {
        let report = try Self.report()
        let fintech = try #require(report.icps.first { $0.id == ReportHistory.fintech })
        #expect(fintech.findings.map(\.audit) == [.customer, .pipeline])
        #expect(fintech.findings.map(\.opened) == [1, 1])
        #expect(fintech.findings.map(\.resolved) == [1, 0])
        #expect(fintech.findings[0].findings[0].resolution == "revision 2")
        #expect(fintech.findings[0].findings[0].metrics["netRevenueRetention"] == 124)
        // Reviewed 2025-04-10, so due 2025-07-10; published 07-24 (14 days late, overdue 07-11…07-23);
        // the emergency publish on 09-01 was on time (due 10-24); due 12-01 at the quarter's end.
        #expect(fintech.cadence.late == 1 && fintech.cadence.onTime == 1)
        #expect(fintech.cadence.reviews.map(\.daysLate) == [14, 0])
        #expect(fintech.cadence.daysOverdue == 13)
        #expect(fintech.cadence.dueAtEnd?.description == "2025-12-01")
        #expect(fintech.cadence.daysStaleAtEnd == 0)
        #expect(fintech.cadence.emergencyPublishes == 1 && fintech.cadence.emergencyReviewed == 1)
        // The experimental ICP, on a monthly cadence, published 2025-02-03 and never reviewed: due
        // 03-03, overdue all 92 days of the quarter and 211 days at its end; flagged once.
        let health = try #require(report.icps.first { $0.id == ReportHistory.health })
        #expect(health.cadence.daysOverdue == 92)
        #expect(health.cadence.daysStaleAtEnd == 211)
        #expect(health.cadence.staleFlags == 1)
        #expect(health.revisions.isEmpty)
        #expect(health.lint.contains { $0.code == "ICP010" })
    }

    @Test func aQuarterBeforeTheWorkspaceHasNoSections() throws {
        let (_, history) = try Self.builder()
        let calendar = FiscalCalendar(timeZone: history.zone, fiscalYearStartMonth: 4)
        let report = try BoardReportBuilder(
            BoardReportBuilder.Input(
                workspaceId: ReportHistory.workspaceID, events: history.events,
                quarter: try ReportQuarter.parse("FY2024-Q1", calendar: calendar, now: history.now), generatedAt: history.now,
                checkpoint: ReportHistory.checkpoint)
        ).build()
        #expect(report.icps.isEmpty)
        #expect(BoardReportRenderer.render(report, as: .md).contains("No ICP existed by the end of the quarter."))
    }

    @Test func refusesAnotherWorkspacesEvents() throws {
        let (_, history) = try Self.builder()
        let calendar = FiscalCalendar(timeZone: .gmt)
        #expect(throws: BoardReportError.noWorkspace) {
            try BoardReportBuilder(
                BoardReportBuilder.Input(
                    workspaceId: WorkspaceID(), events: history.events, quarter: calendar.fiscalQuarter(of: Date()), generatedAt: Date(),
                    checkpoint: ReportHistory.checkpoint))
        }
    }

    @Test func refusesEventsWithoutAWorkspace() throws {
        let calendar = FiscalCalendar(timeZone: .gmt)
        #expect(throws: BoardReportError.noWorkspace) {
            try BoardReportBuilder(
                BoardReportBuilder.Input(
                    workspaceId: WorkspaceID(), events: [], quarter: calendar.fiscalQuarter(of: Date()), generatedAt: Date(),
                    checkpoint: ReportHistory.checkpoint))
        }
    }
}
