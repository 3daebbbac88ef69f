public import Foundation
public import ICPDomain
public import ICPLedger
public import LedgerApplication
public import LedgerConfiguration
import Postgres
public import PostgresTestSupport
import Projections
public import SampleData

/// A ledger on a fresh test database, built as the programs build theirs (`LedgerServices`), with
/// a scripted clock. Shared by the application-layer, projection and HTTP tests.
public struct Fixture: Sendable {
    public let db: TestDatabase
    public let services: LedgerServices
    public let clock: ScriptedClock
    public var ledger: Ledger { services.ledger }

    /// A fresh database (on `cluster`) and a ledger over it; the clock starts at 2025-01-01 12:00 UTC unless told otherwise.
    /// `webhooks` sets where webhook subscriptions may point (tests allow loopback receivers).
    public static func make(
        start: Date = Date(timeIntervalSince1970: 1_735_732_800), on cluster: TestCluster = .shared,
        webhooks: LedgerConfiguration.WebhookSettings? = nil
    ) async throws -> Fixture {
        let db = try await TestDatabase.create(on: cluster)
        let clock = ScriptedClock(start)
        let services = LedgerServices(database: db.ledgerDatabase, role: .command, now: { clock.now }, webhooks: webhooks)
        return Fixture(db: db, services: services, clock: clock)
    }

    /// Sets the clock to noon UTC of a day.
    public func on(_ day: String) {
        clock.set(CalendarDay(day)!.startOfDay(in: TimeZone(identifier: "UTC")!).addingTimeInterval(12 * 3600))
    }

    /// Every read-model table's rows as text, in key order (system role).
    public func snapshot() async throws -> [String: [String]] {
        try await db.withConnection(db.system) { connection in
            var result: [String: [String]] = [:]
            for table in ReadModelTable.allCases {
                let sql = "SELECT t::text FROM \(table.name) t ORDER BY \(table.keyColumns.joined(separator: ", "))"
                result[table.name] = try connection.query(PostgresQuery(unsafeSQL: sql)).map { try $0.column(0, as: String.self) }
            }
            return result
        }
    }

    /// Every read-model table's indexes, names left out ("table: [primary ]definition").
    public func indexes() async throws -> [String] {
        try await db.withConnection(db.system) { connection in
            try ReadModelTable.allCases.flatMap { table in
                try connection.query(
                    """
                    SELECT regexp_replace(pg_get_indexdef(indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', 'CREATE \\1INDEX ON t '),
                           indisprimary
                    FROM pg_index WHERE indrelid = \(table.name)::regclass ORDER BY 1
                    """
                ).map { row in
                    let (definition, primary) = try row.decode((String, Bool).self)
                    return "\(table.name): \(primary ? "primary " : "")\(definition)"
                }
            }
        }
    }

    /// A workspace with an admin, two approvers and an editor.
    public func team() async throws -> Team {
        let ws = WorkspaceID()
        let admin = try await ledger.registerPrincipal("maria.chen", in: ws)
        let approver = try await ledger.registerPrincipal("dev.patel", in: ws)
        let approver2 = try await ledger.registerPrincipal("sam.okafor", in: ws)
        let editor = try await ledger.registerPrincipal("lena.ortiz", in: ws)
        try await ledger.createWorkspace(ws, name: "acme-\(ws.description.prefix(8))", timeZone: "UTC", by: admin)
        try await ledger.grantRole(.approver, to: approver, in: ws, by: admin)
        try await ledger.grantRole(.approver, to: approver2, in: ws, by: admin)
        try await ledger.grantRole(.editor, to: editor, in: ws, by: admin)
        return Team(workspace: ws, admin: admin, approver: approver, approver2: approver2, editor: editor)
    }
}

/// The people of a workspace made by ``Fixture/team()``.
public struct Team: Sendable {
    public let workspace: WorkspaceID
    public let admin: PrincipalID
    public let approver: PrincipalID
    public let approver2: PrincipalID
    public let editor: PrincipalID
}
