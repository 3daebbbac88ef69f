public import EventStore
import Foundation
public import ICPDomain
import Postgres

extension Ledger {
    /// The inclusion proof that the event publishing `revision` of `icp` (emergency or not) is in
    /// the latest checkpoint that covers it (any member): what a board member checks a revision a
    /// report cites against, with `icpledger verify --proof` and the service's public key.
    ///
    /// The log is read as checkpoints cover it; when its first `size` events no longer hash to the
    /// recorded root, the history was changed after the checkpoint and no proof is given.
    public func inclusionProof(of revision: Int, icp: ICPID, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> InclusionProof {
        _ = try await requireRole(.viewer, actor, in: workspace, to: "read proofs of the log")
        let history = try await store.tenantHistory(workspace.uuid, waitingUpTo: .seconds(30))
        var found: (index: Int, id: UUID)? = nil
        var checkpoints: [LogCheckpointed] = []
        let published = [EventKind.revisionPublished.rawValue, EventKind.revisionEmergencyPublished.rawValue]
        for (index, recorded) in history.events.enumerated() {
            guard published.contains(recorded.type) || recorded.type == EventKind.logCheckpointed.rawValue else { continue }
            switch try EventCodec.decode(type: recorded.type, schemaVersion: recorded.schemaVersion, payload: recorded.payload) {
            case .revisionPublished(let e) where e.icpId == icp && e.revision == revision: found = (index, recorded.id)
            case .revisionEmergencyPublished(let e) where e.icpId == icp && e.revision == revision: found = (index, recorded.id)
            case .logCheckpointed(let e): checkpoints.append(e)
            default: break
            }
        }
        guard let found else { throw LedgerError.notProvable("revision \(revision) of this ICP was never published: there is nothing to prove") }
        guard let checkpoint = checkpoints.last(where: { $0.size > found.index }) else {
            throw LedgerError.notProvable(
                "no checkpoint covers revision \(revision)'s publication yet: make one (icpledger checkpoint create, or a board report), then ask again"
            )
        }
        let leaves = Array(history.log.leaves.prefix(checkpoint.size))
        guard leaves.count == checkpoint.size, MerkleTree.root(leaves).description == checkpoint.root else {
            throw LedgerError.notProvable(
                "the log no longer matches its checkpoint of \(checkpoint.size) events: it was changed after it; export it and run verify --offline")
        }
        let canonical = try await read(workspace) { connection in
            try connection.query("SELECT canonical FROM events WHERE tenant_id = \(workspace.uuid) AND event_id = \(found.id)").single()
                .column(0, as: String.self)
        }
        return InclusionProof(
            origin: Self.checkpointOrigin(workspace), index: found.index, size: checkpoint.size, canonical: canonical,
            hash: history.events[found.index].hash, proof: MerkleTree.inclusionProof(index: found.index, leaves), checkpoint: checkpoint.note)
    }
}
