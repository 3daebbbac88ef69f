import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import PostgresTestSupport
import Testing

/// Signed checkpoints of a workspace's log, recorded as events; each later one extends the earlier.
@Suite("Checkpoints of a workspace's log")
struct CheckpointTests {
    @Test("an admin signs a checkpoint over every event so far; it opens with the public key; it is recorded; the next one extends it")
    func signAndExtend() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let signer = try CheckpointSigner(name: "acme-ledger")
        // The feed horizon is the cluster's (another test's open transaction can hold it back), so
        // the workspace's four events are waited for before and compared after.
        _ = try await readUntil(atLeast: 4) { try await f.ledger.store.tenantLog(t.workspace.uuid).leaves }

        let first = try await f.ledger.checkpoint(t.workspace, signer: signer, by: t.admin)
        let events = try await readUntil(atLeast: first.checkpoint.size) { try await f.ledger.store.readAll(after: .start, tenant: t.workspace.uuid) }
        #expect(first.checkpoint.size >= 4 && first.checkpoint.origin == "icpledger/\(t.workspace)")
        #expect(first.checkpoint.root == MerkleTree.root(events.prefix(first.checkpoint.size).map { MerkleTree.leafHash($0.hash) }))
        #expect(try signer.verifier.open(first.note) == first.checkpoint)
        let recorded = try await f.ledger.checkpoints(in: t.workspace)
        #expect(recorded.map(\.root) == [first.checkpoint.root.description] && recorded.first?.note == first.note)
        #expect(recorded.first?.keyId == signer.verifier.keyID && recorded.first?.checkpointedBy == t.admin)
        #expect(recorded.first?.verifierKey == signer.verifier.text)

        // People come and go — an erasure included — and the first checkpoint still holds.
        try await f.ledger.revokeRole(of: t.approver2, in: t.workspace, by: t.admin)
        _ = try await f.ledger.erasePrincipal(t.approver2, in: t.workspace, by: t.admin)
        _ = try await readUntil(atLeast: first.checkpoint.size + 3) { try await f.ledger.store.tenantLog(t.workspace.uuid).leaves }
        let second = try await f.ledger.checkpoint(t.workspace, signer: signer, by: t.admin)
        #expect(second.checkpoint.size > first.checkpoint.size)
        let leaves = try await f.ledger.store.tenantLog(t.workspace.uuid).leaves
        let proof = MerkleTree.consistencyProof(from: first.checkpoint.size, Array(leaves.prefix(second.checkpoint.size)))
        #expect(
            MerkleTree.isConsistent(
                oldSize: first.checkpoint.size, oldRoot: first.checkpoint.root, newSize: second.checkpoint.size, newRoot: second.checkpoint.root,
                proof: proof))
    }

    @Test("only admins sign checkpoints; nothing is recorded for anyone else")
    func adminsOnly() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let signer = try CheckpointSigner(name: "acme-ledger")
        await #expect(throws: LedgerError.self) { try await f.ledger.checkpoint(t.workspace, signer: signer, by: t.editor) }
        #expect(try await f.ledger.checkpoints(in: t.workspace).isEmpty)
    }
}
