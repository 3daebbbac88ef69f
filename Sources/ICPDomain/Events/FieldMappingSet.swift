/// Event `FieldMappingSet` (schema v1): the workspace's field mapping — how its CRM exports' columns
/// feed its ICPs' keys — was replaced (an empty mapping clears it). Kept in the workspace's stream,
/// so every change is in the history.
public struct FieldMappingSet: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.fieldMappingSet

    public var workspaceId: WorkspaceID
    /// The whole mapping now in use.
    public var mapping: FieldMapping
    /// Who set it.
    public var setBy: PrincipalID
    /// When.
    public var setAt: Timestamp

    /// Creates the payload.
    public init(workspaceId: WorkspaceID, mapping: FieldMapping, setBy: PrincipalID, setAt: Timestamp) {
        self.workspaceId = workspaceId
        self.mapping = mapping
        self.setBy = setBy
        self.setAt = setAt
    }
}
