/// The event-store stream of an aggregate: `workspace-<uuid>`, `icp-<uuid>` or `finding-<uuid>` (lowercase uuid).
public enum StreamName: Hashable, Sendable, CustomStringConvertible {
    /// A workspace stream.
    case workspace(WorkspaceID)
    /// An ICP stream.
    case icp(ICPID)
    /// A finding stream.
    case finding(FindingID)
    /// A workspace's schedule stream: the scheduler's notices (never an ICP's own stream).
    case schedule(WorkspaceID)

    /// Parses a stream name; nil when the prefix or uuid is not recognised.
    public init?(_ text: String) {
        guard let dash = text.firstIndex(of: "-") else { return nil }
        let prefix = text[..<dash]
        let rest = String(text[text.index(after: dash)...])
        guard rest == rest.lowercased() else { return nil }
        switch prefix {
        case "workspace":
            guard let id = WorkspaceID(rest) else { return nil }
            self = .workspace(id)
        case "icp":
            guard let id = ICPID(rest) else { return nil }
            self = .icp(id)
        case "finding":
            guard let id = FindingID(rest) else { return nil }
            self = .finding(id)
        case "schedule":
            guard let id = WorkspaceID(rest) else { return nil }
            self = .schedule(id)
        default: return nil
        }
    }

    /// The stream name text.
    public var description: String {
        switch self {
        case .workspace(let id): "workspace-\(id)"
        case .icp(let id): "icp-\(id)"
        case .finding(let id): "finding-\(id)"
        case .schedule(let id): "schedule-\(id)"
        }
    }
}
