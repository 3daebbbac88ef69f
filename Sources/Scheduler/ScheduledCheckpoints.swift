public import EventStore
public import Foundation
import ICPDomain
import Postgres
import Synchronization

/// What the scheduler needs to checkpoint each workspace's log on a schedule: the key that signs,
/// and how long a checkpoint stands before the next (when anything new was recorded since).
public struct CheckpointSchedule: Sendable {
    public var signer: CheckpointSigner
    /// Seconds between two checkpoints of one workspace.
    public var interval: TimeInterval
    /// When each workspace is next worth a look: the scheduler runs every few seconds, and a
    /// workspace whose last checkpoint is younger than the interval needs no query until then.
    let nextLook = NextLook()

    public init(signer: CheckpointSigner, interval: TimeInterval) {
        self.signer = signer
        self.interval = interval
    }

    final class NextLook: Sendable {
        let times = Mutex<[WorkspaceID: Date]>([:])
        func isDue(_ workspace: WorkspaceID, at moment: Date) -> Bool { times.withLock { $0[workspace].map { moment >= $0 } ?? true } }
        func set(_ workspace: WorkspaceID, _ date: Date) { times.withLock { $0[workspace] = date } }
    }
}

extension ReviewScheduler {
    /// Records a checkpoint of the workspace's log when its last checkpoint (by any key or person)
    /// is `interval` old and anything but checkpoints was recorded after it — or when it has none.
    /// Appended to the workspace stream by the scheduler (actor `scheduler`) under its lease, as its
    /// notices are. Returns whether one was recorded.
    func checkpointIfDue(_ workspace: WorkspaceID, schedule: CheckpointSchedule, at moment: Date, lease: SchedulerLease) async throws -> Bool {
        guard schedule.nextLook.isDue(workspace, at: moment) else { return false }
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
            guard moment.timeIntervalSince(last.0) >= schedule.interval else {
                schedule.nextLook.set(workspace, last.0.addingTimeInterval(schedule.interval))
                return false
            }
            let anythingNew = try await pool.withConnection { connection in
                try connection.query(
                    """
                    SELECT EXISTS (SELECT 1 FROM events
                                   WHERE tenant_id = \(workspace.uuid) AND recorded_at > \(last.1) AND event_type <> \(kind))
                    """
                ).single().column(0, as: Bool.self)
            }
            // Nothing new: look again in a while, not every round.
            guard anythingNew else {
                schedule.nextLook.set(workspace, moment.addingTimeInterval(min(schedule.interval, 600)))
                return false
            }
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
                schedule.nextLook.set(workspace, moment.addingTimeInterval(schedule.interval))
                return true
            } catch EventStoreError.versionConflict where attempt < 3 {
                continue  // someone appended meanwhile: the checkpoint still covers a prefix, so it stands
            }
        }
        return false
    }
}
