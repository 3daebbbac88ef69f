/// Why migrating stopped — each a one-line message; nothing of the failing migration is applied.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case schemaFolderMissing(String)
    case badFileName(String)
    case duplicateVersion(Int)
    case checksumMismatch(version: Int, name: String)
    case databaseNewerThanCode(databaseVersion: Int, codeVersion: Int)
    case failed(version: Int, name: String, reason: String)

    public var description: String {
        switch self {
        case .schemaFolderMissing(let path):
            return "the schema folder \(path) cannot be read: run from the project folder or set ICPLEDGER_SCHEMA_DIR"
        case .badFileName(let file):
            return "schema file \(file) is not named NNNN_name.sql"
        case .duplicateVersion(let version):
            return "two schema files share the number \(version)"
        case .checksumMismatch(let version, let name):
            return "migration \(version) (\(name)) was edited after it was applied; add a new migration instead"
        case .databaseNewerThanCode(let databaseVersion, let codeVersion):
            return "the database is at schema \(databaseVersion) but this icpledger knows only up to \(codeVersion): upgrade icpledger"
        case .failed(let version, let name, let reason):
            return "migration \(version) (\(name)) failed and was rolled back: \(reason)"
        }
    }
}
