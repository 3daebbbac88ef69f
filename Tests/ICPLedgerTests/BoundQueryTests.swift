import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import TestFixtures
import Testing

/// Issue 16, item 3: no value is spliced into SQL text, so a long-lived connection holds a bounded set of statements.
@Suite("Every value is bound: a long-lived connection keeps a bounded set of prepared statements", .serialized)
struct BoundQueryTests {
    @Test("10,000 look-ups of different revisions and days on one connection leave a handful of prepared statements")
    func boundedStatements() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        let pool = f.db.appPool(maxConnections: 1)
        let ledger = Ledger(appPool: pool, systemPool: f.db.systemPool(), now: { f.clock.now })
        for number in 1...5_000 {
            _ = try? await ledger.revision(number, of: icp, in: t.workspace)
        }
        let first = CalendarDay(year: 2000, month: 1, day: 1)!
        for offset in 0..<5_000 {
            _ = try await ledger.operatingOn(first.adding(days: offset), icp: icp, in: t.workspace)
        }
        let (prepared, held) = try await pool.withConnection { connection in
            (
                try connection.query("SELECT count(*)::int FROM pg_prepared_statements").single().column(0, as: Int.self),
                connection.preparedStatementCount
            )
        }
        #expect(prepared == held)
        #expect(prepared < 20, "\(prepared) prepared statements after 10,000 look-ups")
        await pool.close()
    }
}
