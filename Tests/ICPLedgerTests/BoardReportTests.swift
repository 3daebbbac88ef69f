import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import PostgresTestSupport
import Reports
import TestFixtures
import Testing

/// The board report against a real database: a generated two-year history (two workspaces,
/// quarterly pipeline snapshots imported as CSV), each figure checked against a calculation the test
/// makes itself from what it generated — the rows it wrote, scored in memory under the revision it
/// knows to be operating — and the checkpoint checked against the log.
@Suite("Board report")
struct BoardReportTests {
    /// One generated workspace: what the test did, to check the report against.
    struct Generated {
        var team: Team
        var icp: ICPID
        /// Each revision's definition, by number.
        var definitions: [Int: ICPDefinition] = [:]
        /// Snapshot day → (rows as fields, revision operating that day).
        var snapshots: [(day: CalendarDay, rows: [[String]], revision: Int)] = []
        var customerFinding = FindingID()
        var pipelineFinding = FindingID()
    }

    static let columns = ["Account Name", "Owner", "Stage", "Amount", "industry", "employees", "acvUSD", "region"]

    /// Rows whose mix moves over the quarters (more fintech, fewer small companies), so the market drifts.
    static func rows(quarter: Int, seed: UInt64) -> [[String]] {
        var random = SplitMix64(seed: seed &+ UInt64(quarter) &* 7919)
        return (0..<240).map { index in
            let industry = random.chance(0.3 + 0.04 * Double(quarter)) ? "fintech" : random.pick(["saas", "health", "retail"])
            let employees = random.chance(0.5 - 0.03 * Double(quarter)) ? random.int(5...49) : random.int(50...2_000)
            let acv = random.int(5...80) * 1_000
            let region = random.chance(0.1) ? "RU" : random.pick(["US", "DE", "FR"])
            return ["Account \(index)", "", "open", String(random.int(1...500) * 100), industry, String(employees), String(acv), region]
        }
    }

