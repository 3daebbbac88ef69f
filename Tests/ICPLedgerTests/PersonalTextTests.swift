import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import TestFixtures
import Testing

/// Free text that may name people (shared/DESIGN.md, "Personal data") is kept in the erasable side
/// table: events carry a reference, readers see the words, and erasing the author blanks them.
@Suite("Personal free text lives outside the hash chain")
struct PersonalTextTests {
    /// Every event payload of the database, as stored.
    func payloads(_ f: Fixture) async throws -> [String] {
        try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("SELECT canonical::text FROM events").map { try $0.column(0, as: String.self) }
        }
    }

    @Test(
        "approval and rejection comments, justifications, review notes, after-the-fact comments, retire reasons and finding decisions: references in the events, words for readers, erased with their author, chains valid"
    )
    func sideTable() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let ledger = f.ledger, ws = t.workspace
        let icp = ICPID()
        try await ledger.draftICP(icp, in: ws, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await ledger.approve(icp, in: ws, revision: 1, comment: "zq-approve: Dev checked it", by: t.approver)
        try await ledger.publish(icp, in: ws, revision: 1, effectiveOn: CalendarDay("2025-01-01")!, by: t.editor)
        var next = SampleICPs.fintechPlatforms
        next.disqualifiers.append(Disqualifier(key: "employees", op: .atMost, value: .number(20), reason: "Too small."))
        try await ledger.proposeDefinition(icp, in: ws, definition: next, rationale: "Small firms churn.", by: t.editor)
        try await ledger.reject(icp, in: ws, revision: 2, reason: "zq-reject: ask Dev", by: t.approver)
        try await ledger.proposeDefinition(icp, in: ws, definition: next, rationale: "Small firms churn, again.", by: t.editor)
        try await ledger.emergencyPublish(
            icp, in: ws, revision: 3, effectiveOn: CalendarDay("2025-01-01")!, justification: "zq-justify: board call", by: t.admin)
        try await ledger.completeAfterTheFactReview(icp, in: ws, revision: 3, outcome: .upheld, comment: "zq-after: fine", by: t.approver)
        try await ledger.recordReview(icp, in: ws, outcome: .reaffirmed, notes: "zq-review: Dev agrees", by: t.approver)
        let finding = try #require(
            try await ledger.recordFinding(
                in: ws, audit: .pipeline, summary: "Small firms stall.", severity: .medium, recommendation: "Disqualify.", icp: icp,
                by: t.editor
            ).state?.id)
        try await ledger.resolveFinding(finding, in: ws, resolution: .decision("zq-resolve: accepted by Dev"), by: t.approver)
        try await ledger.retire(icp, in: ws, reason: "zq-retire: merged", by: t.admin)

        for payload in try await payloads(f) {
            #expect(!payload.contains("zq-"), "an event holds the words: \(payload)")
        }
        let revisions = try await ledger.revisionHistory(icp, in: ws)
        #expect(revisions[0].approvalNotes.map(\.comment) == ["zq-approve: Dev checked it"])
        #expect(revisions[1].rejectionReason == "zq-reject: ask Dev")
        #expect(revisions[2].justification == "zq-justify: board call")
        #expect(try await ledger.findings(in: ws).first?.resolutionText == "zq-resolve: accepted by Dev")
        #expect(try await ledger.listICPs(in: ws).first?.retiredReason == "zq-retire: merged")
        let activity = try await ledger.icpActivity(icp, in: ws)
        let noted = Set(activity.flatMap { ($0.notes ?? [:]).values })
        #expect(noted.isSuperset(of: ["zq-after: fine", "zq-review: Dev agrees", "zq-approve: Dev checked it"]), "\(noted)")

        let report = try await ledger.erasePrincipal(t.approver, in: ws, by: t.admin)
        #expect(report.notesErased == 5, "approve, reject, after-the-fact, review, resolve: \(report)")
        #expect(report.keptFreeText["RevisionApproved"] == nil, "the approval's comment is erasable: \(report)")
        let erased = try await ledger.revisionHistory(icp, in: ws)
        #expect(erased[0].approvalNotes.map(\.comment) == ["(removed: its author was erased)"])
        #expect(erased[1].rejectionReason == "(removed: its author was erased)")
        #expect(erased[2].justification == "zq-justify: board call", "the admin's words stay")
        #expect(try await ledger.findings(in: ws).first?.resolutionText == "(removed: its author was erased)")
        let left = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("SELECT body FROM personal_notes WHERE body <> '' ORDER BY body").map { try $0.column(0, as: String.self) }
        }
        #expect(left == ["zq-justify: board call", "zq-retire: merged"])
        let pool = f.db.systemPool()
        defer { Task { await pool.close() } }
        #expect(try await ChainVerifier(pool: pool).verify().isIntact)
    }

    @Test("a note edited behind the service's back no longer matches its reference and is not shown")
    func alteredNote() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, comment: "Looks right.", by: t.approver)
        _ = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("UPDATE personal_notes SET body = 'Looks wrong.'")
        }
        #expect(try await f.ledger.revision(1, of: icp, in: t.workspace).approvalNotes.map(\.comment) == ["(note unavailable: missing or altered)"])
    }
}
