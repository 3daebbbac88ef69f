/// Event `RevisionApproved` (schema v1): a second person (approver or admin, not an author) approved a revision.
///
/// `comment` was added to v1 as an optional field: events stored before it decode with `nil`,
/// so no upcaster or new schema version is needed.
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
    /// What the approver said, if anything.
    public var comment: String?

    /// Creates the payload.
    public init(icpId: ICPID, revision: Int, approver: PrincipalID, approvedAt: Timestamp, comment: String? = nil) {
        self.icpId = icpId
        self.revision = revision
        self.approver = approver
        self.approvedAt = approvedAt
        self.comment = comment
    }
}
