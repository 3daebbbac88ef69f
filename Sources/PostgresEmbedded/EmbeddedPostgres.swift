import Foundation
public import Logging
import Postgres

/// A private PostgreSQL cluster in a data folder, for when no database is configured.
///
/// It uses the machine's initdb and pg_ctl; when the process runs as root they run
/// as the `postgres` system user (PostgreSQL refuses root). Every call that runs one of them is async:
/// it awaits the program without holding a thread of the cooperative pool. The cluster listens on a
/// short-path unix socket and on 127.0.0.1 only; local logins use peer
/// authentication mapped to the service's roles, TCP logins need a SCRAM password.
///
/// Several processes may use one cluster at once. They coordinate through a lock file beside the
/// data folder (see `start(policy:)` and `EmbeddedClusterLease`): shared while a process uses the
/// cluster, exclusive while one creates, starts or stops it.
public struct EmbeddedPostgres: Sendable {
    /// The absolute path of the data folder (PGDATA).
    public let dataDirectory: String
    /// Roles the local OS user may log in as through peer authentication.
    public let loginRoles: [String]
    /// False for throwaway clusters (tests): no fsync, asynchronous commits.
    public let durable: Bool
    /// The folder holding the server's unix socket.
    public let socketDirectory: String
    /// Where the server programs are looked for.
    public let binarySearch: PostgresBinarySearch
    let logger: Logger

    /// The default data folder, relative to the working directory.
    public static let defaultDataDirectory = ".icpledger/postgres"

    /// How long `start` waits for other processes that keep the cluster's lock while it is stopped.
    static let busyTimeout: TimeInterval = 30

    public init(
        dataDirectory: String, loginRoles: [String] = [], durable: Bool = true, binaries: PostgresBinarySearch = .standard,
        logger: Logger = Logger(label: "postgres.embedded")
    ) {
        self.init(
            dataDirectory: dataDirectory, loginRoles: loginRoles, durable: durable, socketDirectory: nil, binaries: binaries,
            logger: logger)
    }

    /// As the public initialiser, with the socket folder chosen by the caller (tests), not derived from the data folder.
    package init(
        dataDirectory: String, loginRoles: [String] = [], durable: Bool = true, socketDirectory: String?,
        binaries: PostgresBinarySearch = .standard, logger: Logger = Logger(label: "postgres.embedded")
    ) {
        self.binarySearch = binaries
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

    /// The user the cluster's programs run as (through `runuser`), or nil to run them as this process's user.
    var runAs: String? { geteuid() == 0 ? "postgres" : nil }

    static var currentUserName: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "postgres"
    }

    /// The default socket folder: a short path under /tmp derived from the data folder,
    /// so the socket path stays under the 107-byte limit wherever the data folder is.
    static func defaultSocketDirectory(for dataDirectory: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in dataDirectory.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return "/tmp/icpledger-\(String(hash, radix: 16).prefix(12))"
    }

    /// The lock file every process using the cluster holds (beside the data folder: initdb wants an empty folder).
    public var lockFile: String { dataDirectory + ".lock" }
    /// Present while the running cluster was started for one-off use and should stop once unused.
    var autostopFile: String { dataDirectory + "/" + Self.autostopName }
    static let autostopName = "icpledger.autostop"
    var settingsFile: String { dataDirectory + "/icpledger.conf" }
    var logFile: String { dataDirectory + "/server.log" }

    /// Starts the cluster (creating it first if the folder is new), or joins it if it runs, and
    /// returns this process's use of it; call `end()` on that when done.
    ///
    /// Under the data folder's lock: shared to look, exclusive to create or start, so that several
    /// processes starting at once create and start the cluster exactly once and all use it.
    /// A cluster started here is marked "autostop" unless `policy` is `.keepRunning`.
    public func start(policy: EmbeddedStopPolicy = .stopWhenUnused) async throws -> EmbeddedClusterLease {
        try checkPaths()
        let binaries = try await PostgresBinaries.locate(binarySearch)
        if let user = runAs, getpwnam(user) == nil { throw EmbeddedPostgresError.systemUserMissing(user) }
        logger.info("embedded PostgreSQL data folder: \(dataDirectory)")
        try createParentDirectory()
        let lock = try ClusterLock(path: lockFile)
        do {
            let cluster = try await join(lock: lock, binaries: binaries, policy: policy)
            return EmbeddedClusterLease(embedded: self, cluster: cluster, lock: lock)
        } catch {
            lock.close()
            throw error
        }
    }

    /// Stops the cluster if it runs (fast shutdown: open sessions are ended), whoever uses it;
    /// waits first for a process that is creating or starting it.
    public func stop() async throws {
        try checkPaths()
        let binaries = try await PostgresBinaries.locate(binarySearch)
        guard try await isRunning(binaries: binaries) else { return }
        let lock = try ClusterLock(path: lockFile)
        defer { lock.close() }
        try await lock.lockShared()
        guard try await isRunning(binaries: binaries) else { return }
        try await stopServer(binaries: binaries)
    }

