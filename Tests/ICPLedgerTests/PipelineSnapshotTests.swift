import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import TestFixtures
import Testing

/// Pipeline snapshots: a CRM export imported for a day, scored against the ICPs operating then,
/// stored insert-only with frozen scores, summed up in one event.
@Suite("Pipeline snapshots")
struct PipelineSnapshotTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/pipeline")

    static func fixture(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: fixtures.appending(path: name))) }

    /// A team with the fintech-platforms ICP published from 2025-01-01.
    func published(_ f: Fixture) async throws -> (Team, ICPID) {
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-01")!, by: t.editor)
        return (t, icp)
    }

    /// What each row of crm-semicolon-bom.csv should come to under fintech-platforms (industry in
    /// fintech 30, employees 50–500 10, acv ≥ 25,000 20; region RU disqualifies; neutral policy),
    /// worked out by hand: the line, the amount as written in the file, in fit, qualified, tier, owner.
    static let expected: [(line: Int, amount: Double, inFit: Bool, qualified: Bool, tier: Tier, owner: String?)] = [
        (2, 1_200_000.50, true, true, .a, "lena"),  // all three match: 100
        (3, 12_500, false, true, .d, "pat"),  // only employees: 10/60
        (5, 1_500, false, false, .a, "pat"),  // RU: disqualified, still scored 100
        (6, 0, true, true, .a, nil),  // industry only known: 30/30 under neutral
        (7, 2_500.75, true, true, .a, "lena"),  // industry and acv: 50/60 = 83.3
    ]

    @Test(
        "a real export — BOM, ';', CRLF, quoted separators, line breaks and quotes, currency signs and thousands separators — is scored and summed up as an independent calculation says"
    )
    func importsQuirkyExport() async throws {
        let f = try await Fixture.make()
        let (t, icp) = try await published(f)
        let result = try await f.ledger.importPipeline(
            .bytes(try Self.fixture("crm-semicolon-bom.csv")), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!, sourceName: "crm.csv"),
            in: t.workspace, by: t.editor)
        #expect(!result.alreadyImported)
        let snapshot = result.snapshot
        #expect(snapshot.rows == 5 && snapshot.skippedRows == 0)
        #expect(snapshot.roles == PipelineColumns(label: "Account Name", owner: "Owner", stage: "Stage", amount: "Amount"))
        #expect(snapshot.targets == [SnapshotTarget(icpId: icp, name: "Fintech platforms", revision: 1)])
        let fit = try #require(snapshot.fits.first)

        // The independent calculation, from the hand-worked rows.
        let total = Self.expected.reduce(0) { $0 + $1.amount }
        let inFit = Self.expected.filter(\.inFit)
        #expect(fit.total == PipelineMeasure(count: 5, value: total))
        #expect(fit.inFit.count == inFit.count)
        #expect(abs(fit.inFit.value - inFit.reduce(0) { $0 + $1.amount }) < 0.001)
        let disqualified = Self.expected.filter { !$0.qualified }
        #expect(fit.disqualified == PipelineMeasure(count: disqualified.count, value: disqualified.reduce(0) { $0 + $1.amount }))
        for tier in Tier.allCases {
            let rows = Self.expected.filter { $0.qualified && $0.tier == tier }
            let measure = fit.byTier.first { $0.tier == tier }?.measure
            #expect(measure?.count == rows.count, "tier \(tier)")
        }
        #expect(fit.topDisqualifiers.map(\.reason) == ["Sanctions."])
        // Owners: Lena is a member (her principal id, matched ignoring case); Pat is not (a pseudonym).
        let lena = try #require(fit.owners.first { $0.owner == t.editor.rawValue })
        #expect(lena.total.count == 2 && lena.outsideFit.count == 0)
        let pat = try #require(fit.owners.first { $0.owner.hasPrefix("owner-") })
        #expect(pat.total == PipelineMeasure(count: 2, value: 14_000) && pat.outsideFit == PipelineMeasure(count: 2, value: 14_000))
        #expect(fit.owners.count == 2)

        // Rows are kept with their frozen scores, and nothing stores the owner's name.
        let rows = try await f.ledger.snapshotRows(snapshot.id, in: t.workspace)
        #expect(rows.map(\.row) == Self.expected.map(\.line))
        #expect(rows.map(\.label) == ["Ledgerly Ltd", "Multi\r\nLine; Inc", "Rusbank", "Empty Fields", "Quote \"Co\""])
        #expect(rows.map { $0.scores.first?.tier } == Self.expected.map(\.tier))
        #expect(rows.map { $0.scores.first?.qualified } == Self.expected.map(\.qualified))
        #expect(rows[3].scores.first?.unknown.map(\.key) == ["employees", "acvUSD"], "empty fields are unknown, not misses")
        #expect(rows[0].amount == 1_200_000.50 && rows[3].amount == nil)
        let stored = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("SELECT t::text FROM pipeline_snapshot_chunks t").map { try $0.column(0, as: String.self) }
        }
        #expect(!stored.joined().localizedCaseInsensitiveContains("pat smith") && !stored.joined().contains("lena.ortiz"))
    }

    @Test("the same file imported again is recognised by its hash and stored once")
    func sameFileTwice() async throws {
        let f = try await Fixture.make()
        let (t, _) = try await published(f)
        let bytes = try Self.fixture("crm-semicolon-bom.csv")
        let first = try await f.ledger.importPipeline(
            .bytes(bytes), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!), in: t.workspace, by: t.editor)
        let again = try await f.ledger.importPipeline(
            .bytes(bytes), options: PipelineImportOptions(day: CalendarDay("2025-04-01")!), in: t.workspace, by: t.editor)
        #expect(again.alreadyImported && again.snapshot.id == first.snapshot.id && again.snapshot.day == CalendarDay("2025-03-31")!)
        #expect(try await f.ledger.pipelineSnapshots(in: t.workspace).count == 1)
        let rows = try await f.db.withConnection(f.db.superuser) {
            try $0.query("SELECT coalesce(sum(row_count), 0)::int FROM pipeline_snapshot_chunks").single().column(0, as: Int.self)
        }
        #expect(rows == 5)
    }

    @Test(
        "a file with unreadable rows is refused with every bad row and stores nothing; with skipping, the rest is stored and the skipped rows counted"
    )
    func badRows() async throws {
        let f = try await Fixture.make()
        let (t, _) = try await published(f)
        let bytes = try Self.fixture("broken-rows.csv")
        do {
            _ = try await f.ledger.importPipeline(
                .bytes(bytes), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!), in: t.workspace, by: t.editor)
            Issue.record("a file with bad rows was imported")
        } catch PipelineImportError.badRows(let rows, let total) {
            #expect(total == 3)
            #expect(rows.map(\.row) == [3, 4, 5])
            #expect(rows[0].problems.map(\.field) == ["employees"])
            #expect(rows[1].problems.map(\.field) == ["amount"])
            #expect(rows[2].problems.first?.reason.contains("3 fields") == true)
        }
        let left = try await f.db.withConnection(f.db.superuser) {
            try $0.query("SELECT coalesce(sum(row_count), 0)::int FROM pipeline_snapshot_chunks").single().column(0, as: Int.self)
        }
        #expect(left == 0)
        #expect(try await f.ledger.pipelineSnapshots(in: t.workspace).isEmpty)

        let skipped = try await f.ledger.importPipeline(
            .bytes(bytes), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!, skipBadRows: true), in: t.workspace, by: t.editor)
        #expect(skipped.snapshot.rows == 1 && skipped.snapshot.skippedRows == 3 && skipped.skipped.count == 3)
        #expect(skipped.snapshot.fits.first?.total == PipelineMeasure(count: 1, value: 1_000))
    }

    @Test("a viewer cannot import; a day with no ICP operating is refused")
    func refusals() async throws {
        let f = try await Fixture.make()
        let (t, _) = try await published(f)
        let viewer = try await f.ledger.registerPrincipal("vic.viewer", in: t.workspace)
        try await f.ledger.grantRole(.viewer, to: viewer, in: t.workspace, by: t.admin)
        let bytes = try Self.fixture("crm-semicolon-bom.csv")
        await #expect(throws: LedgerError.self) {
            try await f.ledger.importPipeline(
                .bytes(bytes), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!), in: t.workspace, by: viewer)
        }
        // A day before anything operated, and year 0, which no date column holds: refused, not a server error.
        for day in ["2024-12-31", "0000-01-01"] {
            await #expect(throws: PipelineImportError.self, "\(day)") {
                try await f.ledger.importPipeline(
                    .bytes(bytes), options: PipelineImportOptions(day: CalendarDay(day)!), in: t.workspace, by: t.editor)
            }
        }
    }

    @Test("the aggregates become a pipeline-audit finding with one flag; erasing a snapshot removes its rows and keeps its aggregates")
    func findingAndErasure() async throws {
        let f = try await Fixture.make()
        let (t, icp) = try await published(f)
        let result = try await f.ledger.importPipeline(
            .bytes(try Self.fixture("crm-semicolon-bom.csv")), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!, recordFinding: true),
            in: t.workspace, by: t.editor)
        #expect(result.findings.count == 1)
        let finding = try #require(try await f.ledger.findings(in: t.workspace).first)
        #expect(finding.audit == .pipeline && finding.icpId == icp)
        #expect(finding.metrics["opportunitiesReviewed"] == 5 && finding.metrics["inFitShareByCount"] == 60)
        #expect(finding.metrics["repTimeOutsideFit"] == 50, "Lena 0% outside fit, Pat 100%")

        await #expect(throws: LedgerError.self) { try await f.ledger.erasePipelineSnapshot(result.snapshot.id, in: t.workspace, by: t.editor) }
        #expect(try await f.ledger.erasePipelineSnapshot(result.snapshot.id, in: t.workspace, by: t.admin) == 5)
        let erased = try #require(try await f.ledger.pipelineSnapshot(result.snapshot.id, in: t.workspace))
        #expect(erased.erased && erased.fits == result.snapshot.fits)
        #expect(try await f.ledger.snapshotRows(result.snapshot.id, in: t.workspace).isEmpty)
        // The app role itself can neither update nor delete snapshot rows.
        await #expect(throws: PostgresError.self) {
            try await f.db.withConnection(f.db.app) { connection in
                try connection.transaction { connection in
                    try connection.query("SELECT set_config('app.tenant', \(t.workspace.description), true)")
                    try connection.query("DELETE FROM pipeline_snapshots")
                }
            }
        }
    }

    @Test(
        "the impact preview of a revision that adds a disqualifier moves exactly the rows it matches, and old scores stay explained by their revision"
    )
    func impactOfAddedDisqualifier() async throws {
        let f = try await Fixture.make()
        let (t, icp) = try await published(f)
        let imported = try await f.ledger.importPipeline(
            .bytes(try Self.fixture("crm-semicolon-bom.csv")), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!), in: t.workspace,
            by: t.editor)
        var proposed = SampleICPs.fintechPlatforms
        proposed.disqualifiers.append(Disqualifier(key: "employees", op: .atMost, value: .number(100), reason: "Too small to buy."))
        let impact = try #require(try await f.ledger.impactPreview(of: proposed, revision: 2, icp: icp, in: t.workspace))
        let preview = impact.preview
        #expect(impact.snapshot == imported.snapshot.id && preview.operatingRevision == 1 && preview.proposedRevision == 2)
        // Rows with at most 100 employees: line 3 (80: D → disqualified) and line 7 (40: A → disqualified).
        #expect(preview.moves.reduce(0) { $0 + $1.measure.count } == 2)
        #expect(Set(preview.moves.map { "\($0.from)→\($0.to)" }) == ["D→disqualified", "A→disqualified"])
        #expect(preview.movedOut == PipelineMeasure(count: 1, value: 2_500.75) && preview.movedIn.count == 0)
        #expect(preview.rules.map(\.rule) == ["disqualifier added: employees atMost 100"])
        #expect(preview.inFitBefore.count == 3 && preview.inFitAfter.count == 2)

        // Publishing the change leaves the frozen scores explained by revision 1.
        try await f.ledger.proposeDefinition(icp, in: t.workspace, definition: proposed, rationale: "Small firms churn.", by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 2, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 2, effectiveOn: CalendarDay("2025-01-01")!, by: t.editor)
        let rows = try await f.ledger.snapshotRows(imported.snapshot.id, in: t.workspace)
        #expect(rows[4].scores.first?.revision == 1 && rows[4].scores.first?.qualified == true)
        #expect(rows[4].scores.first?.matched.map(\.key) == ["industry", "acvUSD"])
    }
}
