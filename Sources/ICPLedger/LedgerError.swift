import EventStore
public import ICPDomain

/// Why the application layer refused or could not finish a command or query.
public enum LedgerError: Error, Sendable, CustomStringConvertible {
    /// The domain refused the command (a client mistake: 4xx).
    case refused(DomainError)
    /// Someone changed the same stream first; re-read and decide again (409).
    case conflict(stream: String, expected: Int64, actual: Int64)
    /// No workspace with this name or id.
    case workspaceNotFound(String)
    /// A log export goes into a new folder, and this one exists.
    case exportFolderExists(String)
    /// Several workspaces carry this name; use the id.
    case ambiguousWorkspace(String, [WorkspaceID])
    /// No ICP with this name or id in the workspace.
    case icpNotFound(String)
    /// No principal with this name in the workspace.
    case principalNotFound(String)
    /// No such revision.
    case revisionNotFound(Int)
    /// The read model contradicts itself (a bug or a manual edit); `icpledger rebuild` repairs it.
    case inconsistentHistory(String)
    /// No checkpoint covers what a proof was asked for yet (or nothing to prove was found).
    case notProvable(String)
    /// Another workspace already has this name (compared ignoring case and surrounding spaces).
    case workspaceNameTaken(String)
    /// A person's name that cannot be registered (blank, too long, or with control characters).
    case invalidName([ValidationError])
    /// The stream is not at the version the caller decided on (`If-Match`); nothing was stored.
    case versionMismatch(current: Int64)

    public var description: String {
        switch self {
        case .refused(let error): error.message
        case .conflict(let stream, let expected, let actual):
            "\(stream) changed while you were working (version \(actual), not \(expected)); reload and try again"
        case .workspaceNotFound(let name): "there is no workspace '\(name)'"
        case .exportFolderExists(let path): "\(path) exists already; name a new folder for the export"
        case .ambiguousWorkspace(let name, let ids):
            "several workspaces are named '\(name)' (\(ids.map(\.description).joined(separator: ", "))); pass the id"
        case .icpNotFound(let name): "there is no ICP '\(name)' in this workspace"
        case .principalNotFound(let name): "there is no person '\(name)' in this workspace"
        case .revisionNotFound(let n): "there is no revision \(n)"
        case .inconsistentHistory(let detail): "the revision history read model is inconsistent (\(detail)); run icpledger rebuild"
        case .notProvable(let detail): detail
        case .workspaceNameTaken(let name):
            "a workspace named '\(TextEscaping.visible(name))' already exists (names are compared ignoring case and surrounding spaces)"
        case .invalidName(let errors): errors.map(\.message).joined(separator: " ")
        case .versionMismatch(let current): "the ICP changed: it is at version \(current) now; read it again and retry"
        }
    }
}
