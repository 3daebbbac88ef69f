import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

/// What a checkpoint adds to the hash chain: someone with rights over the database can rewrite an
/// event and recompute every later hash, and `verify` finds nothing; the Merkle root of a
/// checkpoint signed earlier no longer matches, and no consistency proof can join the two.
@Suite("A rewritten history passes verify but not an earlier checkpoint", .serialized)
struct CheckpointTamperTests {
    static let ids = (1...3).map { _ in UUID() }

    @Test("an event rewritten with every later hash recomputed: verify passes, the earlier checkpoint's root does not")
    func rewriteWithRecomputedChain() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        let events = (1...3).map { Fixtures.event($0, id: Self.ids[$0 - 1]) }
        try await store.append(events, to: stream, expecting: .empty(for: stream))
        let before = try await readUntil(atLeast: 3) { try await store.tenantLog(stream.tenant).leaves }
        let root = MerkleTree.root(before)

        // The rewrite: event 2 says something else; 2 and 3 get new hashes and links.
        var forged = events
        forged[1] = Fixtures.event(2, id: Self.ids[1], payload: #"{"n":2,"note":"rewritten"}"#)
        var previous = CanonicalEvent.genesisHash
        var updates = ""
        for (offset, event) in forged.enumerated() {
            let canonical = CanonicalEvent.encode(
                event, metadata: CanonicalEvent.metadataJSON(event.metadata), stream: stream, version: Int64(offset + 1), previousHash: previous)
            let hash = CanonicalEvent.hash(canonical)
            let text = String(decoding: canonical, as: UTF8.self).replacingOccurrences(of: "'", with: "''")
            updates += """
                UPDATE events SET canonical = '\(text)', hash = '\\x\(hash.map { String(format: "%02x", $0) }.joined())'::bytea,
                    previous_hash = '\\x\(previous.map { String(format: "%02x", $0) }.joined())'::bytea
                WHERE tenant_id = '\(stream.tenant)' AND stream_id = '\(stream.name)' AND stream_version = \(offset + 1);

                """
            previous = hash
        }
        let script = updates
        try await db.withConnection(db.superuser) { connection in
            try connection.transaction { connection in
                try connection.query("ALTER TABLE events DISABLE TRIGGER USER")
                try connection.execute(script: script)
                try connection.query("ALTER TABLE events ENABLE TRIGGER USER")
            }
        }

        let systemPool = db.systemPool()
        defer { Task { await systemPool.close() } }
        let report = try await ChainVerifier(pool: systemPool).verify()
        #expect(report.isIntact, "the chain was recomputed, so verify finds nothing: \(report.breaks)")
        let readBack = try await store.readStream(stream)
        #expect(String(decoding: readBack.events[1].payload, as: UTF8.self).contains("rewritten"))

        let after = try await store.tenantLog(stream.tenant)
        #expect(after.leaves.count == 3)
        #expect(MerkleTree.root(after.leaves) != root, "the checkpoint signed before the rewrite no longer matches")
        #expect(after.leaves[0] == before[0] && after.leaves[1] != before[1], "the first differing event is the rewritten one")
        let proof = MerkleTree.consistencyProof(from: 3, after.leaves)
        #expect(!MerkleTree.isConsistent(oldSize: 3, oldRoot: root, newSize: 3, newRoot: after.root, proof: proof))
    }
}
