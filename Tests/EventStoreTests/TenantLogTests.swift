import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// The log a checkpoint covers: one tenant's event hashes in feed order, final below the horizon.
@Suite("A tenant's log for checkpoints")
struct TenantLogTests {
    @Test("a tenant's log is its own events' hashes in feed order; it only ever grows; an open transaction's events wait")
    func leavesInFeedOrder() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let tenant = UUID()
        let first = Fixtures.stream(tenant: tenant), second = Fixtures.stream(tenant: tenant), stranger = Fixtures.stream()
        try await store.append([Fixtures.event(1), Fixtures.event(2)], to: first, expecting: .empty(for: first))
        try await store.append([Fixtures.event(3)], to: stranger, expecting: .empty(for: stranger))
        try await store.append([Fixtures.event(4)], to: second, expecting: .empty(for: second))
        try await store.append([Fixtures.event(5)], to: first, expectedVersion: 2)

        // The feed horizon is the cluster's: another test's open transaction can hold it back a while.
        let feed = try await readUntil(atLeast: 4) { try await store.readAll(after: .start, tenant: tenant) }
        #expect(feed.count == 4)
        _ = try await readUntil(atLeast: 4) { try await store.tenantLog(tenant).leaves }
        let log = try await store.tenantLog(tenant)
        #expect(log.leaves == feed.map { MerkleTree.leafHash($0.hash) })
        #expect(log.through == feed.last?.cursor)
        #expect(try await store.tenantLog(UUID()).leaves.isEmpty)

        // An append whose transaction is still open is not covered yet (it may still commit with a
        // lower position than later events); once it commits, the old log is a prefix of the new one.
        let holder = try PostgresConnection(settings: db.app)
        try holder.query("BEGIN")
        try EventStore.setTenant(tenant, on: holder)
        let third = Fixtures.stream(tenant: tenant)
        _ = try EventStore.append([Fixtures.event(6)], to: third, expecting: .empty(for: third), on: holder)
        try await store.append([Fixtures.event(7)], to: first, expectedVersion: 3)
        let during = try await store.tenantLog(tenant)
        #expect(during.leaves == log.leaves, "nothing past the open transaction is covered")
        try holder.query("COMMIT")
        _ = try await readUntil(atLeast: 6) { try await store.tenantLog(tenant).leaves }
        let after = try await store.tenantLog(tenant)
        #expect(after.leaves.count == 6 && Array(after.leaves.prefix(4)) == log.leaves)
        let proof = MerkleTree.consistencyProof(from: log.leaves.count, after.leaves)
        #expect(MerkleTree.isConsistent(oldSize: log.leaves.count, oldRoot: log.root, newSize: 6, newRoot: after.root, proof: proof))
    }
}
