import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import Projections
import TestFixtures
import Testing
import Webhooks

/// Invariant 7 over the whole catalogue: every table that carries a tenant, not a chosen few.
@Suite("Every tenant table isolates tenants and grants the request path only what it uses", .serialized)
struct TenantCatalogueTests {
    /// What the request-path role may do to each table; every other tenant table is read-only to it.
    static let appWrites: [String: Set<String>] = [
        "events": ["INSERT"],  // column-level, see below
        "principals": ["INSERT"],
        "personal_notes": ["INSERT"],  // written with the event that refers to the note
        "webhook_subscriptions": ["INSERT"],  // and UPDATE of removed_at only (a column grant)
        "webhook_deliveries": ["INSERT"],  // written with the event it announces
        "workspace_names": ["INSERT", "DELETE"],
        "pipeline_snapshots": ["INSERT"],  // erased only through erase_pipeline_snapshot
        "pipeline_snapshot_chunks": ["INSERT"],
        "pipeline_owner_keys": ["INSERT"],
    ]

    /// Two fully populated workspaces: every tenant table holds rows of both.
    func populate(_ f: Fixture) async throws -> (Team, Team, [UUID: Set<ICPID>]) {
        var icps: [UUID: Set<ICPID>] = [:]
        var teams: [Team] = []
        for _ in 0..<2 {
            let t = try await f.team()
            _ = try await f.ledger.addWebhook(
                NewWebhookSubscription(url: "http://127.0.0.1:9/hook", eventTypes: ["revision.published"]), in: t.workspace, by: t.admin)
            let icp = ICPID()
            try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
            try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
            try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay(f.clock.now, in: .gmt), by: t.editor)
            try await f.ledger.recordFinding(
                in: t.workspace, audit: .customer, summary: "Churn clusters in retail.", severity: .medium,
                recommendation: "Disqualify retail.", icp: icp, notes: "Heard from three account managers.", by: t.editor)
            let export = "name,industry,employees,amount,owner\r\nLedgerly,fintech,120,\"1,000\",Pat Smith\r\n"
            _ = try await f.ledger.importPipeline(
                .bytes(Array(export.utf8)), options: PipelineImportOptions(day: CalendarDay(f.clock.now, in: .gmt)), in: t.workspace, by: t.editor)
            icps[t.workspace.uuid] = [icp]
            teams.append(t)
        }
        // A halt row per workspace, as the projector records one (subscription_checkpoints holds tenant rows only then).
        let tenants = teams.map(\.workspace)
        try await f.db.withConnection(f.db.system) { connection in
            for workspace in tenants {
                try EventSubscription.record(
                    TenantHalt(
                        tenant: workspace.uuid, cursor: FeedCursor(transactionID: 1, position: 1),
                        eventID: UUID(), stream: "icp-x", streamVersion: 1, eventType: "Test",
                        reason: "secret of \(workspace)", haltedAt: Date()),
                    subscription: ReadModelRunner.subscriptionName, on: connection)
            }
        }
        return (teams[0], teams[1], icps)
    }

    @Test("as the request-path role, each tenant table shows a workspace its own rows only, and none without a tenant")
    func everyTableIsolates() async throws {
        let f = try await Fixture.make(webhooks: .init(allowInternal: true))
        let (a, b, _) = try await populate(f)
        let tables = try await f.db.withConnection(f.db.system) { connection in
            try connection.query(
                """
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)::int
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relnamespace = 'public'::regnamespace
                ORDER BY c.relname
                """
            ).map { try $0.decode((String, Bool, Bool, Int).self) }
        }
        #expect(tables.count >= 11, "\(tables.map(\.0))")
        for (table, enabled, forced, policies) in tables {
            #expect(enabled && policies > 0, "\(table) has no row-level security policy")
            if table != "subscription_checkpoints" { #expect(forced, "\(table) does not force row-level security") }
            let rows = try await f.db.withConnection(f.db.system) { connection in
                try connection.query(
                    """
                    SELECT count(*) FILTER (WHERE tenant_id = \(a.workspace.uuid))::int, count(*) FILTER (WHERE tenant_id = \(b.workspace.uuid))::int
                    FROM \(identifier: table)
                    """
                ).single().decode((Int, Int).self)
            }
            #expect(rows.0 > 0 && rows.1 > 0, "\(table) holds no rows of both workspaces, so isolation is not tested on it")
            let seen = try await f.db.withConnection(f.db.app) { connection in
                try connection.transaction { connection in
                    try EventStore.setTenant(a.workspace.uuid, on: connection)
                    return try connection.query(
                        """
                        SELECT count(*) FILTER (WHERE tenant_id = \(a.workspace.uuid))::int, count(*) FILTER (WHERE tenant_id <> \(a.workspace.uuid))::int
                        FROM \(identifier: table)
                        """
                    ).single().decode((Int, Int).self)
                }
            }
            #expect(seen.0 == rows.0, "\(table): the workspace does not see all of its own rows")
            #expect(seen.1 == 0, "\(table): the workspace sees \(seen.1) rows of another")
            let blind = try await f.db.withConnection(f.db.app) { connection in
                try connection.query("SELECT count(*)::int FROM \(identifier: table)").single().column(0, as: Int.self)
            }
            #expect(blind == 0, "\(table) shows \(blind) rows to a session that named no tenant")
        }
    }

    @Test("the request-path role cannot write what only the projector and the owner write")
    func leastPrivilege() async throws {
        let f = try await Fixture.make(webhooks: .init(allowInternal: true))
        let (a, _, _) = try await populate(f)
        let tables = try await f.db.withConnection(f.db.system) { connection in
            try connection.query(
                """
                SELECT c.relname, has_table_privilege('icpledger_app', c.oid, 'SELECT'),
                       has_any_column_privilege('icpledger_app', c.oid, 'INSERT'), has_table_privilege('icpledger_app', c.oid, 'UPDATE'),
                       has_table_privilege('icpledger_app', c.oid, 'DELETE'), has_table_privilege('icpledger_app', c.oid, 'TRUNCATE')
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname
                """
            ).map { try $0.decode((String, Bool, Bool, Bool, Bool, Bool).self) }
        }
        for (table, select, insert, update, delete, truncate) in tables {
            let allowed = Self.appWrites[table] ?? []
            #expect(select, "\(table) is not readable by the request path")
            #expect(insert == allowed.contains("INSERT"), "\(table): INSERT is \(insert)")
            #expect(update == allowed.contains("UPDATE"), "\(table): UPDATE is \(update)")
            #expect(delete == allowed.contains("DELETE"), "\(table): DELETE is \(delete)")
            #expect(!truncate, "\(table): TRUNCATE is granted")
        }
        // And in practice: an UPDATE of a read model by the request path is refused by PostgreSQL.
        for table in ReadModelTable.allCases {
            let error = await #expect(throws: PostgresError.self) {
                try await f.db.withConnection(f.db.app) { connection in
                    try connection.transaction { connection in
                        try EventStore.setTenant(a.workspace.uuid, on: connection)
                        try connection.query(PostgresQuery(unsafeSQL: "UPDATE \(table.name) SET tenant_id = tenant_id"))
                    }
                }
            }
            #expect(error?.sqlState == "42501", "\(table.name): \(String(describing: error))")
        }
    }

    @Test("through the application's queries a workspace sees only itself, whatever ids it asks for")
    func applicationQueries() async throws {
        let f = try await Fixture.make(webhooks: .init(allowInternal: true))
        let (a, b, icps) = try await populate(f)
        let own = icps[a.workspace.uuid] ?? [], theirs = icps[b.workspace.uuid] ?? []
        let l = f.ledger
        #expect(Set(try await l.listICPs(in: a.workspace).map(\.id)) == own)
        #expect(try await l.findings(in: a.workspace).allSatisfy { $0.icpId.map(own.contains) ?? true })
        #expect(try await l.findings(in: a.workspace).count == 1)
        #expect(Set(try await l.disqualifierRegistry(in: a.workspace).map(\.icpId)) == own)
        #expect(Set(try await l.principals(in: a.workspace).map(\.id)) == [a.admin, a.approver, a.approver2, a.editor])
        #expect(Set(try await l.workspaceMembers(a.workspace).map(\.principal)) == [a.admin, a.approver, a.approver2, a.editor])
        #expect(try await l.activity(in: a.workspace, limit: 500).allSatisfy { !$0.stream.contains(theirs.first?.description ?? "-") })
        #expect(try await l.projectionHalt(in: a.workspace)?.reason.contains(a.workspace.description) == true)
        for icp in theirs {
            #expect(try await l.currentICP(icp, in: a.workspace) == nil)
            #expect(try await l.revisionHistory(icp, in: a.workspace).isEmpty)
            #expect(try await l.operatingOn(CalendarDay(year: 2030, month: 1, day: 1)!, icp: icp, in: a.workspace) == nil)
            #expect(try await l.recordedAt(Date(), icp: icp, in: a.workspace) == nil)
            await #expect(throws: LedgerError.self) { try await l.approve(icp, in: a.workspace, revision: 1, by: a.approver) }
        }
    }
}
