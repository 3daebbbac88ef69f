import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import ICPLedger
import LedgerApplication
import LedgerDatabase
import Postgres
import PostgresTestSupport
import TestFixtures
import Testing

/// The service through pgbouncer in transaction mode, configured as the README says: each role its
/// own login through the pooler, no startup `options`, prepared statements and session timeouts off,
/// LISTEN direct. pgbouncer (Debian's) is started here on loopback and stopped afterwards.
@Suite("Through pgbouncer in transaction mode", .serialized, .timeLimit(.minutes(10)))
struct PoolerTests {
    static let password = "pooler-test-secret"

    /// A running pgbouncer in front of the test cluster; `stop()` ends it.
    final class Bouncer: Sendable {
        let port: Int
        let process: Process
        let folder: URL

        init(port: Int, process: Process, folder: URL) {
            self.port = port
            self.process = process
            self.folder = folder
        }

        /// Stops pgbouncer (also when the last reference goes away) and removes its folder.
        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: folder)
        }

        deinit { stop() }

        /// The test database behind this pooler as the service would open it through pgbouncer:
        /// each role its own pooled login, LISTEN and migrations direct.
        func database(for db: TestDatabase) -> LedgerDatabase {
            let configuration = DatabaseConfiguration(
                source: .external(connectionString: ""), listenConnectionString: PoolerTests.keywords(db.system),
                usePreparedStatements: false, sessionParameters: [:])
            return LedgerDatabase(
                owner: db.ledgerDatabase.owner, app: login(.app, database: db.name), system: login(.system, database: db.name),
                cluster: nil, embedded: nil, configuration: configuration)
        }

        /// A role's login through the pooler: no `options`, no prepared statements, no session settings.
        func login(_ role: DatabaseRole, database: String) -> PostgresConnectionSettings {
            PostgresConnectionSettings(
                connectionString:
                    "host=127.0.0.1 port=\(port) dbname=\(database) user=\(role.rawValue) password=\(PoolerTests.password) sslmode=disable",
                usePreparedStatements: false, sessionParameters: [:])
        }
    }

    static func executable() -> String? {
        ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func startBouncer(for db: TestDatabase) async throws -> Bouncer {
        let binary = try #require(executable(), "pgbouncer is not installed (scripts/install-debian-packages.sh installs it)")
        // The cluster's TCP port, and passwords for the two roles' logins (cluster-wide; every other
        // test logs in over the socket by peer authentication, which passwords do not touch).
        // Roles are cluster-wide and tests run in parallel: one ALTER ROLE at a time, under an advisory
        // lock taken in the one database every test shares (advisory locks are per database).
        let serverPort = try await db.withConnection(db.superuser.with(["dbname": "postgres"])) { connection in
            try connection.transaction { connection in
                try connection.query("SELECT pg_advisory_xact_lock(20261202)")
                try connection.query("ALTER ROLE icpledger_app LOGIN PASSWORD \(unsafeRaw: "'\(password)'")")
                try connection.query("ALTER ROLE icpledger_system LOGIN PASSWORD \(unsafeRaw: "'\(password)'")")
            }
            return try connection.query("SELECT current_setting('port')").single().column(0, as: String.self)
        }
        let folder = URL(fileURLWithPath: "/tmp/icpledger-bouncer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let port = try LoopbackPort.free()
        let config = """
            [databases]
            * = host=127.0.0.1 port=\(serverPort)

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = scram-sha-256
            auth_file = \(folder.path)/users.txt
            pool_mode = transaction
            max_client_conn = 200
            default_pool_size = 8
            logfile = \(folder.path)/pgbouncer.log
            """
        try config.write(to: folder.appendingPathComponent("pgbouncer.ini"), atomically: true, encoding: .utf8)
        try "\"icpledger_app\" \"\(password)\"\n\"icpledger_system\" \"\(password)\"\n"
            .write(to: folder.appendingPathComponent("users.txt"), atomically: true, encoding: .utf8)
        for file in ["pgbouncer.ini", "users.txt"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent(file).path)
        }
        let process = Process()
        if getuid() == 0 {
            // It writes its log in the folder.
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: folder.path)
            // pgbouncer refuses to run as root.
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", binary, folder.appendingPathComponent("pgbouncer.ini").path]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [folder.appendingPathComponent("pgbouncer.ini").path]
        }
        let errors = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let bouncer = Bouncer(port: port, process: process, folder: folder)
        for _ in 0..<100 {
            if (try? PostgresConnection(settings: bouncer.login(.app, database: db.name))) != nil { return bouncer }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log =
            ((try? String(contentsOf: folder.appendingPathComponent("pgbouncer.log"), encoding: .utf8)) ?? "")
            + ((try? String(contentsOf: errors, encoding: .utf8)) ?? "") + "\(process.isRunning ? "running" : "exited \(process.terminationStatus)")"
        bouncer.stop()
        throw PoolerFailure("pgbouncer did not accept a login:\n\(log.suffix(2000))")
    }

    struct PoolerFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("pgbouncer refuses the startup `options` role switching would need; per-role logins go through")
    func optionsRefused() async throws {
        let db = try await TestDatabase.create()
        let bouncer = try await Self.startBouncer(for: db)
        defer { bouncer.stop() }
        let withOptions = bouncer.login(.app, database: db.name).with(["options": "-c role=icpledger_app"])
        #expect(throws: PostgresError.self) { _ = try PostgresConnection(settings: withOptions) }
        let plain = try PostgresConnection(settings: bouncer.login(.app, database: db.name))
        #expect(try plain.query("SELECT current_user::text").single().column(0, as: String.self) == "icpledger_app")
    }

    @Test("the HTTP walk-through with its tokens, four eyes, read-your-writes and the live runner, all through the pooler")
    func walkThroughThePooler() async throws {
        let db = try await TestDatabase.create()
        let bouncer = try await Self.startBouncer(for: db)
        defer { bouncer.stop() }
        let services = LedgerServices(database: bouncer.database(for: db), role: .server)
        let app = buildApplication(services, server: .init(host: "127.0.0.1", port: 0, maxLagSeconds: 60))
        let ledger = services.ledger

        let ws = WorkspaceID()
        let admin = try await ledger.registerPrincipal("Ada Admin", in: ws)
        try await ledger.createWorkspace(ws, name: "Pooled \(ws.description.prefix(8))", by: admin)
        let editor = try await ledger.registerPrincipal("Eve Editor", in: ws)
        let approver = try await ledger.registerPrincipal("Abe Approver", in: ws)
        try await ledger.grantRole(.editor, to: editor, in: ws, by: admin)
        try await ledger.grantRole(.approver, to: approver, in: ws, by: admin)
        var made: [String: String] = [:]
        for (key, principal) in [("editor", editor), ("approver", approver)] {
            let account = try await ledger.account(for: principal, in: ws)
            made[key] = try await ledger.createToken(for: account.id, workspace: nil, maxRole: nil, expiresInDays: nil).secret
        }
        let tokens = made

        try await app.test(.live) { client in
            let base = "/v1/workspaces/\(ws)"
            let drafted = try await client.execute(
                uri: "\(base)/icps", method: .post, headers: APITests.headers(tokens["editor"]),
                body: try APITests.body(APITests.Draft(definition: SampleICPs.fintechPlatforms)))
            #expect(drafted.status == .created, "\(String(buffer: drafted.body))")
            let icp = try #require(try APITests.json(drafted)["icp"] as? String)
            let own = try await client.execute(
                uri: "\(base)/icps/\(icp)/revisions/1/approve", method: .post, headers: APITests.headers(tokens["editor"]))
            try APITests.expectProblem(own, .forbidden)
            let approved = try await client.execute(
                uri: "\(base)/icps/\(icp)/revisions/1/approve", method: .post, headers: APITests.headers(tokens["approver"]))
            #expect(approved.status == .ok, "\(String(buffer: approved.body))")
            let published = try await client.execute(
                uri: "\(base)/icps/\(icp)/revisions/1/publish", method: .post, headers: APITests.headers(tokens["editor"]))
            #expect(published.status == .ok, "\(String(buffer: published.body))")
            let token = try #require(published.headers[HTTPField.Name("ICPLedger-Consistency-Token")!])
            let current = try await client.execute(
                uri: "\(base)/icps/\(icp)/current?after=\(token)", method: .get, headers: APITests.headers(tokens["approver"]))
            #expect(try APITests.json(current)["revision"] as? Int == 1)
            // Another workspace's id, through the same pooled sessions: nothing leaks between transactions.
            let other = try await client.execute(
                uri: "/v1/workspaces/\(WorkspaceID())/icps", method: .get, headers: APITests.headers(tokens["editor"]))
            try APITests.expectProblem(other, .notFound)
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .ok, "\(String(buffer: ready.body))")
        }
        // Every statement of the request path ran as its own role, never the pooler's login or a superuser.
        let users = try await db.withConnection(db.superuser) { connection in
            try connection.query(
                "SELECT DISTINCT usename::text FROM pg_stat_activity WHERE datname = \(db.name) AND usename IS NOT NULL AND pid <> pg_backend_pid()"
            )
            .map { try $0.column(0, as: String.self) }
        }
        #expect(Set(users).isSubset(of: ["icpledger_app", "icpledger_system", "icpledger_owner"]), "\(users)")
    }

    /// A libpq keyword string of settings given as overrides.
    static func keywords(_ settings: PostgresConnectionSettings) -> String {
        settings.overrides.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
    }
}
