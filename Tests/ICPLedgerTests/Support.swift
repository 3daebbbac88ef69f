import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication
import Postgres
import PostgresTestSupport
import Projections
import SampleData

/// A ledger on a fresh database, built as the programs build theirs, with a scripted clock.
struct Fixture {
    let db: TestDatabase
    let services: LedgerServices
    let clock: ScriptedClock
    var ledger: Ledger { services.ledger }

    static func make(start: Date = Date(timeIntervalSince1970: 1_735_732_800)) async throws -> Fixture {  // 2025-01-01 12:00Z
        let db = try await TestDatabase.create()
        let clock = ScriptedClock(start)
        let services = LedgerServices(database: db.ledgerDatabase, role: .command, now: { clock.now })
        return Fixture(db: db, services: services, clock: clock)
    }

    /// Sets the clock to noon UTC of a day.
    func on(_ day: String) {
        clock.set(CalendarDay(day)!.startOfDay(in: TimeZone(identifier: "UTC")!).addingTimeInterval(12 * 3600))
    }

    /// Every read-model table's rows as text, in key order (system role).
    func snapshot() async throws -> [String: [String]] {
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
    func indexes() async throws -> [String] {
        try await db.withConnection(db.system) { connection in
            try ReadModelTable.allCases.flatMap { table in
                try connection.query("""
                    SELECT regexp_replace(pg_get_indexdef(indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', 'CREATE \\1INDEX ON t '),
                           indisprimary
                    FROM pg_index WHERE indrelid = \(table.name)::regclass ORDER BY 1
                    """).map { row in
                    let (definition, primary) = try row.decode((String, Bool).self)
                    return "\(table.name): \(primary ? "primary " : "")\(definition)"
                }
            }
        }
    }

    /// A workspace with an admin, two approvers and an editor.
    func team() async throws -> Team {
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

struct Team {
    let workspace: WorkspaceID
    let admin: PrincipalID
    let approver: PrincipalID
    let approver2: PrincipalID
    let editor: PrincipalID
}

let sampleDefinition = ICPDefinition(
    name: "Fintech platforms",
    statement: "Series B fintech platforms whose finance lead must cut reconciliation time before the next audit.",
    signals: SignalSet(
        fit: [Signal(key: "industry", op: .in, value: .stringList(["fintech"]), weight: 30),
              Signal(key: "employees", op: .between, value: .numberRange(NumberRange(50, 500)), weight: 10)],
        economic: [Signal(key: "acvUSD", op: .atLeast, value: .number(25_000), weight: 20)]
    ),
    disqualifiers: [Disqualifier(key: "region", op: .in, value: .stringList(["RU"]), reason: "Sanctions.")],
    committee: [CommitteeRole(kind: .economicBuyer, pain: "Audit findings on reconciliation.")]
)
