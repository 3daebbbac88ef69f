import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import Projections
import TestFixtures
import Testing

@Suite("Application layer")
struct CommandTests {
    @Test("a query right after each command shows it (read-your-writes)")
    func readYourWrites() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        #expect(try await f.ledger.listICPs(in: t.workspace).map(\.id) == [icp])
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, comment: "Fits the audits.", by: t.approver)
        let approved = try await f.ledger.revision(1, of: icp, in: t.workspace)
        #expect(approved.approvers == [t.approver])
        #expect(approved.approvalNotes.map(\.comment) == ["Fits the audits."])
        #expect(approved.approvalNotes.map(\.approver) == [t.approver])
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-01")!, by: t.editor)
        #expect(try await f.ledger.currentICP(icp, in: t.workspace)?.revision == 1)
        var next = SampleICPs.fintechPlatforms
        next.disqualifiers.append(Disqualifier(key: "employees", op: .atMost, value: .number(20), reason: "Too small."))
        let proposed = try await f.ledger.proposeDefinition(icp, in: t.workspace, definition: next, rationale: "Small firms churn.", by: t.editor)
        #expect(proposed.state?.revisions.count == 2)
        #expect(try await f.ledger.revisionHistory(icp, in: t.workspace).last?.status == .proposed)
        let finding = try await f.ledger.recordFinding(
            in: t.workspace, audit: .pipeline, summary: "Small firms stall.", severity: .medium,
            recommendation: "Disqualify.", icp: icp, by: t.editor)
        #expect(try await f.ledger.findings(in: t.workspace).map(\.id) == [try #require(finding.state?.id)])
    }

    @Test("the domain's refusals come back typed and store nothing")
    func refusals() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        await #expect(throws: LedgerError.self) {
            try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.editor)
        }
        await #expect(throws: LedgerError.self) {
            try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-02")!, by: t.editor)
        }
        #expect(try await f.ledger.revision(1, of: icp, in: t.workspace).status == .proposed)
    }

    @Test("two concurrent approvals by the same approver record exactly one")
    func concurrentApprovals() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        let ledger = f.ledger, ws = t.workspace, approver = t.approver
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { (try? await ledger.approve(icp, in: ws, revision: 1, by: approver)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        let stream = StreamID(tenant: ws.uuid, name: StreamName.icp(icp).description)
        let events = try await ledger.store.readStream(stream).events
        #expect(events.filter { $0.type == "RevisionApproved" }.count == 1)
        #expect(try await ledger.revision(1, of: icp, in: ws).approvers == [approver])
    }

    @Test("concurrent proposals are retried safely and both get numbers")
    func concurrentProposals() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-02")!, by: t.editor)
        let ledger = f.ledger, ws = t.workspace, editor = t.editor
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for weight in [11.0, 12.0, 13.0] {
                group.addTask {
                    var d = SampleICPs.fintechPlatforms
                    d.signals.fit[1].weight = weight
                    let outcome = try await ledger.proposeDefinition(icp, in: ws, definition: d, rationale: "Weight \(weight).", by: editor)
                    guard case .revisionProposed(let e) = outcome.events.first else { return 0 }
                    return e.revision
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(numbers.sorted() == [2, 3, 4])
        #expect(try await ledger.revisionHistory(icp, in: ws).map(\.revision) == [1, 2, 3, 4])
    }

    @Test("operating-on follows effective dates; recorded-at follows recorded times; rule history spans revisions")
    func temporalQueries() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        f.on("2025-01-05")
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-10")!, by: t.editor)
        let betweenRecorded = Date()
        try await Task.sleep(for: .milliseconds(20))
        f.on("2025-03-20")
        var next = SampleICPs.fintechPlatforms
        next.signals.fit[0] = Signal(key: "industry", op: .in, value: .stringList(["fintech", "insurtech"]), weight: 30)
        try await f.ledger.proposeDefinition(icp, in: t.workspace, definition: next, rationale: "Insurtech wins too.", by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 2, by: t.approver2)
        try await f.ledger.publish(icp, in: t.workspace, revision: 2, effectiveOn: CalendarDay("2025-04-01")!, by: t.editor)

        #expect(try await f.ledger.operatingOn(CalendarDay("2025-01-09")!, icp: icp, in: t.workspace) == nil)
        #expect(try await f.ledger.operatingOn(CalendarDay("2025-01-10")!, icp: icp, in: t.workspace)?.revision == 1)
        #expect(try await f.ledger.operatingOn(CalendarDay("2025-03-31")!, icp: icp, in: t.workspace)?.revision == 1)
        #expect(try await f.ledger.operatingOn(CalendarDay("2025-04-01")!, icp: icp, in: t.workspace)?.revision == 2)

        let before = try #require(try await f.ledger.recordedAt(betweenRecorded, icp: icp, in: t.workspace))
        #expect(before.state.publishedRevision == 1 && before.state.revisions.count == 1)
        let after = try #require(try await f.ledger.recordedAt(Date(), icp: icp, in: t.workspace))
        #expect(after.state.publishedRevision == 2)
        #expect(try await f.ledger.recordedAt(Date(timeIntervalSince1970: 0), icp: icp, in: t.workspace) == nil)

        let rule = try await f.ledger.ruleHistory("industry", icp: icp, in: t.workspace)
        #expect(rule.map(\.change) == ["added", "changed"])
        #expect(try await f.ledger.ruleHistory("region", icp: icp, in: t.workspace).map(\.change) == ["added", "unchanged"])
        let diff = try await f.ledger.diff(icp, in: t.workspace, from: 1, to: 2)
        #expect(diff.changes.count == 1)
    }

    @Test("revision rows store a definition only where it cannot be derived, and every revision still reads back exactly")
    func derivedDefinitions() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        /// The definition of revision `n` (≤ 21) of the chain below.
        func definitionAt(_ n: Int) -> ICPDefinition {
            var d = SampleICPs.fintechPlatforms
            if n >= 2 { d.signals.fit[1].weight = Double(9 + n) }
            if n >= 8 { d.statement += " Also insurers." }
            return d
        }
        let icp = ICPID()
        f.on("2025-01-02")
        var outcome = try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-02")!, by: t.editor)
        var next = SampleICPs.fintechPlatforms
        for step in 1...20 {  // revisions 2…21, each based on the one before
            next.signals.fit[1].weight = Double(10 + step)
            if step == 7 { next.statement += " Also insurers." }
            try await f.ledger.proposeDefinition(icp, in: t.workspace, definition: next, rationale: "Step \(step).", by: t.editor)
            try await f.ledger.approve(icp, in: t.workspace, revision: step + 1, by: t.approver)
            try await f.ledger.publish(
                icp, in: t.workspace, revision: step + 1,
                effectiveOn: CalendarDay(daysSinceEpoch: CalendarDay("2025-01-02")!.daysSinceEpoch + step), by: t.editor)
        }
        next.disqualifiers.append(Disqualifier(key: "employees", op: .atMost, value: .number(20), reason: "Too small."))
        try await f.ledger.proposeDefinition(icp, in: t.workspace, definition: next, rationale: "Open proposal.", by: t.editor)
        next.committee[0].pain = "Audit findings, again."
        outcome = try await f.ledger.amendProposal(
            icp, in: t.workspace, revision: 22,
            changes: DefinitionDiff.between(definitionAt(21), next).changes,
            rationale: "Amended.", by: t.editor)
        let state = try #require(outcome.state)
        #expect(state.revisions.count == 22)

        let stored = try await f.db.withConnection(f.db.system) { c in
            try c.query("SELECT revision FROM icp_revisions WHERE definition IS NOT NULL ORDER BY revision").map { try $0.column(0, as: Int.self) }
        }
        #expect(stored == [1, 17], "the draft-based revision and every 16th step along the chain store theirs")
        let history = try await f.ledger.revisionHistory(icp, in: t.workspace)
        #expect(history.map(\.definition) == state.revisions.map(\.definition))
        #expect(try await f.ledger.revision(22, of: icp, in: t.workspace).definition == next)
        #expect(try await f.ledger.operatingOn(CalendarDay("2025-01-15")!, icp: icp, in: t.workspace)?.definition == state.revision(14)?.definition)
        #expect(try await f.ledger.diff(icp, in: t.workspace, from: 20, to: 21).changes.count == 1)

        // A row that can neither be read nor derived is reported, not guessed at.
        try await f.db.withConnection(f.db.system) { c in
            try c.query("UPDATE icp_revisions SET definition = NULL WHERE revision = 17")
            try c.query("UPDATE icp_revisions SET definition = NULL WHERE revision = 1")
        }
        await #expect(throws: LedgerError.self) { try await f.ledger.revision(20, of: icp, in: t.workspace) }
        _ = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system).run()
        #expect(try await f.ledger.revisionHistory(icp, in: t.workspace).map(\.definition) == state.revisions.map(\.definition))

    }

    @Test("the definition in force reads back exactly as published, odd characters and all")
    func definitionRoundTrip() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        var d = SampleICPs.fintechPlatforms
        d.statement = "Series B \"fintech\" firms —\nwhose CFO\\controller\t must act; ünïcödé 🚀 'quoted' {json} [x] $(no) `no`"
        d.signals.trigger = [
            Signal(key: "funded", op: .exists, value: nil, weight: 0.5, rationale: "a\"b"),
            Signal(key: "soc2", op: .equals, value: .bool(true), weight: 12.25),
            Signal(key: "stack", op: .contains, value: .string("snowflake"), weight: 1e-3),
        ]
        d.thresholds = TierThresholds(a: 82.5, b: 61, c: 40.125)
        d.missingDataPolicy = .zero
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: d, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-01")!, by: t.editor)
        #expect(try await f.ledger.currentICP(icp, in: t.workspace)?.definition == d)
        #expect(try await f.ledger.revision(1, of: icp, in: t.workspace).definition == d)
    }

    @Test("one tenant's read models are invisible to another")
    func tenantIsolation() async throws {
        let f = try await Fixture.make()
        let a = try await f.team()
        let b = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: a.workspace, owner: a.editor, definition: SampleICPs.fintechPlatforms, by: a.editor)
        #expect(try await f.ledger.listICPs(in: b.workspace).isEmpty)
        #expect(try await f.ledger.revisionHistory(icp, in: b.workspace).isEmpty)
        await #expect(throws: LedgerError.self) {
            try await f.ledger.approve(icp, in: b.workspace, revision: 1, by: b.approver)
        }
    }
}