    /// Whether a server runs on the data folder, and on which port.
    public func status() async throws -> (running: Bool, port: Int?) {
        try checkPaths()
        let binaries = try await PostgresBinaries.locate(binarySearch)
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return (false, nil) }
        return (try await isRunning(binaries: binaries), readPort())
    }

    // MARK: - Joining, starting, stopping

    /// Loops until the cluster runs and this process holds the lock shared: looks under the shared
    /// lock; when the cluster is not running, takes the lock exclusively (only once no one else holds
    /// it) to create and start it, then goes back to shared and looks again.
    private func join(lock: ClusterLock, binaries: PostgresBinaries, policy: EmbeddedStopPolicy) async throws -> EmbeddedCluster {
        let deadline = Date().addingTimeInterval(Self.busyTimeout)
        var startedHere = false
        while true {
            try await lock.lockShared()
            if try await isRunning(binaries: binaries) {
                try checkExistingDataDirectory(binaries: binaries)
                try socketFolder.check()
                if policy == .keepRunning { try setAutostop(false) }
                let port = readPort() ?? 0
                if !startedHere { logger.info("reusing the running embedded PostgreSQL on port \(port)") }
                return EmbeddedCluster(
                    dataDirectory: dataDirectory, socketDirectory: socketDirectory,
                    port: port, superuser: clusterUser, startedHere: startedHere)
            }
            if lock.tryLockExclusive() {
                if try await !isRunning(binaries: binaries) {
                    try await launch(binaries: binaries, policy: policy)
                    startedHere = true
                }
                continue
            }
            // Another process holds the lock: it is starting the cluster (the next shared lock waits for
            // it), or it is about to, or it still uses a cluster someone stopped.
            lock.unlock()
            guard Date() < deadline else {
                throw EmbeddedPostgresError.busy(path: dataDirectory, lockFile: lockFile)
            }
            try await Task.sleep(nanoseconds: UInt64.random(in: 20_000_000...120_000_000))
        }
    }

    /// Creates the cluster if the folder is new, then starts it (holding the lock exclusively).
    private func launch(binaries: PostgresBinaries, policy: EmbeddedStopPolicy) async throws {
        try socketFolder.check()
        try await prepareDataDirectory(binaries: binaries)
        clearStalePidFile()
        try setAutostop(policy == .stopWhenUnused)
        try socketFolder.prepare()
        var port = readPort() ?? 0
        // A port found free can be taken by another program before the server binds it; then try another.
        for attempt in 1...3 {
            if port == 0 || !Self.isPortFree(port) {
                port = try Self.freePort()
            }
            try writeSettings(port: port)
            let result = try await runPgCtl(binaries, ["-l", folderName + "/server.log", "-w", "-t", "60", "-s", "start"])
            if result.status == 0 { break }
            guard attempt < 3, !Self.isPortFree(port) else {
                throw EmbeddedPostgresError.commandFailed(command: "pg_ctl start", output: lastLogLines() ?? result.combined)
            }
            logger.info("port \(port) was taken meanwhile; trying another")
        }
        logger.info("started embedded PostgreSQL \(binaries.majorVersion) on port \(port), socket \(socketDirectory)")
    }

    /// Stops the cluster if it is marked "autostop" and runs; called holding the lock exclusively.
    func stopIfMarkedAutostop() async {
        guard FileManager.default.fileExists(atPath: autostopFile) else { return }
        do {
            let binaries = try await PostgresBinaries.locate(binarySearch)
            guard try await isRunning(binaries: binaries) else { return }
            try await stopServer(binaries: binaries)
        } catch {
            logger.warning("could not stop the embedded PostgreSQL in \(dataDirectory): \(error)")
        }
    }

    private func stopServer(binaries: PostgresBinaries) async throws {
        let result = try await runPgCtl(binaries, ["-m", "fast", "-w", "-t", "60", "-s", "stop"])
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "pg_ctl stop", output: PostgresConnectionSummary.lastLine(result.combined))
        }
        socketFolder.removeIfEmpty()
        logger.info("stopped embedded PostgreSQL in \(dataDirectory)")
    }

    func isRunning(binaries: PostgresBinaries) async throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") else { return false }
        return try await runPgCtl(binaries, ["status"]).status == 0
    }

    /// Runs pg_ctl on the data folder from its parent, naming the folder by its last component only:
    /// pg_ctl puts `-D` (and `-l`) into a `/bin/sh -c` command line (see `checkPaths`).
    private func runPgCtl(_ binaries: PostgresBinaries, _ arguments: [String]) async throws -> ClusterPrograms.Output {
        try await ClusterPrograms.run(binaries.pgCtl, ["-D", folderName] + arguments, as: runAs, in: parentDirectory)
    }

    /// Writes or removes the "autostop" mark.
    private func setAutostop(_ on: Bool) throws {
        if on {
            try writeClusterFile(autostopFile, "Written by icpledger: stop this cluster once no icpledger process uses it.\n")
        } else if unlink(autostopFile) != 0 && errno != ENOENT {
            throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "cannot remove \(Self.autostopName) (errno \(errno))")
        }
    }

    var socketFolder: SocketDirectory {
        let entry = getpwnam(clusterUser)
        return SocketDirectory(
            path: socketDirectory, userName: clusterUser,
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
