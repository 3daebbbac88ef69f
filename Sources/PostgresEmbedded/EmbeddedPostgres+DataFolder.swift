import Foundation

/// Creating and configuring the data folder, always holding the data folder's lock exclusively.
extension EmbeddedPostgres {
    /// Makes the data folder's parents, enterable (0755) so the postgres user can reach the folder.
    func createParentDirectory() throws {
        do {
            try FileManager.default.createDirectory(
                atPath: parentDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755])
        } catch {
            throw EmbeddedPostgresError.dataDirectoryUnusable(
                path: dataDirectory, reason: "its parent folder cannot be created (\(error.localizedDescription))")
        }
    }

    /// Checks a folder that holds a cluster: the right owner and major version.
    func checkExistingDataDirectory(binaries: PostgresBinaries) throws {
        let owner = try Self.ownerName(of: dataDirectory)
        if owner != clusterUser {
            throw EmbeddedPostgresError.dataDirectoryOwnedByOtherUser(path: dataDirectory, owner: owner, expected: clusterUser)
        }
        if let version = try? String(contentsOfFile: dataDirectory + "/PG_VERSION", encoding: .utf8) {
            let major = version.trimmingCharacters(in: .whitespacesAndNewlines)
            guard major == String(binaries.majorVersion) else {
                throw EmbeddedPostgresError.versionMismatch(path: dataDirectory, dataVersion: major, serverVersion: binaries.majorVersion)
            }
        }
    }

    /// Checks an existing folder, or creates the folder (private to the cluster's user) and a cluster in it.
    func prepareDataDirectory(binaries: PostgresBinaries) async throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: dataDirectory, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "it is a file, not a folder")
        }
        if exists {
            try checkExistingDataDirectory(binaries: binaries)
            if fileManager.fileExists(atPath: dataDirectory + "/PG_VERSION") { return }
            let contents = (try? fileManager.contentsOfDirectory(atPath: dataDirectory)) ?? []
            guard contents.isEmpty else {
                throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "it is not empty and holds no PostgreSQL cluster")
            }
        } else {
            do {
                try fileManager.createDirectory(
                    atPath: dataDirectory, withIntermediateDirectories: false,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw EmbeddedPostgresError.dataDirectoryUnusable(path: dataDirectory, reason: "it cannot be created (\(error.localizedDescription))")
            }
            if let user = runAs { try chown(dataDirectory, to: user) }
        }
        if let user = runAs {
            let probe = try await ClusterPrograms.run("/usr/bin/test", ["-w", dataDirectory, "-a", "-x", dataDirectory], as: user)
            if probe.status != 0 {
                throw EmbeddedPostgresError.dataDirectoryUnusable(
                    path: dataDirectory,
                    reason:
                        "the '\(user)' system user cannot enter it (a parent folder is private); choose a data folder it can reach with --data-dir or ICPLEDGER_DATA_DIR, e.g. /var/tmp/icpledger"
                )
            }
        }
        logger.info("initialising a new PostgreSQL \(binaries.majorVersion) cluster")
        // initdb puts no path into a shell command line, but runs like pg_ctl, from the parent folder.
        let result = try await ClusterPrograms.run(
            binaries.initdb,
            (durable ? [] : ["--no-sync"]) + [
                "-D", folderName, "--encoding=UTF8", "--locale=C", "--auth-local=peer", "--auth-host=scram-sha-256",
                "--username=\(clusterUser)",
            ], as: runAs, in: parentDirectory)
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

    func writeSettings(port: Int) throws {
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

    func readPort() -> Int? {
        guard let text = try? String(contentsOfFile: settingsFile, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "port" { return Int(parts[1]) }
        }
        return nil
    }

    /// Removes a postmaster.pid left by a server that is no longer alive.
    func clearStalePidFile() {
        let path = dataDirectory + "/postmaster.pid"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ Int32($0) })
        else { return }
        if kill(pid, 0) != 0 && errno == ESRCH {
            logger.warning("removing stale postmaster.pid of process \(pid)")
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    func writeClusterFile(_ path: String, _ text: String) throws {
        // Atomic: a new file renamed into place, so a link planted under this name is replaced, not followed.
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        if let user = runAs { try chown(path, to: user) }
    }

    private func chown(_ path: String, to user: String) throws {
        guard let entry = getpwnam(user) else { throw EmbeddedPostgresError.systemUserMissing(user) }
        guard Foundation.lchown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw EmbeddedPostgresError.dataDirectoryUnusable(path: path, reason: "cannot give it to user '\(user)' (errno \(errno))")
        }
    }

    func lastLogLines() -> String? {
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

    /// A port in 54300–55299 that nothing listens on, searched from a random point (clusters started
    /// at the same time, even by one process, then rarely pick the same one).
    static func freePort() throws -> Int {
        let start = 54_300 + Int.random(in: 0..<1000)
        for offset in 0..<1000 {
            let port = 54_300 + (start - 54_300 + offset) % 1000
            if isPortFree(port) { return port }
        }
        throw EmbeddedPostgresError.commandFailed(command: "choosing a port", output: "no free port in 54300-55299")
    }
}
