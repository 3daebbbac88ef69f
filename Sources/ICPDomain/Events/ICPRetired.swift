/// Event `ICPRetired` (schema v1): the ICP was retired and accepts no further commands.
public struct ICPRetired: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.icpRetired

    /// The ICP.
    public var icpId: ICPID
    /// Who retired it.
    public var retiredBy: PrincipalID
    /// Why.
    public var reason: String
    /// When.
    public var retiredAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, retiredBy: PrincipalID, reason: String, retiredAt: Timestamp) {
        self.icpId = icpId
        self.retiredBy = retiredBy
        self.reason = reason
        self.retiredAt = retiredAt
    }
}
