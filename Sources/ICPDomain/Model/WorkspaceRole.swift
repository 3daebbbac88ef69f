/// The role a principal holds in a workspace; roles are ordered by power.
public enum WorkspaceRole: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// Can read everything, change nothing.
    case viewer
    /// Can draft ICPs, propose revisions, record findings and publish approved revisions.
    case editor
    /// Can additionally approve or reject revisions proposed by someone else.
    case approver
    /// Can additionally manage the workspace, grant roles and publish in an emergency.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .editor: 1
        case .approver: 2
        case .admin: 3
        }
    }

    /// True when this role is at least as powerful as `other`.
    public func includes(_ other: WorkspaceRole) -> Bool { rank >= other.rank }

    public static func < (lhs: WorkspaceRole, rhs: WorkspaceRole) -> Bool { lhs.rank < rhs.rank }
}
