import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import Projections
import SampleData
import TestFixtures
import Testing

@Suite("Read models and history", .serialized)
struct ReadModelTests {
    @Test("every read model shows the two-year demo history")
    func demoHistory() async throws {
        let f = try await Fixture.make()
        let today = Date()
        let outcome = try await DemoWorkspace.load(into: f.ledger.with(clock: { today }), name: "demo", today: today)
        guard case .loaded(let ws, let events) = outcome else {
            Issue.record("not loaded")
            return
        }
        #expect(events >= 50)
        #expect(try await DemoWorkspace.load(into: f.ledger, name: "demo", today: today) == .alreadyPresent(ws))

        let ledger = f.ledger.with(clock: { today })
        let list = try await ledger.listICPs(in: ws)
        #expect(list.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.experimental, .operating, .retired])
        let core = try #require(list.first { $0.status == .operating })
        let pilot = try #require(list.first { $0.status == .experimental })
        #expect(core.publishedRevision == 5 && core.latestRevision == 6 && core.openRevisions == 1)
        #expect(core.cadenceStatus == .fresh)
        #expect(pilot.cadenceStatus == .overdue)
        #expect(pilot.overdueAfterTheFactReviews == 0)

        let current = try #require(try await ledger.currentICP(core.id, in: ws))
        #expect(current.revision == 5)
        #expect(current.definition.disqualifiers.map(\.key) == ["region", "employees", "dataTeamSize"])
        #expect(current.definition.thresholds == TierThresholds(a: 75, b: 55, c: 35))

        let history = try await ledger.revisionHistory(core.id, in: ws)
        #expect(history.map(\.revision) == [1, 2, 3, 4, 5, 6])
        #expect(history.filter(\.inForce).map(\.revision) == [5])
        #expect(history[5].status == .proposed && history[5].approvers.isEmpty)
        #expect(history[1].evidence.count == 2 && history[1].revisionDistance > 0)
        #expect(history[1].diffSummary.contains("+disqualifier:employees"))

        let pilotHistory = try await ledger.revisionHistory(pilot.id, in: ws)
        #expect(pilotHistory.map(\.status) == [.published, .rejected, .emergencyPublished])
        #expect(pilotHistory[2].justification != nil && pilotHistory[2].inForce)

        let registry = try await ledger.disqualifierRegistry(in: ws)
        #expect(registry.count == 5)
        #expect(Set(registry.map(\.icpId)) == [core.id, pilot.id])

        let findings = try await ledger.findings(in: ws)
        #expect(Set(findings.map(\.audit)) == Set(AuditType.allCases))
        #expect(findings.filter { !$0.isResolved }.count == 1)
        #expect(findings.contains { $0.resolvedByRevision == 4 })

        let activity = try await ledger.activity(in: ws, limit: 5)
        #expect(activity.count == 5)
        // Newest first, each with the actor taken from the event's metadata.
        #expect(activity.map(\.recordedAt) == activity.map(\.recordedAt).sorted(by: >))
        #expect(activity.allSatisfy { $0.actor != nil })
        #expect(try await ledger.principals(in: ws).count == 5)
        #expect(try await ledger.workspace(named: "demo").id == ws)
    }

