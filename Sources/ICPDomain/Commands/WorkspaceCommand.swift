/// Commands handled by the workspace aggregate.
public enum WorkspaceCommand: Hashable, Sendable {
    /// Create a workspace; the actor becomes its first admin.
    case create(id: WorkspaceID, name: String, timeZone: String, fiscalYearStartMonth: Int)
    /// Change one or more settings (nil = leave unchanged). Admins only.
    case changeSettings(name: String?, timeZone: String?, fiscalYearStartMonth: Int?)
    /// Give a principal a role, replacing any previous one. Admins only.
    case grantRole(PrincipalID, WorkspaceRole)
    /// Take a principal's role away. Admins only; the last admin cannot be removed.
    case revokeRole(PrincipalID)
    /// Record that a person is erased from the workspace, taking away any role they hold. Admins only,
    /// and not themselves.
    case erase(PrincipalID)
    /// Replace the workspace's field mapping (an empty one clears it). Admins only.
    case setFieldMapping(FieldMapping)
    /// Record an imported pipeline snapshot's aggregates. Editors and above.
    case recordPipelineSnapshot(snapshotId: SnapshotID, day: CalendarDay, contentHash: String, rows: Int, skippedRows: Int, fits: [PipelineFit])
    /// Record a signed checkpoint of the workspace's log. Any member (the application asks admins for `checkpoint create`).
    case recordCheckpoint(size: Int, root: String, keyId: String, keyName: String, verifierKey: String, note: String)
}
