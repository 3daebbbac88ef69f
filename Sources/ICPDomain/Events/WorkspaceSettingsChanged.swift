/// Event `WorkspaceSettingsChanged` (schema v1): workspace settings changed; only the fields that changed are present.
public struct WorkspaceSettingsChanged: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.workspaceSettingsChanged

    /// The workspace.
    public var workspaceId: WorkspaceID
    /// New name, if changed.
    public var name: String?
    /// New time zone identifier, if changed.
    public var timeZone: String?
    /// New fiscal-year start month, if changed.
    public var fiscalYearStartMonth: Int?

    /// Creates the payload.
    public init(workspaceId: WorkspaceID, name: String? = nil, timeZone: String? = nil, fiscalYearStartMonth: Int? = nil) {
        self.workspaceId = workspaceId
        self.name = name
        self.timeZone = timeZone
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }
}
