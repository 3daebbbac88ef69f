/// The state of one workspace.
public struct WorkspaceState: Hashable, Sendable {
    /// The workspace id.
    public var id: WorkspaceID
    /// Display name.
    public var name: String
    /// IANA time zone identifier.
    public var timeZone: String
    /// First month of the fiscal year.
    public var fiscalYearStartMonth: Int
    /// Who holds which role.
    public var grants: [PrincipalID: WorkspaceRole]
    /// How the workspace's exports map onto its ICPs' keys.
    public var fieldMapping = FieldMapping()

    /// The role of a principal, if any.
    public func role(of principal: PrincipalID) -> WorkspaceRole? { grants[principal] }

    /// The number of admins.
    public var adminCount: Int { grants.values.filter { $0 == .admin }.count }
}
