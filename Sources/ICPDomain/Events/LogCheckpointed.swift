/// Event `LogCheckpointed` (schema v1): the workspace's log was checkpointed. Its events in feed
/// order, up to the last one final when the checkpoint was made, hash to `root` as RFC 9162 builds
/// a Merkle tree (`size` leaves); `note` is the checkpoint as issued — a C2SP signed note signed
/// with Ed25519 by a key kept outside the database — which anyone holding the public key can check
/// offline, and against which a later history must prove itself a continuation.
public struct LogCheckpointed: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.logCheckpointed
    public var workspaceId: WorkspaceID
    /// Events covered.
    public var size: Int
    /// The Merkle tree's root, 64 lower-case hex digits.
    public var root: String
    /// The signing key's id (8 hex digits) and name, and its public half as verifiers write it
    /// (`name+id+key`) — for the record: a verifier checks against the key it pinned itself.
    public var keyId: String
    public var keyName: String
    public var verifierKey: String
    /// The signed checkpoint, exactly as issued.
    public var note: String
    public var checkpointedBy: PrincipalID
    public var checkpointedAt: Timestamp

    /// Creates the payload.
    public init(
        workspaceId: WorkspaceID, size: Int, root: String, keyId: String, keyName: String, verifierKey: String, note: String,
        checkpointedBy: PrincipalID, checkpointedAt: Timestamp
    ) {
        self.workspaceId = workspaceId
        self.size = size
        self.root = root
        self.keyId = keyId
        self.keyName = keyName
        self.verifierKey = verifierKey
        self.note = note
        self.checkpointedBy = checkpointedBy
        self.checkpointedAt = checkpointedAt
    }
}

extension LogCheckpointed {
    /// The origin line of a workspace's checkpoints: `icpledger/<workspace id>`.
    public static func origin(of workspace: WorkspaceID) -> String { "icpledger/\(workspace.description)" }
}
