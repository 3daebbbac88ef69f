/// Event `RevisionRejected` (schema v1): a revision was rejected and is closed.
public struct RevisionRejected: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.revisionRejected

    /// The ICP.
    public var icpId: ICPID
    /// The revision rejected.
    public var revision: Int
    /// Who rejected.
    public var rejectedBy: PrincipalID
    /// Why.
    public var reason: String
    /// When.
    public var rejectedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, revision: Int, rejectedBy: PrincipalID, reason: String, rejectedAt: Timestamp) {
        self.icpId = icpId
        self.revision = revision
        self.rejectedBy = rejectedBy
        self.reason = reason
        self.rejectedAt = rejectedAt
    }
}