    static func csv(_ rows: [[String]]) -> [UInt8] {
        Array(([columns.joined(separator: ",")] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n").utf8)
    }

    /// Two years, 2024 and 2025 (UTC, fiscal year = calendar year). Revisions in Q3 2024 (late),
    /// Q1 2025 (late) and Q4 2025 (late); reaffirming reviews in Q2 2024, Q4 2024 and Q2 2025 (on
    /// time); nothing in Q3 2025, so the ICP is overdue from 2025-07-26 until the Q4 revision.
    static func generate(_ f: Fixture, seed: UInt64, quarters: Int = 8) async throws -> Generated {
        f.on("2024-01-02")
        let t = try await f.team()
        let icp = ICPID()
        var g = Generated(team: t, icp: icp)
        let l = f.ledger
        var definition = SampleICPs.fintechPlatforms
        try await l.draftICP(icp, in: t.workspace, owner: t.editor, definition: definition, by: t.editor)
        f.on("2024-01-04")
        try await l.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        f.on("2024-01-05")
        try await l.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2024-01-05")!, by: t.editor)
        g.definitions[1] = definition
        var revision = 1
        func revise(_ change: (inout ICPDefinition) -> Void, proposed: String, published: String, evidence: [EvidenceRef] = []) async throws {
            change(&definition)
            f.on(proposed)
            try await l.proposeDefinition(
                icp, in: t.workspace, definition: definition, rationale: "Quarter's evidence.", evidence: evidence, by: t.editor)
            revision += 1
            try await l.approve(icp, in: t.workspace, revision: revision, by: t.approver)
            try await l.approve(icp, in: t.workspace, revision: revision, comment: "Agreed.", by: t.approver2)
            f.on(published)
            try await l.publish(icp, in: t.workspace, revision: revision, effectiveOn: CalendarDay(published)!, by: t.editor)
            g.definitions[revision] = definition
        }
        let snapshotDays = ["2024-03-25", "2024-06-25", "2024-09-25", "2024-12-20", "2025-03-25", "2025-06-25", "2025-09-25", "2025-12-20"]
        for quarter in 0..<quarters {
            switch quarter {
            case 1:
                f.on("2024-04-03")
                try await l.recordReview(icp, in: t.workspace, outcome: .reaffirmed, notes: "Holds.", by: t.admin)
            case 2:
                try await revise({ $0.signals.economic[0].value = .number(40_000) }, proposed: "2024-07-18", published: "2024-07-20")
            case 3:
                f.on("2024-10-10")
                try await l.recordReview(icp, in: t.workspace, outcome: .reaffirmed, notes: "Holds.", by: t.admin)
            case 4:
                try await revise(
                    { $0.disqualifiers.append(Disqualifier(key: "employees", op: .atMost, value: .number(20), reason: "Too small to buy.")) },
                    proposed: "2025-01-30", published: "2025-02-01")
            case 5:
                f.on("2025-04-25")
                try await l.recordReview(icp, in: t.workspace, outcome: .reaffirmed, notes: "Holds.", by: t.admin)
            case 7:
                f.on("2025-10-05")
                try await l.recordFinding(
                    g.customerFinding, in: t.workspace, audit: .customer, summary: "Region rule blocks good accounts.", severity: .high,
                    metrics: ["netRevenueRetention": 118], recommendation: "Drop the region rule.", icp: icp, by: t.editor)
                try await revise(
                    {
                        $0.signals.economic[0].value = .number(25_000)
                        $0.disqualifiers.removeAll { $0.key == "region" }
                    }, proposed: "2025-11-12", published: "2025-11-15", evidence: [.finding(g.customerFinding)])
                try await l.resolveFinding(g.customerFinding, in: t.workspace, resolution: .revision(icpId: icp, number: revision), by: t.editor)
                f.on("2025-12-01")
                try await l.recordFinding(
                    g.pipelineFinding, in: t.workspace, audit: .pipeline, summary: "Small accounts stall.", severity: .medium,
                    recommendation: "Watch it.", icp: icp, by: t.editor)
            default: break
            }
            let day = snapshotDays[quarter]
            f.on(day)
            let rows = rows(quarter: quarter, seed: seed)
            _ = try await l.importPipeline(
                .bytes(csv(rows)), options: PipelineImportOptions(day: CalendarDay(day)!, sourceName: "crm-\(day).csv"), in: t.workspace,
                by: t.editor)
            g.snapshots.append((CalendarDay(day)!, rows, revision))
        }
        return g
    }

    /// The test's own fit of generated rows under a definition: each row read and scored in memory.
    static func share(_ rows: [[String]], _ definition: ICPDefinition, revision: Int) throws -> (count: Double, value: Double) {
        let scorer = try CompiledScorer(definition: definition, revision: revision)
        let reader = ColumnReader(scorer: scorer, mapping: FieldMapping(), columns: columns)
        var total = 0.0, inFit = 0.0, count = 0, fitCount = 0
        for row in rows {
            guard case .success(let account) = reader.encode(row) else { continue }
            let amount = Double(row[3])!
            count += 1
            total += amount
            if scorer.frozenScore(account).inFit {
                fitCount += 1
                inFit += amount
            }
        }
        return (100 * Double(fitCount) / Double(count), 100 * inFit / total)
    }

    @Test("every figure of a two-year history's last quarter agrees with the test's own calculation")
    func figuresAgree() async throws {
        let f = try await Fixture.make()
        let g = try await Self.generate(f, seed: 11)
        let other = try await Self.generate(f, seed: 12, quarters: 4)
        f.on("2026-01-10")
        let signer = try CheckpointSigner(name: "board")
        let report = try await f.ledger.boardReport(g.team.workspace, quarter: "FY2025-Q4", signer: signer, by: g.team.approver)
        #expect(report.quarter.label == "FY2025-Q4")
        let icp = try #require(report.icps.first)
        #expect(report.icps.count == 1)

        // Revisions of the quarter: revision 4, approved by both approvers in order, with the finding as evidence.
        #expect(icp.revisions.map(\.revision) == [4])
        #expect(icp.revisions[0].approvers == [g.team.approver, g.team.approver2])
        #expect(report.display(g.team.approver) == "dev.patel")
        #expect(icp.revisions[0].evidence.map(\.reference) == [g.customerFinding.description])
        #expect(icp.disqualifiers.removed.map(\.revision) == [4] && icp.disqualifiers.added.isEmpty)
        #expect(icp.operatingRevision == 4)

        // Fit share per quarter: each snapshot's rows under the revision operating on its day.
        #expect(icp.fitTrend.count == 8)
        for (point, snapshot) in zip(icp.fitTrend, g.snapshots) {
            let expected = try Self.share(snapshot.rows, g.definitions[snapshot.revision]!, revision: snapshot.revision)
            #expect(point.revision == snapshot.revision)
            #expect(abs(point.share.count! - expected.count) < 1e-9, "\(point.quarter)")
            #expect(abs(point.share.value! - expected.value) < 1e-9, "\(point.quarter)")
        }

        // Drift of the quarter: December's rows under r4 and r3, September's under r3.
        let drift = try #require(icp.currentDrift)
        #expect(drift.revision == 4 && drift.previousRevision == 3)
        let now = g.snapshots[7].rows, before = g.snapshots[6].rows
        let nowUnderNew = try Self.share(now, g.definitions[4]!, revision: 4)
        let nowUnderOld = try Self.share(now, g.definitions[3]!, revision: 3)
        let beforeUnderOld = try Self.share(before, g.definitions[3]!, revision: 3)
        #expect(abs(drift.definition!.countPoints! - (nowUnderNew.count - nowUnderOld.count)) < 1e-9)
        #expect(abs(drift.definition!.valuePoints! - (nowUnderNew.value - nowUnderOld.value)) < 1e-9)
        #expect(abs(drift.market!.countPoints! - (nowUnderOld.count - beforeUnderOld.count)) < 1e-9)
        #expect(abs(drift.market!.valuePoints! - (nowUnderOld.value - beforeUnderOld.value)) < 1e-9)
        // Q3 2025 had no revision: no definition drift, and market drift from June to September under r3.
        let q3 = icp.drift[2]
        #expect(q3.definition?.countPoints == 0)
        let juneUnderOld = try Self.share(g.snapshots[5].rows, g.definitions[3]!, revision: 3)
        #expect(abs(q3.market!.countPoints! - (beforeUnderOld.count - juneUnderOld.count)) < 1e-9)

        // Findings and cadence.
        #expect(icp.findings.map(\.audit) == [.customer, .pipeline])
        #expect(icp.findings.map(\.opened) == [1, 1] && icp.findings.map(\.resolved) == [1, 0])
        // Reviewed 2025-04-25, so due 07-25; overdue from 07-26: in Q4, 10-01 to 11-14 (45 days);
        // the revision published 11-15 was 113 days late. Then due 2026-02-15.
        #expect(icp.cadence.late == 1 && icp.cadence.onTime == 0)
        #expect(icp.cadence.reviews.map(\.daysLate) == [113])
        #expect(icp.cadence.daysOverdue == 45)
        #expect(icp.cadence.dueAtEnd?.description == "2026-02-15" && icp.cadence.daysStaleAtEnd == 0)

        // The checkpoint covers exactly the events read, and verifies.
        let leaves = try await readUntil(atLeast: report.checkpoint.size + 1) { try await f.ledger.store.tenantLog(g.team.workspace.uuid).leaves }
        #expect(report.checkpoint.size == leaves.count - 1)  // the checkpoint's own event follows it
        #expect(MerkleTree.root(Array(leaves.prefix(report.checkpoint.size))).description == report.checkpoint.root)
        let checked = try signer.verifier.open(report.checkpoint.note)
        #expect(checked.size == report.checkpoint.size && checked.root.description == report.checkpoint.root)
        #expect(checked.origin == Ledger.checkpointOrigin(g.team.workspace))

        // Nothing new since: the next report reuses the checkpoint and records nothing.
        let again = try await f.ledger.boardReport(g.team.workspace, quarter: "FY2025-Q4", signer: signer, by: g.team.editor)
        #expect(again.checkpoint == report.checkpoint)
        #expect(try await f.ledger.store.tenantLog(g.team.workspace.uuid).leaves.count == leaves.count)
        #expect(again.icps == report.icps)

        // The other workspace's report is its own: its events, its origin, its four quarters.
        let otherReport = try await f.ledger.boardReport(other.team.workspace, quarter: "FY2024-Q4", signer: signer, by: other.team.admin)
        #expect(otherReport.checkpoint.origin == Ledger.checkpointOrigin(other.team.workspace))
        #expect(otherReport.icps.first?.fitTrend.count == 4)
        #expect(otherReport.icps.first?.operatingRevision == 2)
    }

    @Test("an erased approver shows as erased, erased snapshot rows leave a note, and earlier checkpoints stay valid")
    func erasure() async throws {
        let f = try await Fixture.make()
        let g = try await Self.generate(f, seed: 5)
        f.on("2026-01-10")
        let signer = try CheckpointSigner(name: "board")
        let before = try await f.ledger.boardReport(g.team.workspace, quarter: "FY2025-Q4", signer: signer, by: g.team.admin)
        let december = try #require(try await f.ledger.pipelineSnapshots(in: g.team.workspace).last)
        _ = try await f.ledger.erasePipelineSnapshot(december.id, in: g.team.workspace, by: g.team.admin)
        _ = try await f.ledger.erasePrincipal(g.team.approver2, in: g.team.workspace, by: g.team.admin)
        let after = try await f.ledger.boardReport(g.team.workspace, quarter: "FY2025-Q4", signer: signer, by: g.team.admin)
        #expect(after.display(g.team.approver2) == "(erased)")
        let drift = try #require(after.icps.first?.currentDrift)
        #expect(drift.definition == nil && drift.market == nil)
        #expect(drift.note?.contains("its rows were erased") == true)
        // The earlier report's checkpoint still holds: the log it covers is a prefix of today's.
        let leaves = try await readUntil(atLeast: after.checkpoint.size) { try await f.ledger.store.tenantLog(g.team.workspace.uuid).leaves }
        #expect(MerkleTree.root(Array(leaves.prefix(before.checkpoint.size))).description == before.checkpoint.root)
        #expect(after.checkpoint.size > before.checkpoint.size)
    }

    @Test("a revision a report cites is proven in its checkpoint; a changed proof, another key or an uncovered revision fails")
    func inclusionProof() async throws {
        let f = try await Fixture.make()
        let g = try await Self.generate(f, seed: 3)
        f.on("2026-01-10")
        let signer = try CheckpointSigner(name: "board")
        await #expect(throws: LedgerError.self) { try await f.ledger.inclusionProof(of: 4, icp: g.icp, in: g.team.workspace, by: g.team.editor) }
        let report = try await f.ledger.boardReport(g.team.workspace, quarter: "FY2025-Q4", signer: signer, by: g.team.editor)
        let proof = try await f.ledger.inclusionProof(of: 4, icp: g.icp, in: g.team.workspace, by: g.team.editor)
        #expect(proof.size == report.checkpoint.size && proof.checkpoint == report.checkpoint.note)
        #expect(proof.problems(verifiedBy: signer.verifier).isEmpty)
        #expect(proof.eventSummary.hasPrefix("RevisionPublished, stream icp-\(g.icp)"))
        // The first revision, published two years earlier, is in the same checkpoint.
        let first = try await f.ledger.inclusionProof(of: 1, icp: g.icp, in: g.team.workspace, by: g.team.approver2)
        #expect(first.index < proof.index && first.problems(verifiedBy: signer.verifier).isEmpty)

        var moved = proof
        moved.index = first.index
        #expect(!moved.problems(verifiedBy: signer.verifier).isEmpty)
        var edited = proof
        edited.canonical = edited.canonical.replacingOccurrences(of: "\"revision\":4", with: "\"revision\":5")
        #expect(edited.problems(verifiedBy: signer.verifier).contains("the event's bytes do not hash to its stored hash"))
        #expect(!proof.problems(verifiedBy: try CheckpointSigner(name: "board").verifier).isEmpty)
        await #expect(throws: LedgerError.self) { try await f.ledger.inclusionProof(of: 9, icp: g.icp, in: g.team.workspace, by: g.team.editor) }
    }

    @Test("anyone outside the workspace is refused, and a quarter that cannot be read is named")
    func refusals() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let signer = try CheckpointSigner(name: "board")
        await #expect(throws: LedgerError.self) {
            try await f.ledger.boardReport(t.workspace, quarter: "current", signer: signer, by: PrincipalID("stranger"))
        }
        await #expect(throws: BoardReportError.badQuarter("FY2025-Q9")) {
            try await f.ledger.boardReport(t.workspace, quarter: "FY2025-Q9", signer: signer, by: t.admin)
        }
        // A workspace with no ICP yet still has a report (and a checkpoint).
        let empty = try await f.ledger.boardReport(t.workspace, quarter: "current", signer: signer, by: t.editor)
        #expect(empty.icps.isEmpty && empty.checkpoint.size > 0)
    }
}
