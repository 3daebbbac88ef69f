/// One seat in the buying committee and the pain that seat owns. Roles, not people.
public struct CommitteeRole: Hashable, Sendable, Codable {
    /// The part the seat plays.
    public var kind: CommitteeRoleKind
    /// The problem this seat personally feels and wants solved.
    public var pain: String

    /// Creates a committee role.
    public init(kind: CommitteeRoleKind, pain: String) {
        self.kind = kind
        self.pain = pain
    }
}
