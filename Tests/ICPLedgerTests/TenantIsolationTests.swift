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

/// Fault 1 of the hardening issue: one workspace's bad data must never stop another workspace.
@Suite("One workspace's bad data never stops another", .serialized)
struct TenantIsolationTests {
    /// A drafted and approved ICP in a workspace of the team.
    func approvedICP(_ f: Fixture, _ t: Team) async throws -> ICPID {
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        return icp
    }

    @Test("a day PostgreSQL cannot store is refused by the domain, and stores nothing; another workspace carries on")
    func yearZeroRefused() async throws {
        let f = try await Fixture.make()
        let a = try await f.team(), b = try await f.team()
        let icp = try await approvedICP(f, a)
        let year0 = CalendarDay(daysSinceEpoch: CalendarDay(year: 1, month: 1, day: 1)!.daysSinceEpoch - 200)
        #expect(year0.year == 0)
        await #expect(throws: LedgerError.self) {
            try await f.ledger.publish(icp, in: a.workspace, revision: 1, effectiveOn: year0, backdated: true, by: a.editor)
        }
        #expect(try await f.ledger.revision(1, of: icp, in: a.workspace).status == .approved)
        try await f.ledger.grantRole(.viewer, to: PrincipalID("new.viewer"), in: b.workspace, by: b.admin)
        #expect(try await f.ledger.workspaceMembers(b.workspace).contains { $0.principal == PrincipalID("new.viewer") })
        #expect(try await f.ledger.runner.status().haltedTenants.isEmpty)
    }

    @Test(
        "an event stored before the limits existed halts its own workspace only: others keep projecting, its commands say why, a rebuild completes for the rest"
    )
    func storedPoisonHaltsOneWorkspace() async throws {
        let f = try await Fixture.make()
        let a = try await f.team(), b = try await f.team()
        let icp = try await approvedICP(f, a)
        let before = try await f.snapshot()

        // Written behind the domain's back, as an older version could have stored it.
        let poison = DomainEvent.revisionPublished(
            RevisionPublished(
                icpId: icp, revision: 1, effectiveOn: try #require(CalendarDay(year: 0, month: 6, day: 1)), publishedBy: a.editor,
                publishedAt: Timestamp(Date())))
        let encoded = try EventCodec.encode(poison)
        let store = EventStore(pool: f.db.appPool())
        let stream = StreamID(tenant: a.workspace.uuid, name: StreamName.icp(icp).description)
        let stored = try await store.append(
            [
                NewEvent(
                    type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload,
                    metadata: EventMetadata(actor: a.editor.rawValue), occurredAt: Date())
            ],
            to: stream, expecting: try await store.head(of: stream))

        // The healthy workspace's commands go through, and show, as if nothing happened.
        try await f.ledger.grantRole(.viewer, to: PrincipalID("new.viewer"), in: b.workspace, by: b.admin)
        #expect(try await f.ledger.workspaceMembers(b.workspace).contains { $0.principal == PrincipalID("new.viewer") })
        let otherICP = try await approvedICP(f, b)
        try await f.ledger.publish(otherICP, in: b.workspace, revision: 1, effectiveOn: CalendarDay(Date(), in: .gmt), by: b.editor)

        // The sick workspace stores its commands and says why they do not show.
        do {
            try await f.ledger.recordFinding(in: a.workspace, audit: .pipeline, summary: "Stalls.", severity: .low, recommendation: "", by: a.editor)
            Issue.record("a command in the halted workspace reported success")
        } catch let halted as ProjectionHalted {
            let halt = try #require(halted.halt)
            #expect(halt.tenant == a.workspace.uuid && halt.cursor == stored.cursor && halt.eventType == "RevisionPublished")
            #expect(halted.description.contains("0000-06-01"), "\(halted)")
        }
        #expect(try await f.ledger.projectionHalt(in: a.workspace)?.cursor == stored.cursor)
        #expect(try await f.ledger.projectionHalt(in: b.workspace) == nil)
        let status = try await f.ledger.runner.status()
        #expect(status.haltedTenants.map(\.tenant) == [a.workspace.uuid])
        #expect(status.haltReason == nil)

        // The halted workspace's models stay at what came before the event.
        let live = try await f.snapshot()
        let tenantA = a.workspace.description
        #expect(live.mapValues { $0.filter { $0.contains(tenantA) } } == before.mapValues { $0.filter { $0.contains(tenantA) } })

        // A rebuild completes for everyone else, names what it could not apply, and agrees with the live models.
        let report = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system).run()
        #expect(report.halts.map(\.tenant) == [a.workspace.uuid])
        #expect(report.halts.first?.cursor == stored.cursor)
        #expect(try await f.snapshot() == live)
        #expect(try await f.ledger.runner.status().haltedTenants.map(\.tenant) == [a.workspace.uuid])
        try await f.ledger.grantRole(.viewer, to: PrincipalID("after.rebuild"), in: b.workspace, by: b.admin)
    }

    @Test("workspace names are unique ignoring case and surrounding spaces, even when created at once")
    func uniqueNames() async throws {
        let f = try await Fixture.make()
        let admin = PrincipalID("founder")
        try await f.ledger.createWorkspace(name: "Acme Labs", by: admin)
        for clash in ["acme labs", "  ACME LABS  ", "Acme Labs"] {
            do {
                try await f.ledger.createWorkspace(name: clash, by: admin)
                Issue.record("'\(clash)' was accepted")
            } catch LedgerError.workspaceNameTaken {
            }
        }
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do {
                        try await f.ledger.createWorkspace(name: "Race", by: admin)
                        return true
                    } catch LedgerError.workspaceNameTaken {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 1)
        let events = try await f.db.withConnection(f.db.system) { c in
            try c.query("SELECT count(*)::int FROM events WHERE event_type = 'WorkspaceCreated'").single().column(0, as: Int.self)
        }
        #expect(events == 2, "a refused name stores no event")
    }
}
