public import EventStore
public import Foundation
public import ICPDomain

/// A checkpoint of a workspace's log as issued: the checkpoint and its signed note.
public struct IssuedCheckpoint: Sendable, Hashable {
    public var checkpoint: Checkpoint
    /// The C2SP signed note: what a verifier checks against the pinned public key.
    public var note: String
    /// The signing key's id.
    public var keyId: String
}

extension Ledger {
    /// The origin line of a workspace's checkpoints.
    public static func checkpointOrigin(_ workspace: WorkspaceID) -> String { LogCheckpointed.origin(of: workspace) }

    /// Checkpoints the workspace's log (admins): every event final now, in feed order, hashed into
    /// an RFC 9162 Merkle tree whose size and root are signed with `signer`, then recorded as a
    /// ``LogCheckpointed`` event (which the next checkpoint covers).
    public func checkpoint(_ workspace: WorkspaceID, signer: CheckpointSigner, by actor: PrincipalID) async throws -> IssuedCheckpoint {
        _ = try await requireRole(.admin, actor, in: workspace, to: "record checkpoints of the log")
        return try await recordCheckpoint(of: try await store.tenantLog(workspace.uuid), in: workspace, signer: signer, by: actor)
    }

    /// Signs the checkpoint of `log` and records it as a ``LogCheckpointed`` event (the workspace
    /// decider lets any member record one; callers decide who may ask).
    func recordCheckpoint(
        of log: TenantLog, in workspace: WorkspaceID, signer: CheckpointSigner, by actor: PrincipalID
    ) async throws
        -> IssuedCheckpoint
    {
        let checkpoint = Checkpoint(origin: Self.checkpointOrigin(workspace), size: log.leaves.count, root: log.root, time: now())
        let note = try signer.sign(checkpoint)
        let keyId = signer.verifier.keyID
        _ = try await execute(
            WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor, retryOnConflict: true,
            .recordCheckpoint(
                size: checkpoint.size, root: checkpoint.root.description, keyId: keyId, keyName: signer.name, verifierKey: signer.verifier.text,
                note: note))
        return IssuedCheckpoint(checkpoint: checkpoint, note: note, keyId: keyId)
    }

    /// Every checkpoint recorded for the workspace, oldest first.
    public func checkpoints(in workspace: WorkspaceID) async throws -> [LogCheckpointed] {
        let events = try await store.readStream(Self.streamID(workspace, .workspace(workspace))).events
        return try events.filter { $0.type == EventKind.logCheckpointed.rawValue }.compactMap { event in
            guard
                case .logCheckpointed(let recorded) = try EventCodec.decode(
                    type: event.type, schemaVersion: event.schemaVersion, payload: event.payload)
            else { return nil }
            return recorded
        }
    }
}

extension Ledger {
    /// Writes the workspace's log for verification offline (admins) into `directory`, which must
    /// not exist yet: `events.jsonl` (``LogExport``), `origin.txt` (the name its checkpoints carry),
    /// `checkpoints/<size>.note` (every checkpoint recorded) and `keys.txt` (the public keys that
    /// signed them, for the record — a verifier pins its own). Returns how many events were written.
    public func exportLog(_ workspace: WorkspaceID, to directory: URL, by actor: PrincipalID) async throws -> Int {
        _ = try await requireRole(.admin, actor, in: workspace, to: "export the log")
        let files = FileManager.default
        guard !files.fileExists(atPath: directory.path) else { throw LedgerError.exportFolderExists(directory.path) }
        try files.createDirectory(at: directory.appending(path: "checkpoints"), withIntermediateDirectories: true)
        do {
            return try await writeExport(workspace, to: directory)
        } catch {
            try? files.removeItem(at: directory)  // the folder is this export's own: nothing half-written stays
            throw error
        }
    }

    func writeExport(_ workspace: WorkspaceID, to directory: URL) async throws -> Int {
        let files = FileManager.default
        let eventsPath = directory.appending(path: "events.jsonl").path
        guard files.createFile(atPath: eventsPath, contents: nil), let handle = FileHandle(forWritingAtPath: eventsPath) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: eventsPath])
        }
        defer { try? handle.close() }
        let count = try await appPool.withConnection { connection in
            try LogExport.write(tenant: workspace.uuid, on: connection) { try handle.write(contentsOf: Data($0)) }
        }
        try handle.synchronize()
        try Data((Self.checkpointOrigin(workspace) + "\n").utf8).write(to: directory.appending(path: "origin.txt"))
        var keys: [String] = []
        // A checkpoint made after the events were read may cover more than the export holds.
        for recorded in try await checkpoints(in: workspace) where recorded.size <= count {
            try Data(recorded.note.utf8).write(to: directory.appending(path: "checkpoints/\(recorded.size).note"))
            if !keys.contains(recorded.verifierKey) { keys.append(recorded.verifierKey) }
        }
        try Data(keys.map { $0 + "\n" }.joined().utf8).write(to: directory.appending(path: "keys.txt"))
        return count
    }
}
