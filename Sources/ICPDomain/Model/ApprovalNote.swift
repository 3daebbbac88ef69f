/// A comment an approver left with an approval, as revision histories show it.
public struct ApprovalNote: Hashable, Sendable, Codable {
    public var approver: PrincipalID
    public var comment: String
    public var approvedAt: Timestamp

    public init(approver: PrincipalID, comment: String, approvedAt: Timestamp) {
        self.approver = approver
        self.comment = comment
        self.approvedAt = approvedAt
    }
}
