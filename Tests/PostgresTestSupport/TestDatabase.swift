public import Foundation
public import LedgerDatabase
import Logging
public import Postgres
import PostgresEmbedded
import SchemaMigrations
import TestFixtures

#if canImport(Glibc)
import Glibc
#endif

/// Which throwaway cluster a test database lives on.
///
/// An open transaction that holds a transaction id holds back the gap-safe feed of every
/// database on its cluster (transaction ids are cluster-wide). Tests that keep one open on
/// purpose take their database from a cluster of their own, so the read models of the
/// tests beside them (and the 10-second read-your-writes wait of CLI commands) keep moving.
public enum TestCluster: Sendable {
    /// The cluster most tests share.
    case shared
    /// A second cluster for tests that hold transactions (or locks) open on purpose.
    case holdsTransactionsOpen
}

/// A fresh, migrated database of its own for one test.
///
/// The first use in a test process starts a throwaway PostgreSQL cluster (or uses
/// `TEST_DATABASE_URL`, which must name a superuser), migrates a template database
/// once, and then copies it per test with `CREATE DATABASE … TEMPLATE`. A watchdog
/// stops and deletes the throwaway cluster when the test process exits, however it exits.
/// Tests log in as the service's roles, never as a superuser, except tamper tests
/// that ask for `superuser` on purpose.
public struct TestDatabase: Sendable {
    /// The database's name.
    public let name: String
    /// Logs in as the schema owner.
    public let owner: PostgresConnectionSettings
    /// Logs in as (or acts as) the request-path role.
    public let app: PostgresConnectionSettings
    /// Logs in as (or acts as) the system role.
    public let system: PostgresConnectionSettings
    /// A superuser login, for tamper tests only.
    public let superuser: PostgresConnectionSettings

    /// One `CREATE DATABASE` at a time. Each holds a transaction id while it copies the template, and
    /// the gap-safe feed of every database on the cluster stops below the oldest running one: many
    /// overlapping copies kept the feeds of tests running beside them from moving for seconds (CLI
    /// commands then timed out waiting for their read models). One at a time, the feeds move between
    /// copies. The lock is taken on a thread of its own (``Blocking``), never on the cooperative pool.
    /// A full run asks for about 250 copies at once, so a test may wait here for well over a minute
    /// before its body starts; its time limit counts that wait (see `TestTimeLimitTests`).
    static let creation = NSLock()

    /// Creates a new database copied from the migrated template, on `cluster`.
    public static func create(on cluster: TestCluster = .shared) async throws -> TestDatabase {
        let server = try await TestServer.value(cluster)
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Blocking.run {
            let admin = try PostgresConnection(settings: server.admin)
            try creation.withLock { try LedgerDatabase.createDatabase(name, admin: admin, template: TestServer.templateName) }
        }
        return server.database(named: name)
    }

    /// Creates a new, empty database that no migration has touched (for upgrade and migration
    /// tests, whose migrations run in transactions of their own: on the second cluster).
    public static func createUnmigrated() async throws -> TestDatabase {
        let server = try await TestServer.value(.holdsTransactionsOpen)
        let name = "u_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Blocking.run {
            let admin = try PostgresConnection(settings: server.admin)
            try LedgerDatabase.createDatabase(name, admin: admin)
        }
        return server.database(named: name)
    }

    /// The repository's Schema/ folder, which every test database is migrated from.
    public static var schemaDirectory: URL { TestServer.schemaDirectory }

    /// The script that rebuilds `events` hash-partitioned by tenant (the shape Citus distributes):
    /// scripts/partition-events-by-tenant.sql. With `ICPLEDGER_TEST_PARTITIONED_EVENTS=on` the template,
    /// and so every test database, has that shape.
    public static var partitionScript: URL {
        schemaDirectory.deletingLastPathComponent().appendingPathComponent("scripts/partition-events-by-tenant.sql")
    }

    /// Whether this run's test databases have `events` hash-partitioned by tenant (`ICPLEDGER_TEST_PARTITIONED_EVENTS`).
    public static var partitionedEvents: Bool { TestEnvironment.settings.partitionedEvents }

    /// Rebuilds this database's `events` hash-partitioned by tenant, as the owner (the script does
    /// nothing on a table that already is).
    public func partitionEvents() async throws {
        try await withConnection(owner) { try TestServer.partitionEvents(on: $0) }
    }

    /// A pool logged in as the request-path role.
    public func appPool(maxConnections: Int = 4) -> PostgresPool {
        PostgresPool(settings: app, maxConnections: maxConnections)
    }

    /// A pool logged in as the system role.
    public func systemPool(maxConnections: Int = 4) -> PostgresPool {
        PostgresPool(settings: system, maxConnections: maxConnections)
    }

    /// Runs a blocking block on a fresh connection, off the cooperative pool.
    public func withConnection<T: Sendable>(
        _ settings: PostgresConnectionSettings,
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await Blocking.run { try body(try PostgresConnection(settings: settings)) }
    }
}

/// The server every test database lives on, set up once per test process.
struct TestServer: Sendable {
    static let templateName = "icpledger_template"
    let admin: PostgresConnectionSettings
    let roleLogins: Bool
    /// The throwaway cluster's use, held for the life of the test process (its watchdog stops the cluster).
    var lease: EmbeddedClusterLease? = nil

