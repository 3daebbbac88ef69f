public import EventStore
public import Foundation
public import ICPDomain
import Postgres

/// What the scheduler needs to checkpoint each workspace's log on a schedule: the key that signs,
/// and how long a checkpoint stands before the next (when anything new was recorded since).
public struct CheckpointSchedule: Sendable {
    public var signer: CheckpointSigner
    /// Seconds between two checkpoints of one workspace.
    public var interval: TimeInterval

    public init(signer: CheckpointSigner, interval: TimeInterval) {
        self.signer = signer
        self.interval = interval
    }
}

extension ReviewScheduler {
    /// Records a checkpoint of the workspace's log when its last checkpoint (by any key or person)
    /// is `interval` old and anything but checkpoints was recorded after it — or when it has none.
    /// Appended to the workspace stream by the scheduler (actor `scheduler`) under its lease, as its
    /// notices are. Returns whether one was recorded.
    func checkpointIfDue(_ workspace: WorkspaceID, schedule: CheckpointSchedule, at moment: Date, lease: SchedulerLease) async throws -> Bool {
        let stream = StreamID(tenant: workspace.uuid, name: StreamName.workspace(workspace).description)
        let kind = EventKind.logCheckpointed.rawValue
        // The latest checkpoint, found from the stream's end through its key.
        let last = try await pool.withConnection { connection in
            try connection.query(
                """
                SELECT occurred_at, recorded_at FROM events
                WHERE tenant_id = \(workspace.uuid) AND stream_id = \(stream.name) AND event_type = \(kind)
                ORDER BY stream_version DESC LIMIT 1
                """
            ).first.map { try $0.decode((Date, Date).self) }
        }
        if let last {
            guard moment.timeIntervalSince(last.0) >= schedule.interval else { return false }
            let anythingNew = try await pool.withConnection { connection in
                try connection.query(
                    """
                    SELECT EXISTS (SELECT 1 FROM events
                                   WHERE tenant_id = \(workspace.uuid) AND recorded_at > \(last.1) AND event_type <> \(kind))
                    """
                ).single().column(0, as: Bool.self)
            }
            guard anythingNew else { return false }
        }
        let store = EventStore(pool: pool)
        let log = try await store.tenantLog(workspace.uuid)
        guard !log.leaves.isEmpty else { return false }
        let checkpoint = Checkpoint(origin: LogCheckpointed.origin(of: workspace), size: log.leaves.count, root: log.root, time: moment)
        let signer = schedule.signer
        let note = try signer.sign(checkpoint)
        let payload = LogCheckpointed(
            workspaceId: workspace, size: checkpoint.size, root: checkpoint.root.description, keyId: signer.verifier.keyID, keyName: signer.name,
            verifierKey: signer.verifier.text, note: note, checkpointedBy: PrincipalID("scheduler"), checkpointedAt: Timestamp(moment))
        let encoded = try EventCodec.encode(.logCheckpointed(payload))
        let event = NewEvent(
            type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload, metadata: EventMetadata(actor: "scheduler"),
            occurredAt: moment)
        for attempt in 1...3 {
            let head = try await store.head(of: stream)
            do {
                try await store.append([event], to: stream, expecting: head) { connection in try lease.check(on: connection) }
                return true
            } catch EventStoreError.versionConflict where attempt < 3 {
                continue  // someone appended meanwhile: the checkpoint still covers a prefix, so it stands
            }
        }
        return false
    }
}
