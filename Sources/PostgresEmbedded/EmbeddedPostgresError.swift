/// Why the embedded cluster could not be started, stopped or used — each a one-line message.
public enum EmbeddedPostgresError: Error, Sendable, CustomStringConvertible {
    case serverNotInstalled
    case systemUserMissing(String)
    case dataDirectoryUnusable(path: String, reason: String)
    case dataDirectoryOwnedByOtherUser(path: String, owner: String, expected: String)
    case versionMismatch(path: String, dataVersion: String, serverVersion: Int)
    case commandFailed(command: String, output: String)
    case notRunning(path: String)
    /// The socket folder exists but another user could have prepared it.
    case socketDirectoryUnsafe(path: String, reason: String)
    /// The lock file beside the data folder cannot be used.
    case lockFileUnusable(path: String, reason: String)
    /// The cluster is stopped, but other processes keep its lock for longer than `start` waits.
    case busy(path: String, lockFile: String)

    public var description: String {
        switch self {
        case .serverNotInstalled:
            return
                "PostgreSQL server programs (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql) or set DATABASE_URL to an existing server"
        case .systemUserMissing(let user):
            return
                "running as root needs the '\(user)' system user to own the embedded cluster, and it does not exist: install the postgresql package, or run as a normal user"
        case .dataDirectoryUnusable(let path, let reason):
            return "cannot use \(Self.oneLine(path)) as the embedded PostgreSQL data folder: \(reason)"
        case .dataDirectoryOwnedByOtherUser(let path, let owner, let expected):
            return
                "the data folder \(Self.oneLine(path)) belongs to user '\(owner)', but the cluster must run as '\(expected)': choose another folder with --data-dir or ICPLEDGER_DATA_DIR"
        case .versionMismatch(let path, let dataVersion, let serverVersion):
            return
                "the data folder \(Self.oneLine(path)) was made by PostgreSQL \(dataVersion) but the installed server is \(serverVersion): use a folder for \(serverVersion) (--data-dir) or install PostgreSQL \(dataVersion)"
        case .commandFailed(let command, let output):
            return "\(command) failed: \(Self.oneLine(output.split(whereSeparator: \.isNewline).joined(separator: "; ")))"
        case .notRunning(let path):
            return "no embedded PostgreSQL is running for \(Self.oneLine(path))"
        case .socketDirectoryUnsafe(let path, let reason):
            return
                "refusing the embedded PostgreSQL socket folder \(Self.oneLine(path)): \(reason); another local user may have prepared it, so remove it and start again"
        case .lockFileUnusable(let path, let reason):
            return "cannot use \(Self.oneLine(path)) as the embedded PostgreSQL lock file: \(reason)"
        case .busy(let path, let lockFile):
            return
                "the embedded PostgreSQL in \(Self.oneLine(path)) is stopped, but another icpledger process still holds \(Self.oneLine(lockFile)): let it finish or stop it, then try again"
        }
    }

    /// The text with control characters (a newline in a path, say) shown as `\u{…}`, so the message stays one line.
    static func oneLine(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
