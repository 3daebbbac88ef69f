/// Event `RevisionApproved` (schema v1): a second person (approver or admin, not an author) approved a revision.
public struct RevisionApproved: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.revisionApproved

    /// The ICP.
    public var icpId: ICPID
    /// The revision approved.
    public var revision: Int
    /// Who approved.
    public var approver: PrincipalID
    /// When.
    public var approvedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, revision: Int, approver: PrincipalID, approvedAt: Timestamp) {
        self.icpId = icpId
        self.revision = revision
        self.approver = approver
        self.approvedAt = approvedAt
    }
}