    @Test("a rebuild swaps in tables equal to the live read models, still tenant-isolated")
    func rebuildEqualsLive() async throws {
        let f = try await Fixture.make()
        let today = Date()
        guard case .loaded(let ws, _) = try await DemoWorkspace.load(into: f.ledger, name: "demo", today: today) else {
            Issue.record("not loaded")
            return
        }
        let live = try await f.snapshot()
        #expect((live["icp_revisions"] ?? []).count == 10)
        let indexes = try await f.indexes()
        #expect(indexes.contains { $0.hasPrefix("icp_revisions: primary CREATE UNIQUE INDEX ON t USING btree (tenant_id, icp_id, revision)") })
        #expect(indexes.contains { $0.hasPrefix("workspaces: CREATE INDEX ON t USING btree (name)") })
        let report = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system, batchSize: 25).run()
        #expect(report.events >= 50)
        let rebuilt = try await f.snapshot()
        #expect(rebuilt == live)
        #expect(try await f.indexes() == indexes, "the rebuilt tables have the live tables' indexes")
        // A second rebuild starts from tables that were themselves rebuilt.
        _ = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system).run()
        #expect(try await f.snapshot() == live)
        #expect(try await f.indexes() == indexes)

        // Policies and grants came back with the swapped-in tables.
        let other = WorkspaceID()
        let seen = try await f.db.withConnection(f.db.app) { connection in
            try connection.transaction { c in
                try EventStore.setTenant(other.uuid, on: c)
                return try c.query("SELECT count(*)::bigint FROM icp_list").single().column(0, as: Int64.self)
            }
        }
        #expect(seen == 0)
        let unscoped = try await f.db.withConnection(f.db.app) { c in
            try c.query("SELECT count(*)::bigint FROM icp_revisions").single().column(0, as: Int64.self)
        }
        #expect(unscoped == 0)
        #expect(try await f.ledger.listICPs(in: ws).count == 3)

        // The runner carries on from the swapped checkpoint.
        let core = try #require(try await f.ledger.listICPs(in: ws).first { $0.status == .operating })
        let maria = try await f.ledger.principal(named: "maria.chen", in: ws)
        try await f.ledger.approve(core.id, in: ws, revision: 6, by: maria)
        #expect(try await f.ledger.revision(6, of: core.id, in: ws).status == .approved)
    }

    @Test("a rebuild that meets an event it cannot fold halts that workspace there and rebuilds everything else")
    func rebuildHaltsOneWorkspace() async throws {
        let f = try await Fixture.make()
        guard case .loaded(let ws, _) = try await DemoWorkspace.load(into: f.ledger, name: "demo", today: Date()) else {
            Issue.record("not loaded")
            return
        }
        let other = try await f.team()
        try await f.ledger.runner.catchUpToNewest()
        let live = try await f.snapshot()
        let store = EventStore(pool: f.db.appPool())
        let stream = StreamID(tenant: ws.uuid, name: StreamName.icp(ICPID()).description)
        let poison = try await store.append(
            [NewEvent(type: "NoSuchEvent", payload: Data("{}".utf8), occurredAt: Date())],
            to: stream, expecting: .empty(for: stream))
        // Batches of 10 so that the failure lands while the reader still has events to hand on.
        let report = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system, batchSize: 10).run()
        #expect(report.halts.map(\.tenant) == [ws.uuid])
        #expect(report.halts.first?.cursor == poison.cursor)
        #expect(report.halts.first?.eventType == "NoSuchEvent")
        #expect(try await f.snapshot() == live, "everything before the poison, and every other workspace, is rebuilt")
        let status = try await f.ledger.runner.status()
        #expect(status.haltedTenants.map(\.tenant) == [ws.uuid])
        // The other workspace keeps working; the halted one stores its commands and says why it shows nothing new.
        try await f.ledger.grantRole(.viewer, to: PrincipalID("new.viewer"), in: other.workspace, by: other.admin)
        #expect(try await f.ledger.workspaceMembers(other.workspace).contains { $0.principal == PrincipalID("new.viewer") })
    }

    @Test("a rebuild started while an append is still open reads past it once it commits, and misses nothing")
    func rebuildWaitsForOpenAppend() async throws {
        let f = try await Fixture.make(on: .holdsTransactionsOpen)
        let t = try await f.team()
        func event(_ e: DomainEvent) throws -> NewEvent {
            let encoded = try EventCodec.encode(e)
            return NewEvent(
                type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload,
                metadata: EventMetadata(actor: t.admin.rawValue), occurredAt: Date())
        }
        // An append left open in its transaction: a grant on the workspace's stream…
        let pool = f.db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = StreamID(tenant: t.workspace.uuid, name: StreamName.workspace(t.workspace).description)
        let head = try await store.head(of: stream)
        let open = try PostgresConnection(settings: f.db.app)
        try open.query("BEGIN")
        try EventStore.setTenant(t.workspace.uuid, on: open)
        try EventStore.append(
            [
                event(
                    .roleGranted(
                        RoleGranted(
                            workspaceId: t.workspace, principal: PrincipalID("late.viewer"),
                            role: .viewer, grantedBy: t.admin)))
            ],
            to: stream, expecting: head, on: open)
        // …and a workspace created after it began, committed at once (so above the feed's horizon).
        let other = WorkspaceID()
        let otherStream = StreamID(tenant: other.uuid, name: StreamName.workspace(other).description)
        try await store.append(
            [
                event(
                    .workspaceCreated(
                        WorkspaceCreated(
                            workspaceId: other, name: "later", timeZone: "UTC",
                            fiscalYearStartMonth: 1, founder: t.admin,
                            createdAt: Timestamp(Date()))))
            ],
            to: otherStream, expecting: .empty(for: otherStream))

        let rebuild = Task { try await ReadModelRebuild(owner: f.db.owner, system: f.db.system, batchSize: 3).run() }
        try await Task.sleep(for: .milliseconds(300))
        try open.query("COMMIT")
        let report = try await rebuild.value
        let stored = try await f.db.withConnection(f.db.system) { c in
            try c.query("SELECT count(*)::bigint FROM events").single().column(0, as: Int.self)
        }
        #expect(report.events == stored)
        let first = try await f.snapshot()
        #expect(first["workspace_members"]?.contains { $0.contains("late.viewer") } == true)
        #expect(first["workspaces"]?.contains { $0.contains("later") } == true)
        _ = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system).run()
        #expect(try await f.snapshot() == first, "a rebuild with nothing in flight gives the same tables")
    }

    @Test("a workspace halted mid-stream by its projector resumes after a fix and ends equal to the live model and a rebuild")
    func haltedWorkspaceResumes() async throws {
        let f = try await Fixture.make()
        guard case .loaded(let demo, _) = try await DemoWorkspace.load(into: f.ledger, name: "demo", today: Date()) else {
            Issue.record("not loaded")
            return
        }
        let other = try await f.team()
        try await f.ledger.runner.catchUpToNewest()
        let live = try await f.snapshot()

        // Forget the read models and the checkpoints, then replay with a projector that cannot apply
        // the demo workspace's publications until it is "fixed".
        try await f.db.withConnection(f.db.system) { c in
            for table in ReadModelTable.allCases { try c.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table.name)")) }
            try c.query("DELETE FROM subscription_checkpoints WHERE subscription = \(ReadModelRunner.subscriptionName)")
        }
        let projector = ReadModelProjector()
        let fixed = Flag()
        let subscription = EventSubscription(
            name: ReadModelRunner.subscriptionName, pool: f.db.systemPool(),
            listenerSettings: nil, batchSize: 7
        ) { connection, events in
            if !fixed.isSet, events.contains(where: { $0.stream.tenant == demo.uuid && $0.type == "RevisionPublished" }) {
                throw InjectedFailure()
            }
            try projector.apply(events, on: connection)
        }
        try await subscription.catchUp()
        let halts = try await subscription.haltedTenants()
        #expect(halts.map(\.tenant) == [demo.uuid])
        #expect(halts.first?.eventType == "RevisionPublished")
        let partial = try await f.snapshot()
        #expect(partial != live)
        #expect(
            partial["workspace_members"]?.contains { $0.contains(other.workspace.description) } == true,
            "the other workspace was projected in full")

        fixed.set()
        #expect(try await subscription.resume(tenant: demo.uuid) == nil)
        #expect(try await subscription.haltedTenants().isEmpty)
        #expect(try await f.snapshot() == live)

        _ = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system).run()
        #expect(try await f.snapshot() == live)
    }
}

