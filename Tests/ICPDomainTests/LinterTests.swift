import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("ICP linter")
struct LinterTests {
    func codes(_ d: ICPDefinition, _ context: LintContext = LintContext()) -> [LintCode] { ICPLinter.lint(d, context: context).map(\.code) }

    @Test("a well-formed ICP produces no warnings")
    func clean() {
        #expect(
            codes(
                SampleICPs.boardReporting(),
                LintContext(usedAsOperating: true, revision: 2, evidence: [.finding(Fixtures.findingId)], reviewStatus: .fresh(daysLeft: 40))
            ).isEmpty)
    }

    @Test("ICP001 fires when every fit signal is a size band")
    func sizeOnlyFires() {
        var d = SampleICPs.boardReporting()
        d.signals.fit = [
            Signal(key: "employeeBand", op: .in, value: .stringList(["1000+"]), weight: 50),
            Signal(key: "annual_revenue", op: .atLeast, value: .number(1e8), weight: 20),
        ]
        #expect(codes(d).contains(.sizeBandOnly))
    }

    @Test("ICP001 does not fire when fit includes a non-size signal")
    func sizeOnlyQuiet() { #expect(!codes(SampleICPs.boardReporting()).contains(.sizeBandOnly)) }

    @Test("ICP002 fires for a persona with no company conditions")
    func personaFires() {
        var d = SampleICPs.boardReporting()
        d.signals.fit = []
        #expect(codes(d).contains(.personaOnly))
    }

    @Test("ICP002 does not fire when fit signals exist")
    func personaQuiet() { #expect(!codes(SampleICPs.boardReporting()).contains(.personaOnly)) }

    @Test("ICP003 fires without disqualifiers")
    func disqualifiersFire() {
        var d = SampleICPs.boardReporting()
        d.disqualifiers = []
        #expect(codes(d).contains(.noDisqualifiers))
    }

    @Test("ICP003 does not fire with disqualifiers")
    func disqualifiersQuiet() { #expect(!codes(SampleICPs.boardReporting()).contains(.noDisqualifiers)) }

    @Test("ICP004 fires when there are neither economic nor retention signals")
    func economicFires() {
        var d = SampleICPs.boardReporting()
        d.signals[.economic] = []
        d.signals[.retention] = []
        #expect(codes(d).contains(.noEconomicOrRetention))
    }

    @Test("ICP004 does not fire when either family is present", arguments: [SignalFamily.economic, .retention])
    func economicQuiet(_ emptied: SignalFamily) {
        var d = SampleICPs.boardReporting()
        d.signals[emptied] = []
        #expect(!codes(d).contains(.noEconomicOrRetention))
        #expect(!codes(SampleICPs.boardReporting()).contains(.noEconomicOrRetention))
    }

    @Test("ICP005 fires without a buying trigger")
    func triggerFires() {
        var d = SampleICPs.boardReporting()
        d.signals.trigger = []
        #expect(codes(d).contains(.noBuyingTrigger))
    }

    @Test("ICP005 does not fire with a trigger")
    func triggerQuiet() { #expect(!codes(SampleICPs.boardReporting()).contains(.noBuyingTrigger)) }

    @Test("ICP006 fires above five committee roles")
    func personasFire() {
        var d = SampleICPs.boardReporting()
        d.committee = CommitteeRoleKind.allCases.prefix(6).map { CommitteeRole(kind: $0, pain: "p") }
        #expect(codes(d).contains(.tooManyPersonas))
    }

    @Test("ICP006 does not fire at five roles")
    func personasQuiet() {
        var d = SampleICPs.boardReporting()
        d.committee = CommitteeRoleKind.allCases.prefix(5).map { CommitteeRole(kind: $0, pain: "p") }
        #expect(!codes(d).contains(.tooManyPersonas))
    }

    @Test(
        "ICP007 fires and names the missing elements",
        arguments: [
            ("Enterprise companies.", ["pain", "buyer", "gap", "reasonToAct"]),
            ("Our ICP is enterprise", ["pain", "buyer", "gap", "reasonToAct"]),
            ("Heads of finance struggling with manual close.", ["stage", "gap", "reasonToAct"]),
        ])
    func statementFires(_ statement: String, _ missing: [String]) {
        var d = SampleICPs.boardReporting()
        d.statement = statement
        #expect(StatementElement.missing(in: statement).map(\.rawValue) == missing)
        #expect(codes(d).contains(.statementMissingElements))
    }

    @Test("ICP007 does not fire for a complete statement")
    func statementQuiet() {
        #expect(StatementElement.missing(in: SampleICPs.boardReportingStatement).isEmpty)
        #expect(!codes(SampleICPs.boardReporting()).contains(.statementMissingElements))
    }

    @Test("ICP008 fires when an experimental ICP is used as the operating one")
    func experimentalFires() {
        #expect(codes(SampleICPs.boardReporting(mode: .experimental), LintContext(usedAsOperating: true)).contains(.experimentalUsedAsOperating))
    }

    @Test("ICP008 does not fire for an experiment kept as an experiment")
    func experimentalQuiet() {
        #expect(!codes(SampleICPs.boardReporting(mode: .experimental), LintContext(usedAsOperating: false)).contains(.experimentalUsedAsOperating))
        #expect(!codes(SampleICPs.boardReporting(mode: .operating), LintContext(usedAsOperating: true)).contains(.experimentalUsedAsOperating))
    }

    @Test("ICP009 fires for a revision without evidence")
    func evidenceFires() { #expect(codes(SampleICPs.boardReporting(), LintContext(revision: 3)).contains(.revisionWithoutEvidence)) }

    @Test("ICP009 does not fire with evidence or for the initial draft")
    func evidenceQuiet() {
        #expect(
            !codes(SampleICPs.boardReporting(), LintContext(revision: 3, evidence: [.document(URL(string: "https://x.example/d")!)])).contains(
                .revisionWithoutEvidence))
        #expect(!codes(SampleICPs.boardReporting(), LintContext(revision: 1)).contains(.revisionWithoutEvidence))
    }

    @Test("ICP010 fires when the review is overdue")
    func overdueFires() { #expect(codes(SampleICPs.boardReporting(), LintContext(reviewStatus: .overdue(daysOverdue: 3))).contains(.reviewOverdue)) }

    @Test("ICP010 does not fire when due soon or fresh", arguments: [ReviewStatus.dueSoon(daysLeft: 0), .fresh(daysLeft: 30)])
    func overdueQuiet(_ status: ReviewStatus) {
        #expect(!codes(SampleICPs.boardReporting(), LintContext(reviewStatus: status)).contains(.reviewOverdue))
    }

    @Test("linting state uses the published revision, its evidence and the review clock")
    func lintState() throws {
        let h = try WorkflowHarness.published()
        let calendar = FiscalCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect(ICPLinter.lint(h.state!, calendar: calendar, now: Fixtures.now).isEmpty)
        let late = Fixtures.now.addingTimeInterval(120 * 86_400)
        #expect(ICPLinter.lint(h.state!, calendar: calendar, now: late).map(\.code) == [.reviewOverdue])
    }

    @Test("codes are stable, unique and every rule has a fix hint")
    func codesStable() {
        #expect(LintCode.allCases.map(\.rawValue) == (1...10).map { String(format: "ICP%03d", $0) })
        #expect(LintCode.allCases.allSatisfy { !$0.fixHint.isEmpty && !$0.slug.isEmpty })
        #expect(LintWarning(.noDisqualifiers, "m").description == "ICP003 no-disqualifiers: m")
    }
}
