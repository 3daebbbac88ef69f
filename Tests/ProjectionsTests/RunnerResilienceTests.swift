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

/// Fault 5 of the hardening issue: the read-model runner must not stop for good on a transient error.
@Suite("The live read-model runner rides out transient failures", .serialized)
struct RunnerResilienceTests {
    @Test("a lock timeout while the projector writes is retried: the runner keeps running and applies the event once the lock is gone")
    func lockTimeoutIsRetried() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        // The runner's sessions give up on a lock after 100 ms, so a held lock becomes SQLSTATE 55P03.
        let system = PostgresPool(settings: f.db.system.with(["options": "-c lock_timeout=100"]), maxConnections: 2)
        let runner = ReadModelRunner(systemPool: system, pollInterval: .milliseconds(50))
        let running = Task { try await runner.run() }
        defer { running.cancel() }
        try await runner.catchUpToNewest()

        let blocker = try PostgresConnection(settings: f.db.owner)
        try blocker.query("BEGIN")
        // SHARE blocks the projector's writes without taking a transaction id (an ACCESS EXCLUSIVE lock
        // would take one, and the gap-safe feed would then rightly wait for this transaction).
        try blocker.query("LOCK TABLE icp_list IN SHARE MODE")
        let icp = ICPID()
        let drafted = DomainEvent.icpDrafted(
            ICPDrafted(
                icpId: icp, workspaceId: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms,
                draftedBy: t.editor, draftedAt: Timestamp(Date())))
        let encoded = try EventCodec.encode(drafted)
        let stream = StreamID(tenant: t.workspace.uuid, name: StreamName.icp(icp).description)
        let appended = try await EventStore(pool: f.db.appPool()).append(
            [NewEvent(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload, occurredAt: Date())],
            to: stream, expecting: .empty(for: stream))

        // While the lock is held the runner fails and retries; it does not stop.
        var sawRetrying = false
        for _ in 0..<100 where !sawRetrying {
            if case .retrying = runner.subscription.health.state.state { sawRetrying = true }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(sawRetrying, "the runner reported its retries")
        #expect(try await runner.subscription.status().cursor < appended.cursor)
        try blocker.query("COMMIT")

        var applied = false
        for _ in 0..<300 where !applied {
            applied = try await runner.subscription.status().cursor >= appended.cursor
            if !applied { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(applied, "the runner applied the event once the lock was released")
        #expect(try await f.ledger.listICPs(in: t.workspace).map(\.id) == [icp])
        // The health state turns back to running once the batch that succeeded has reported (it may lag
        // the checkpoint by a moment on a loaded machine).
        var recovered = false
        for _ in 0..<250 where !recovered {
            recovered = runner.subscription.health.state.state == .running
            if !recovered { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(recovered, "the runner reports itself running again")
        #expect(try await runner.status().haltedTenants.isEmpty, "a transient failure halts nobody")
        running.cancel()
        _ = await running.result
        await system.close()
    }

    @Test("a caller waiting for its write while another driver holds the checkpoint past the lock timeout waits on, and sees its write")
    func waitingOutABusyCheckpoint() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        // As in the service: the caller's catch-up and the live runner drive one subscription, and a
        // session gives up on a lock after its timeout (100 ms here, so a held checkpoint is 55P03).
        let system = PostgresPool(settings: f.db.system.with(["options": "-c lock_timeout=100"]), maxConnections: 2)
        let runner = ReadModelRunner(systemPool: system, pollInterval: .milliseconds(50))
        try await runner.catchUpToNewest()
        let icp = ICPID()
        let drafted = try EventCodec.encode(
            .icpDrafted(
                ICPDrafted(
                    icpId: icp, workspaceId: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms,
                    draftedBy: t.editor, draftedAt: Timestamp(Date()))))
        let stream = StreamID(tenant: t.workspace.uuid, name: StreamName.icp(icp).description)
        let appended = try await EventStore(pool: f.db.appPool()).append(
            [NewEvent(type: drafted.type, schemaVersion: drafted.schemaVersion, payload: drafted.payload, occurredAt: Date())],
            to: stream, expecting: .empty(for: stream))

        // Another driver's batch holds the checkpoint row, as the live runner's does while it writes.
        let driver = try PostgresConnection(settings: f.db.system)
        try driver.query("BEGIN")
        _ = try SubscriptionCheckpoint.lock(ReadModelRunner.subscriptionName, on: driver)
        let waiting = Task { try await runner.waitUntilApplied(appended.cursor, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(600))  // several lock timeouts
        try driver.query("COMMIT")
        try await waiting.value
        #expect(try await f.ledger.listICPs(in: t.workspace).map(\.id) == [icp])
        await system.close()
    }

    @Test("the runner's connections are killed: it reconnects and goes on")
    func connectionsKilled() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let system = PostgresPool(settings: f.db.system.with(["application_name": "runner-under-test"]), maxConnections: 2)
        let runner = ReadModelRunner(systemPool: system, pollInterval: .milliseconds(50))
        let running = Task { try await runner.run() }
        try await runner.catchUpToNewest()
        _ = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'runner-under-test'")
        }
        try await f.ledger.grantRole(.viewer, to: PrincipalID("late"), in: t.workspace, by: t.admin)
        let newest = try await f.db.withConnection(f.db.system) { c in
            try c.query("SELECT transaction_id::text, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1").single()
                .decode((UInt64, Int64).self)
        }
        var applied = false
        for _ in 0..<300 where !applied {
            applied = try await runner.subscription.status().cursor >= FeedCursor(transactionID: newest.0, position: newest.1)
            if !applied { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(applied)
        running.cancel()
        _ = await running.result
        #expect(runner.subscription.health.state.state == .stopped)
        await system.close()
    }
}