@Suite("Read models at scale", .serialized)
struct ScaleTests {
    @Test("over a synthetic feed of many workspaces, the live runner and a rebuild agree")
    func syntheticFeed() async throws {
        let f = try await Fixture.make()
        let total = TestEnvironment.settings.feedEvents
        let appended = try await SyntheticFeed.append(total: total, app: f.db.app)
        #expect(appended > total * 9 / 10)
        let clock = ContinuousClock()
        let start = clock.now
        try await f.ledger.runner.catchUpToNewest()
        let live = try await f.snapshot()
        let liveTime = clock.now - start
        #expect((live["icp_list"] ?? []).count == max(1, min(1000, total / 200)) * 4)
        let copyStart = clock.now
        let copied = try await f.db.withConnection(f.db.system) { c in
            try c.copyOut("COPY (SELECT * FROM events ORDER BY transaction_id, position) TO STDOUT") { _ in }
        }
        let copyTime = clock.now - copyStart
        let report = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system, batchSize: 1_000).run()
        print("synthetic feed: COPY out \(copied) rows in \(copyTime)")
        print(
            "synthetic feed: \(appended) events; live catch-up \(liveTime), rebuild \(report.duration) (read+fold \(report.readDuration), rows+copy \(report.writeDuration))"
        )
        #expect(report.events == appended)
        #expect(try await f.snapshot() == live)
    }
}
