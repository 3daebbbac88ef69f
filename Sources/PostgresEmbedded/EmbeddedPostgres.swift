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
    private let logger: Logger

    /// The default data folder, relative to the working directory.
    public static let defaultDataDirectory = ".icpledger/postgres"

    public init(dataDirectory: String, loginRoles: [String] = [], durable: Bool = true,
                logger: Logger = Logger(label: "postgres.embedded")) {
        let url = URL(fileURLWithPath: dataDirectory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        self.dataDirectory = url.standardizedFileURL.path
        self.loginRoles = loginRoles
        self.durable = durable
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

    /// Where the socket lives: a short path under /tmp derived from the data folder,
    /// so the socket path stays under the 107-byte limit wherever the data folder is.
    var socketDirectory: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in dataDirectory.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return "/tmp/icpledger-\(String(hash, radix: 16).prefix(12))"
    }

    var settingsFile: String { dataDirectory + "/icpledger.conf" }
    var logFile: String { dataDirectory + "/server.log" }

    /// Starts the cluster (creating it first if the folder is new) and returns how to reach it.
    /// A cluster that is already running is reused and reported as not started here.
    public func start() throws -> EmbeddedCluster {
        let binaries = try PostgresBinaries.locate()
        if let user = runAs, getpwnam(user) == nil { throw EmbeddedPostgresError.systemUserMissing(user) }
        logger.info("embedded PostgreSQL data folder: \(dataDirectory)")
        try prepareDataDirectory(binaries: binaries)
        var port = readPort() ?? 0
        if try isRunning(binaries: binaries) {
            logger.info("reusing the running embedded PostgreSQL on port \(port)")
            return (EmbeddedCluster(dataDirectory: dataDirectory, socketDirectory: socketDirectory,
                                                 port: port, superuser: clusterUser, startedHere: false))
        }
        clearStalePidFile()
        if port == 0 || !Self.isPortFree(port) {
            port = try Self.freePort()
        }
        try writeSettings(port: port)
        try prepareSocketDirectory()
        let result = try ProcessRunner.run(binaries.pgCtl, ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s", "start"], as: runAs)
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "pg_ctl start", output: lastLogLines() ?? result.combined)
        }
        logger.info("started embedded PostgreSQL \(binaries.majorVersion) on port \(port), socket \(socketDirectory)")
        return (EmbeddedCluster(dataDirectory: dataDirectory, socketDirectory: socketDirectory,
                                             port: port, superuser: clusterUser, startedHere: true))
    }

    /// Stops the cluster if it runs (fast shutdown: open sessions are ended).
    public func stop() throws {
        let binaries = try PostgresBinaries.locate()
        guard try isRunning(binaries: binaries) else { return }
        let result = try ProcessRunner.run(binaries.pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s", "stop"], as: runAs)
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "pg_ctl stop", output: result.combined)
        }
        logger.info("stopped embedded PostgreSQL in \(dataDirectory)")
    }

    /// Whether a server runs on the data folder, and on which port.
    public func status() throws -> (running: Bool, port: Int?) {
        let binaries = try PostgresBinaries.locate()
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return (false, nil) }
        return (try isRunning(binaries: binaries), readPort())
    }

    /// Starts a detached watchdog that stops the cluster once process `pid` has exited,
    /// even if it was killed without a chance to clean up.
    /// With `removingFiles`, it then deletes the data folder too (throwaway test clusters).
    public func stopWhenProcessExits(_ pid: Int32 = getpid(), removingFiles: Bool = false) throws {
        let binaries = try PostgresBinaries.locate()
        let stop = ([binaries.pgCtl, "-D", dataDirectory, "-m", removingFiles ? "immediate" : "fast", "-w", "stop"]).map(Self.shellQuote).joined(separator: " ")
        var command = (runAs.map { "/usr/sbin/runuser -u \($0) -- " } ?? "") + stop + " >/dev/null 2>&1"
        if removingFiles {
            command += "; rm -rf \(Self.shellQuote(dataDirectory)) \(Self.shellQuote(socketDirectory))"
        }
        let script = "while kill -0 \(pid) 2>/dev/null; do sleep 1; done; \(command)"
        try ProcessRunner.spawnDetached(["/bin/sh", "-c", script])
    }

    // MARK: - Steps

    private func prepareDataDirectory(binaries: PostgresBinaries) throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: dataDirectory, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "it is a file, not a folder")
        }
        if exists {
            let owner = try Self.ownerName(of: dataDirectory)
            if owner != clusterUser {
                throw EmbeddedPostgresError.dataDirectoryOwnedByOtherUser(path: dataDirectory, owner: owner, expected: clusterUser)
            }
            if let version = try? String(contentsOfFile: dataDirectory + "/PG_VERSION", encoding: .utf8) {
                let major = version.trimmingCharacters(in: .whitespacesAndNewlines)
                guard major == String(binaries.majorVersion) else {
                    throw EmbeddedPostgresError.versionMismatch(path: dataDirectory, dataVersion: major, serverVersion: binaries.majorVersion)
                }
                return
            }
            let contents = (try? fileManager.contentsOfDirectory(atPath: dataDirectory)) ?? []
            guard contents.isEmpty else {
                throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "it is not empty and holds no PostgreSQL cluster")
            }
        } else {
            do {
                // Parents stay enterable (0755) so the postgres user can reach the folder; the folder itself is private.
                let parent = (dataDirectory as NSString).deletingLastPathComponent
                try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
                try fileManager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
            } catch {
                throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "it cannot be created (\(error.localizedDescription))")
            }
            if let user = runAs { try chown(dataDirectory, to: user) }
        }
        if let user = runAs {
            let probe = try ProcessRunner.run("/usr/bin/test", ["-w", dataDirectory, "-a", "-x", dataDirectory], as: user)
            if probe.status != 0 {
                throw EmbeddedPostgresError.dataDirectoryUnusable(
                    path: dataDirectory,
                    reason: "the '\(user)' system user cannot enter it (a parent folder is private); choose a data folder it can reach with --data-dir or ICPLEDGER_DATA_DIR, e.g. /var/tmp/icpledger")
            }
        }
        logger.info("initialising a new PostgreSQL \(binaries.majorVersion) cluster")
        let result = try ProcessRunner.run(binaries.initdb, (durable ? [] : ["--no-sync"]) + [
            "-D", dataDirectory, "--encoding=UTF8", "--locale=C", "--auth-local=peer", "--auth-host=scram-sha-256",
            "--username=\(clusterUser)",
        ], as: runAs)
        guard result.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "initdb", output: PostgresConnectionSummary.lastLine(result.combined))
        }
        try writeAuthentication()
        try appendInclude()
    }

    /// Peer authentication for local logins, mapped so the caller's OS user may log in as
    /// the cluster superuser and the service roles; SCRAM for loopback TCP; nothing else.
    private func writeAuthentication() throws {
        let client = Self.currentUserName
        var ident = "# icpledger: which OS users may log in as which roles over the local socket\n"
        for role in [clusterUser] + loginRoles {
            ident += "icpledger  \(client)  \(role)\n"
        }
        ident += "icpledger  /^(.*)$  \\1\n"
        let hba = """
        # icpledger embedded cluster: peer on the socket, SCRAM on loopback, nothing else
        local   all   all                 peer map=icpledger
        host    all   all   127.0.0.1/32  scram-sha-256

        """
        try writeClusterFile(dataDirectory + "/pg_ident.conf", ident)
        try writeClusterFile(dataDirectory + "/pg_hba.conf", hba)
    }

    private func appendInclude() throws {
        let path = dataDirectory + "/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n# icpledger settings\ninclude_if_exists 'icpledger.conf'\n".utf8))
    }

    private func writeSettings(port: Int) throws {
        let text = """
        # Written by icpledger on each start; edit the port here if you must.
        port = \(port)
        listen_addresses = '127.0.0.1'
        unix_socket_directories = '\(socketDirectory)'
        max_connections = 300
        synchronous_commit = \(durable ? "on" : "off")
        fsync = \(durable ? "on" : "off")
        full_page_writes = \(durable ? "on" : "off")

        """
        try writeClusterFile(settingsFile, text)
    }

    private func prepareSocketDirectory() throws {
        if !FileManager.default.fileExists(atPath: socketDirectory) {
            try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        if let user = runAs { try chown(socketDirectory, to: user) }
    }

    private func readPort() -> Int? {
        guard let text = try? String(contentsOfFile: settingsFile, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "port" { return Int(parts[1]) }
        }
        return nil
    }

    private func isRunning(binaries: PostgresBinaries) throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") else { return false }
        return try ProcessRunner.run(binaries.pgCtl, ["-D", dataDirectory, "status"], as: runAs).status == 0
    }

    /// Removes a postmaster.pid left by a server that is no longer alive.
    private func clearStalePidFile() {
        let path = dataDirectory + "/postmaster.pid"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let pid = text.split(separator: "\n").first.flatMap({ Int32($0) }) else { return }
        if kill(pid, 0) != 0 && errno == ESRCH {
            logger.warning("removing stale postmaster.pid of process \(pid)")
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private func writeClusterFile(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        if let user = runAs { try chown(path, to: user) }
    }

    private func chown(_ path: String, to user: String) throws {
        guard let entry = getpwnam(user) else { throw EmbeddedPostgresError.systemUserMissing(user) }
        guard Foundation.chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw EmbeddedPostgresError.dataDirectoryUnusable(path: path, reason: "cannot give it to user '\(user)' (errno \(errno))")
        }
    }

    private func lastLogLines() -> String? {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").suffix(3).joined(separator: "; ")
        return lines.isEmpty ? nil : "\(lines) (log: \(logFile))"
    }

    static func ownerName(of path: String) throws -> String {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        if let name = attributes[.ownerAccountName] as? String { return name }
        if let uid = attributes[.ownerAccountID] as? NSNumber, let entry = getpwuid(uid_t(uid.uint32Value)) {
            return String(cString: entry.pointee.pw_name)
        }
        return "unknown"
    }

    static func isPortFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port in 54300–55299 that nothing listens on.
    static func freePort() throws -> Int {
        let start = 54_300 + Int(getpid() % 500)
        for offset in 0..<1000 {
            let port = 54_300 + (start - 54_300 + offset) % 1000
            if isPortFree(port) { return port }
        }
        throw EmbeddedPostgresError.commandFailed(command: "choosing a port", output: "no free port in 54300-55299")
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
