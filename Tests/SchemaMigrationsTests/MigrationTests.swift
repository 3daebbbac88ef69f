import Foundation
import Postgres
import PostgresTestSupport
import SchemaMigrations
import Testing

@Suite("Schema migrations")
struct MigrationTests {
    static var schema: URL { TestDatabase.schemaDirectory }

    func real() throws -> [Migration] { try Migration.load(from: Self.schema) }

    func applied(_ db: TestDatabase) async throws -> [Int] {
        try await db.withConnection(db.owner) { connection in
            try connection.query("SELECT version FROM schema_migrations ORDER BY version").map { try $0.column(0, as: Int.self) }
        }
    }

    @Test("each migration is applied once; running again applies nothing")
    func appliedOnce() async throws {
        let db = try await TestDatabase.create(on: .holdsTransactionsOpen)
        let extra = Migration(version: 9001, name: "extra", sql: "CREATE TABLE extra_table (tenant_id uuid PRIMARY KEY)")
        let migrator = Migrator(migrations: try real() + [extra])
        let first = try await db.withConnection(db.owner) { try migrator.migrate($0) }
        let second = try await db.withConnection(db.owner) { try migrator.migrate($0) }
        #expect(first == [extra])
        #expect(second.isEmpty)
        #expect(try await applied(db) == (try real()).map(\.version) + [9001])
    }

    @Test("two instances migrating at once apply every migration exactly once")
    func concurrentStarts() async throws {
        let db = try await TestDatabase.create(on: .holdsTransactionsOpen)
        let extras = (9001...9005).map {
            Migration(version: $0, name: "slow_\($0)", sql: "SELECT pg_sleep(0.05); CREATE TABLE t\($0) (tenant_id uuid PRIMARY KEY);")
        }
        let migrator = Migrator(migrations: try real() + extras)
        let owner = db.owner
        let results = try await withThrowingTaskGroup(of: [Migration].self) { group in
            for _ in 0..<3 {
                group.addTask { try await Blocking.run { try migrator.migrate(try PostgresConnection(settings: owner)) } }
            }
            return try await group.reduce(into: [Migration]()) { $0 += $1 }
        }
        #expect(results.map(\.version).sorted() == Array(9001...9005))
        #expect(try await applied(db).suffix(5) == Array(9001...9005))
    }

    @Test("a migration that fails half-way leaves nothing behind and says which one failed")
    func failedMigrationRollsBack() async throws {
        let db = try await TestDatabase.create(on: .holdsTransactionsOpen)
        let broken = Migration(
            version: 9001, name: "broken",
            sql: """
                CREATE TABLE half_done (tenant_id uuid PRIMARY KEY);
                INSERT INTO half_done VALUES ('00000000-0000-0000-0000-000000000001');
                SELECT no_such_function();
                """)
        let migrator = Migrator(migrations: try real() + [broken])
        do {
            _ = try await db.withConnection(db.owner) { try migrator.migrate($0) }
            Issue.record("the broken migration was applied")
        } catch let error as MigrationError {
            #expect(error.description.contains("migration 9001 (broken) failed and was rolled back"))
        }
        let exists = try await db.withConnection(db.owner) {
            try $0.query("SELECT to_regclass('half_done') IS NOT NULL").single().column(0, as: Bool.self)
        }
        #expect(!exists)
        #expect(!(try await applied(db)).contains(9001))
    }

    @Test("an applied migration whose file changed is refused")
    func checksumMismatch() async throws {
        let db = try await TestDatabase.create(on: .holdsTransactionsOpen)
        var edited = try real()
        edited[0] = Migration(version: edited[0].version, name: edited[0].name, sql: edited[0].sql + "\n-- sneaky edit\n")
        let migrator = Migrator(migrations: edited)
        await #expect(throws: MigrationError.self) { try await db.withConnection(db.owner) { try migrator.migrate($0) } }
    }

    @Test("a database newer than this build is refused")
    func databaseNewerThanCode() async throws {
        let db = try await TestDatabase.create(on: .holdsTransactionsOpen)
        let all = try real()
        let future = Migration(version: 9999, name: "future", sql: "SELECT 1")
        _ = try await db.withConnection(db.owner) { try Migrator(migrations: all + [future]).migrate($0) }
        do {
            _ = try await db.withConnection(db.owner) { try Migrator(migrations: all).migrate($0) }
            Issue.record("an older build migrated a newer database")
        } catch let error as MigrationError {
            #expect(error.description.contains("schema 9999"))
        }
    }
}
