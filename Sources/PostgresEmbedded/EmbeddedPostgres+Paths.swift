import Foundation

/// Keeping the data folder's path away from any shell.
///
/// PostgreSQL 15's pg_ctl starts the server through `/bin/sh -c` with the command line
/// `exec "postgres" -D "<-D argument>" < "/dev/null" >> "<-l argument>" 2>&1`, and looks for a
/// config-only folder with `popen("\"postgres\" -C data_directory -D \"<-D argument>\"")`; inside
/// double quotes the shell still expands `$`, backquotes and `\`. (initdb passes the folder to the
/// server in PGDATA, not on a command line; `postmaster.opts` is read back only by `pg_ctl restart`,
/// which icpledger never runs.) So pg_ctl and initdb run with the data folder's parent as their
/// working directory and get only the folder's own name, in which those characters are refused.
extension EmbeddedPostgres {
    /// The folder holding the data folder, where pg_ctl and initdb run.
    var parentDirectory: String {
        let parent = (dataDirectory as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    /// The data folder's last path component: all of its path that pg_ctl's shell command line sees.
    var folderName: String { (dataDirectory as NSString).lastPathComponent }

    /// Refuses, in one line, the paths that cannot be kept safe: any control character (a newline also
    /// breaks PostgreSQL's configuration files), and shell-active characters in the folder's own name.
    func checkPaths() throws {
        if let scalar = dataDirectory.unicodeScalars.first(where: Self.isControl) {
            throw EmbeddedPostgresError.dataDirectoryUnusable(
                path: dataDirectory,
                reason:
                    "its path contains a control character (U+\(String(format: "%04X", scalar.value)), such as a newline), which PostgreSQL's command lines and configuration files cannot hold"
            )
        }
        if dataDirectory == "/" || folderName.isEmpty || folderName == "/" {
            throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "it is the root folder")
        }
        if let character = folderName.first(where: { Self.shellActive.contains($0) }) {
            throw EmbeddedPostgresError.dataDirectoryUnusable(
                path: dataDirectory,
                reason:
                    "its name contains \(Self.describe(character)), which pg_ctl would pass to /bin/sh; rename the folder (its parent folders may contain such characters)"
            )
        }
        if socketDirectory.unicodeScalars.contains(where: Self.isControl) || socketDirectory.contains("'") || socketDirectory.contains("\\") {
            throw EmbeddedPostgresError.socketDirectoryUnsafe(path: socketDirectory, reason: "its path cannot be written into postgresql.conf")
        }
    }

    /// Characters `/bin/sh` still interprets inside double quotes.
    static let shellActive: Set<Character> = ["$", "`", "\"", "\\"]

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value)
    }

    private static func describe(_ character: Character) -> String {
        switch character {
        case "`": return "a backquote"
        case "\"": return "a double quote"
        case "\\": return "a backslash"
        default: return "'\(character)'"
        }
    }
}
