import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import TestFixtures
import Testing

@testable import Scheduler

@Suite("The review scheduler: notices recorded exactly once, by one leader at a time")
struct SchedulerTests {
    /// The schedule stream's notices of a workspace, in stream order.
    func notices(_ f: Fixture, _ workspace: WorkspaceID) async throws -> [ReviewNoticed] {
        let stream = StreamID(tenant: workspace.uuid, name: StreamName.schedule(workspace).description)
        return try await f.ledger.store.readStream(stream).events.map { event in
            guard
                case .reviewNoticed(let notice) = try EventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payload: event.payload)
            else { throw ScheduleDataError("not a notice: \(event.type)") }
            return notice
        }
    }

    /// Ends the current lease at once, as if its holder had been paused past its expiry.
    func expireLease(_ f: Fixture) async throws {
        _ = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("UPDATE scheduler_lease SET expires_at = clock_timestamp() - interval '1 second'")
        }
    }

    /// An ICP of `t`'s workspace drafted, approved and published on 6 January 2025 (review due 6 April).
    @discardableResult
    func publishedOn6January(_ f: Fixture, _ t: Team) async throws -> ICPID {
        f.on("2025-01-06")
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-06")!, by: t.editor)
        return icp
    }

    func line(_ n: ReviewNoticed) -> String {
        "\(n.icpId.description.prefix(8)) \(n.subject.rawValue) \(n.notice.rawValue) \(n.dueOn) \(n.noticedOn)"
    }

    @Test("two schedulers over a simulated quarter, with a takeover half-way: each flag and reminder exactly once; the ICP's version never moves")
    func twoInstancesOneQuarter() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = try await publishedOn6January(f, t)
        let icpVersion = try await f.ledger.store.head(of: StreamID(tenant: t.workspace.uuid, name: StreamName.icp(icp).description)).version

        let clock = f.clock
        let pool = f.db.systemPool()
        defer { Task { await pool.close() } }
        // Leases far longer than the test runs, so only the forced expiry below changes hands.
        let a = ReviewScheduler(pool: pool, leaseSeconds: 600, holder: "instance-a", now: { clock.now })
        let b = ReviewScheduler(pool: pool, leaseSeconds: 600, holder: "instance-b", now: { clock.now })
        var expected: [String] = []
        var day = CalendarDay("2025-01-06")!
        var leaders: [String] = []
        while day <= CalendarDay("2025-05-20")! {
            f.on(day.description)
            if day == CalendarDay("2025-03-01")!, let stalled = leaders.last {
                // The leader stalls past its lease; the other instance looks first and takes over.
                try await expireLease(f)
                let other = stalled == "instance-a" ? b : a
                #expect(try await other.runOnce().led)
            }
            async let first = a.runOnce()
            async let second = b.runOnce()
            let runs = try await [first, second]
            #expect(runs.filter(\.led).count == 1, "one leader on \(day)")
            if let led = zip(["instance-a", "instance-b"], runs).first(where: { $0.1.led }), leaders.last != led.0 { leaders.append(led.0) }
            let icps = try await a.scheduledICPs(t.workspace)
            for n in icps.flatMap({ ReviewNoticePlan.notices(for: $0, in: t.workspace, calendar: FiscalCalendar(timeZone: .gmt), now: clock.now) })
            where !expected.contains(line(n)) {
                expected.append(line(n))
            }
            day = day.adding(days: 1)
        }
        let recorded = try await notices(f, t.workspace).map(line)
        #expect(recorded == expected)
        #expect(Set(recorded).count == recorded.count, "nothing twice")
        #expect(
            recorded.map { String($0.dropFirst(9)) } == [
                "review dueSoon 2025-04-06 2025-03-23", "review reminder 2025-04-06 2025-03-30", "review reminder 2025-04-06 2025-04-06",
                "review flaggedStale 2025-04-06 2025-04-07", "review reminder 2025-04-06 2025-04-13", "review reminder 2025-04-06 2025-04-20",
                "review reminder 2025-04-06 2025-04-27", "review reminder 2025-04-06 2025-05-04", "review reminder 2025-04-06 2025-05-11",
                "review reminder 2025-04-06 2025-05-18",
            ])
        #expect(leaders.count == 2, "the lease changed hands once: \(leaders)")
        let epoch = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("SELECT epoch FROM scheduler_lease").single().column(0, as: Int64.self)
        }
        #expect(epoch == 2)
        let after = try await f.ledger.store.head(of: StreamID(tenant: t.workspace.uuid, name: StreamName.icp(icp).description)).version
        #expect(after == icpVersion, "a notice never changes the ICP's version")

        // A reaffirming review moves the due day: the flag ends and nothing more is recorded for the old one.
        f.on("2025-05-21")
        try await f.ledger.recordReview(icp, in: t.workspace, outcome: .reaffirmed, notes: "Still fits.", by: t.approver)
        f.on("2025-06-30")
        _ = try await a.runOnce()
        _ = try await b.runOnce()
        #expect(try await notices(f, t.workspace).count == recorded.count)
    }

    @Test("a leader paused past its lease writes nothing once another took over")
    func pausedLeader() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        try await publishedOn6January(f, t)
        f.on("2025-04-20")
        let pool = f.db.systemPool()
        defer { Task { await pool.close() } }
        let clock = f.clock
        let old = ReviewScheduler(pool: pool, leaseSeconds: 30, holder: "old", now: { clock.now })
        let new = ReviewScheduler(pool: pool, leaseSeconds: 30, holder: "new", now: { clock.now })
        guard case .leads(let stale) = try await pool.withConnection({ try SchedulerLease.acquire("old", seconds: 30, on: $0) }) else {
            Issue.record("the first holder did not lead")
            return
        }
        try await expireLease(f)
        guard case .leads(let current) = try await pool.withConnection({ try SchedulerLease.acquire("new", seconds: 30, on: $0) }) else {
            Issue.record("the second holder did not take over")
            return
        }
        #expect(current.epoch == stale.epoch + 1)
        // The old leader wakes up and tries to record with the lease it had.
        await #expect(throws: SchedulerError.leaseLost(holder: "old", epoch: stale.epoch)) {
            try await old.record(t.workspace, calendar: FiscalCalendar(timeZone: .gmt), at: clock.now, lease: stale)
        }
        #expect(try await notices(f, t.workspace).isEmpty, "the stale write was rolled back")
        // Renewing does not help it either while the new lease runs; the new leader records.
        #expect(try await old.runOnce().led == false)
        let run = try await new.runOnce()
        #expect(run.led && run.recorded > 0)
        // Even a holder with the same name gets a new epoch after expiry, so its old lease stays stale.
        try await expireLease(f)
        guard case .leads(let again) = try await pool.withConnection({ try SchedulerLease.acquire("old", seconds: 30, on: $0) }) else {
            Issue.record("the old holder could not take the expired lease")
            return
        }
        #expect(again.epoch == current.epoch + 1)
        await #expect(throws: SchedulerError.self) {
            try await pool.withConnection { connection in try connection.transaction { try stale.check(on: $0) } }
        }
    }

    @Test("one workspace's unusable data is reported and never stops another workspace's notices")
    func badWorkspace() async throws {
        let f = try await Fixture.make()
        let good = try await f.team(), bad = try await f.team()
        for t in [good, bad] { try await publishedOn6January(f, t) }
        _ = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("UPDATE workspaces SET time_zone = 'Mars/Olympus_Mons' WHERE tenant_id = \(bad.workspace.uuid)")
        }
        f.on("2025-04-20")
        let pool = f.db.systemPool()
        defer { Task { await pool.close() } }
        let clock = f.clock
        let run = try await ReviewScheduler(pool: pool, holder: "only", now: { clock.now }).runOnce()
        #expect(run.failures.keys.sorted() == [bad.workspace.description])
        #expect(run.failures.values.first?.contains("Mars/Olympus_Mons") == true)
        #expect(try await notices(f, good.workspace).count == 2, "the flag and the latest reminder (first looked after the due day)")
        #expect(try await notices(f, bad.workspace).isEmpty)
    }

    @Test("scheduled checkpoints: one when none exists, none while the last is younger than the interval or nothing new came, one after")
    func scheduledCheckpoints() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        try await publishedOn6January(f, t)
        let clock = f.clock
        let pool = f.db.systemPool()
        defer { Task { await pool.close() } }
        let signer = try CheckpointSigner(name: "scheduled")
        let scheduler = ReviewScheduler(
            pool: pool, leaseSeconds: 600, holder: "checkpointer", now: { clock.now },
            checkpoints: CheckpointSchedule(signer: signer, interval: 24 * 3600))
        func checkpoints() async throws -> [LogCheckpointed] { try await f.ledger.checkpoints(in: t.workspace) }

        f.on("2025-01-07")
        #expect(try await scheduler.runOnce().checkpoints == 1)
        let first = try #require(try await checkpoints().first)
        let opened = try signer.verifier.open(first.note)
        #expect(
            opened.origin == Ledger.checkpointOrigin(t.workspace) && opened.size == first.size && first.checkpointedBy == PrincipalID("scheduler"))
        let leaves = try await readUntil(atLeast: first.size) { try await f.ledger.store.tenantLog(t.workspace.uuid).leaves }
        #expect(MerkleTree.root(Array(leaves.prefix(first.size))).description == first.root)

        // Younger than a day: none; a day on with nothing new but the checkpoint itself: none.
        f.on("2025-01-07")
        #expect(try await scheduler.runOnce().checkpoints == 0)
        f.on("2025-01-09")
        #expect(try await scheduler.runOnce().checkpoints == 0)
        // Something new, and old enough: one more, covering the first.
        try await f.ledger.recordReview(
            try #require(try await f.ledger.listICPs(in: t.workspace).first?.id), in: t.workspace, outcome: .reaffirmed, notes: "Holds.", by: t.admin)
        f.on("2025-01-10")
        #expect(try await scheduler.runOnce().checkpoints == 1)
        let all = try await checkpoints()
        #expect(all.count == 2 && all[1].size > all[0].size)
        try await scheduler.release(after: try await scheduler.runOnce())
    }
}
