public import Postgres

/// Applies pending migrations, each once and in its own transaction.
///
/// A session-level advisory lock on a direct connection makes concurrent starts
/// safe: the second instance waits, then finds nothing left to do.
public struct Migrator: Sendable {
    /// The migrations this build knows, in order.
    public let migrations: [Migration]

    /// Arbitrary constant naming the migration lock.
    static let lockKey: Int64 = 0x1C91_ED6E_5000_0001

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Brings the database up to date and returns the migrations it applied now.
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> [Migration] {
        try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedMigrations(connection)
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        if let newest = applied.keys.max(), newest > (migrations.last?.version ?? 0) {
            throw MigrationError.databaseNewerThanCode(databaseVersion: newest, codeVersion: migrations.last?.version ?? 0)
        }
        for (version, checksum) in applied {
            if let migration = known[version], migration.checksum != checksum {
                throw MigrationError.checksumMismatch(version: version, name: migration.name)
            }
        }
        var done: [Migration] = []
        for migration in migrations where applied[migration.version] == nil {
            do {
                try connection.transaction { connection in
                    try connection.execute(script: migration.sql)
                    try connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError {
                throw MigrationError.failed(version: migration.version, name: migration.name, reason: error.description)
            }
            done.append(migration)
        }
        return done
    }

    /// Version → checksum of what the database has applied.
    public func appliedMigrations(_ connection: PostgresConnection) throws -> [Int: String] {
        let rows = try connection.query("SELECT version, checksum FROM schema_migrations")
        var result: [Int: String] = [:]
        for row in rows {
            let (version, checksum) = try row.decode((Int, String).self)
            result[version] = checksum
        }
        return result
    }
}
