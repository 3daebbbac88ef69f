public import Foundation
import Postgres
public import Logging

/// A private PostgreSQL cluster in a data folder, for when no database is configured.
///
/// It uses the machine's initdb and pg_ctl; when the process runs as root they run
/// as the `postgres` system user (PostgreSQL refuses root). The cluster listens on a
/// short-path unix socket and on 127.0.0.1 only; local logins use peer
/// authentication mapped to the service's roles, TCP logins need a SCRAM password.
public struct EmbeddedPostgres: Sendable {
    /// The absolute path of the data folder (PGDATA).
    public let dataDirectory: String
    /// Roles the local OS user may log in as through peer authentication.
    public let loginRoles: [String]
    /// False for throwaway clusters (tests): no fsync, asynchronous commits.
    public let durable: Bool
    /// The folder holding the server's unix socket.
    public let socketDirectory: String
    let logger: Logger

    /// The default data folder, relative to the working directory.
    public static let defaultDataDirectory = ".icpledger/postgres"

    public init(dataDirectory: String, loginRoles: [String] = [], durable: Bool = true,
                logger: Logger = Logger(label: "postgres.embedded")) {
        self.init(dataDirectory: dataDirectory, loginRoles: loginRoles, durable: durable, socketDirectory: nil, logger: logger)
    }

    /// As the public initialiser, with the socket folder chosen by the caller (tests), not derived from the data folder.
    package init(dataDirectory: String, loginRoles: [String] = [], durable: Bool = true, socketDirectory: String?,
                 logger: Logger = Logger(label: "postgres.embedded")) {
        let url = URL(fileURLWithPath: dataDirectory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        self.dataDirectory = url.standardizedFileURL.path
        self.loginRoles = loginRoles
        self.durable = durable
        self.socketDirectory = socketDirectory ?? Self.defaultSocketDirectory(for: self.dataDirectory)
        self.logger = logger
    }

    /// The OS user that owns and runs the cluster: `postgres` when we are root, else ourselves.
    var clusterUser: String {
        geteuid() == 0 ? "postgres" : Self.currentUserName
    }

    /// The user to pass to `runuser`, or nil to run programs directly.
    var runAs: String? { geteuid() == 0 ? "postgres" : nil }

    static var currentUserName: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }

    /// The default socket folder: a short path under /tmp derived from the data folder,
    /// so the socket path stays under the 107-byte limit wherever the data folder is.
    static func defaultSocketDirectory(for dataDirectory: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in dataDirectory.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return "/tmp/icpledger-\(String(hash, radix: 16).prefix(12))"
    }

    var settingsFile: String { dataDirectory + "/icpledger.conf" }
    var logFile: String { dataDirectory + "/server.log" }

    /// Starts the cluster (creating it first if the folder is new) and returns how to reach it.
    /// A cluster that is already running is reused and reported as not started here.
    public func start() throws -> EmbeddedCluster {
        try checkPaths()
        let binaries = try PostgresBinaries.locate()
        if let user = runAs, getpwnam(user) == nil { throw EmbeddedPostgresError.systemUserMissing(user) }
        logger.info("embedded PostgreSQL data folder: \(dataDirectory)")
        try socketFolder.check()
        try createParentDirectory()
        try prepareDataDirectory(binaries: binaries)
        if try isRunning(binaries: binaries) {
            let port = readPort() ?? 0
            logger.info("reusing the running embedded PostgreSQL on port \(port)")
            return EmbeddedCluster(dataDirectory: dataDirectory, socketDirectory: socketDirectory,
                                   port: port, superuser: clusterUser, startedHere: false)
        }
        let port = try launch(binaries: binaries)
        return EmbeddedCluster(dataDirectory: dataDirectory, socketDirectory: socketDirectory,
                               port: port, superuser: clusterUser, startedHere: true)
    }

    /// Stops the cluster if it runs (fast shutdown: open sessions are ended).
    public func stop() throws {
        try checkPaths()
        let binaries = try PostgresBinaries.locate()
        guard try isRunning(binaries: binaries) else { return }
        try stopServer(binaries: binaries)
    }

    /// Whether a server runs on the data folder, and on which port.
    public func status() throws -> (running: Bool, port: Int?) {
        try checkPaths()
        let binaries = try PostgresBinaries.locate()
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return (false, nil) }
        return (try isRunning(binaries: binaries), readPort())
    }

    // MARK: - Starting, stopping

    /// Starts the prepared cluster on a free port; returns the port.
    private func launch(binaries: PostgresBinaries) throws -> Int {
        clearStalePidFile()
        try socketFolder.prepare()
        var port = readPort() ?? 0
        // A port found free can be taken by another program before the server binds it; then try another.
        for attempt in 1...3 {
            if port == 0 || !Self.isPortFree(port) {
                port = try Self.freePort()
            }
            try writeSettings(port: port)
            let result = try runPgCtl(binaries, ["-l", folderName + "/server.log", "-w", "-t", "60", "-s", "start"])
            if result.status == 0 { break }
            guard attempt < 3, !Self.isPortFree(port) else {
                throw EmbeddedPostgresError.commandFailed(command: "pg_ctl start", output: lastLogLines() ?? result.combined)
            }
            logger.info("port \(port) was taken meanwhile; trying another")
        }
        logger.info("started embedded PostgreSQL \(binaries.majorVersion) on port \(port), socket \(socketDirectory)")
        return port
    }

    private func stopServer(binaries: PostgresBinaries) throws {
        let result = try runPgCtl(binaries, ["-m", "fast", "-w", "-t", "60", "-s", "stop"])
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "pg_ctl stop", output: PostgresConnectionSummary.lastLine(result.combined))
        }
        socketFolder.removeIfEmpty()
        logger.info("stopped embedded PostgreSQL in \(dataDirectory)")
    }

    func isRunning(binaries: PostgresBinaries) throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") else { return false }
        return try runPgCtl(binaries, ["status"]).status == 0
    }

    /// Runs pg_ctl on the data folder from its parent, naming the folder by its last component only:
    /// pg_ctl puts `-D` (and `-l`) into a `/bin/sh -c` command line (see `checkPaths`).
    private func runPgCtl(_ binaries: PostgresBinaries, _ arguments: [String]) throws -> ProcessRunner.Output {
        try ProcessRunner.run(binaries.pgCtl, ["-D", folderName] + arguments, as: runAs, in: parentDirectory)
    }

    var socketFolder: SocketDirectory {
        let entry = getpwnam(clusterUser)
        return SocketDirectory(path: socketDirectory, userName: clusterUser,
                               uid: entry?.pointee.pw_uid ?? geteuid(), gid: entry?.pointee.pw_gid ?? getegid())
    }

    static func shellQuote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

/// Trims tool output to its most useful line.
enum PostgresConnectionSummary {
    static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? text
    }
}