    static let shared = Task<TestServer, any Error>.detached { try await start(folderSuffix: "") }
    /// Started at its first use only; with `TEST_DATABASE_URL` it is the shared server.
    static let apart = Task<TestServer, any Error>.detached {
        TestEnvironment.settings.databaseURL == nil ? try await start(folderSuffix: "-apart") : try await shared.value
    }

    static func value(_ cluster: TestCluster) async throws -> TestServer {
        switch cluster {
        case .shared: try await shared.value
        case .holdsTransactionsOpen: try await apart.value
        }
    }

    static func start(folderSuffix: String) async throws -> TestServer {
        let logger = Logger(label: "tests.postgres")
        let server: TestServer
        if let url = TestEnvironment.settings.databaseURL {
            server = TestServer(admin: PostgresConnectionSettings(connectionString: url), roleLogins: false)
        } else {
            // Everything of the cluster (data folder, lock file) is in this folder; the watchdog removes it
            // and the socket folder when the test process ends, however it ends.
            let processFolder = clusterParentFolder().appendingPathComponent("icpledger-tests-\(getpid())\(folderSuffix)").path
            let embedded = EmbeddedPostgres(
                dataDirectory: processFolder + "/pgdata", loginRoles: DatabaseRole.allCases.map(\.rawValue),
                durable: false, logger: logger)
            try await embedded.stopWhenProcessExits(thenRemoving: processFolder)
            let lease = try await embedded.start()
            let cluster = lease.cluster
            try LedgerDatabase.createRolesAndDatabase(cluster: cluster, database: "postgres")
            server = TestServer(admin: cluster.settings(user: cluster.superuser, database: "postgres"), roleLogins: true, lease: lease)
        }
        try await Blocking.run { try server.prepareTemplate() }
        return server
    }

    /// Where the throwaway clusters keep their files: `/dev/shm` when it is a memory file system with
    /// `minimumFree` bytes free and the machine has as much memory available, else the temporary folder.
    ///
    /// A full run copies the template about 250 times, and each copy writes its pages and as much WAL.
    /// On disk, single copies took up to 12 s, most likely waiting on the write-back of that traffic;
    /// a copy holds a transaction id, so every feed on the cluster stood still meanwhile, and commands
    /// waiting 10 s for their read models failed. In memory the slowest copy took about 2 s and the
    /// copies' total fell from 62 s to 37-41 s (full runs timed with temporary lines). A full run
    /// peaks at about 3.3 GB there.
    static func clusterParentFolder(memory: String = "/dev/shm", minimumFree: UInt64 = 8 << 30) -> URL {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        let inMemory = mounts.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 2 && fields[1] == memory && fields[2] == "tmpfs"
        }
        var space = statvfs()
        if inMemory, access(memory, W_OK) == 0, statvfs(memory, &space) == 0,
            UInt64(space.f_bavail) * UInt64(space.f_frsize) >= minimumFree, (availableMemory() ?? 0) >= minimumFree
        {
            return URL(fileURLWithPath: memory)
        }
        return FileManager.default.temporaryDirectory
    }

    /// `MemAvailable` of /proc/meminfo in bytes: a tmpfs may be larger than the memory that can back it.
    static func availableMemory() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") })
        else { return nil }
        let fields = line.split(separator: " ")
        guard fields.count >= 2, let kilobytes = UInt64(fields[1]) else { return nil }
        return kilobytes * 1024
    }

    /// Migrates a fresh template database; every test database is a copy of it.
    func prepareTemplate() throws {
        let admin = try PostgresConnection(settings: self.admin)
        try admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(Self.templateName)"))
        try LedgerDatabase.createDatabase(Self.templateName, admin: admin)
        let migrations = try Migration.load(from: Self.schemaDirectory)
        let owner = try PostgresConnection(settings: database(named: Self.templateName).owner)
        try Migrator(migrations: migrations).migrate(owner)
        if TestDatabase.partitionedEvents { try Self.partitionEvents(on: owner) }
    }

    /// Runs scripts/partition-events-by-tenant.sql (one DO block) in a transaction on `owner`.
    static func partitionEvents(on owner: PostgresConnection) throws {
        let script = try String(contentsOf: TestDatabase.partitionScript, encoding: .utf8)
        try owner.transaction { try $0.execute(script: script) }
    }

    func database(named name: String) -> TestDatabase {
        let base = admin.with(["dbname": name])
        func login(_ role: DatabaseRole) -> PostgresConnectionSettings {
            roleLogins ? base.with(["user": role.rawValue]) : base.with(["options": "-c role=\(role.rawValue)"])
        }
        return TestDatabase(name: name, owner: login(.owner), app: login(.app), system: login(.system), superuser: base)
    }

    /// The repository's Schema/ folder.
    static var schemaDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schema")
    }
}

extension TestDatabase {
    /// This database as the application's builder takes it (`LedgerServices(database:role:)`): each
    /// role's login, and no cluster lease of its own (the test cluster outlives every test).
    public var ledgerDatabase: LedgerDatabase {
        LedgerDatabase(
            owner: owner, app: app, system: system, cluster: nil, embedded: nil,
            configuration: DatabaseConfiguration(source: .external(connectionString: "")))
    }
}
