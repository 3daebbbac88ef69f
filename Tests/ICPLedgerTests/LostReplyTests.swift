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

/// Fault 4 of the hardening issue: a lost commit acknowledgement must not duplicate a change.
@Suite("A command whose reply is lost takes effect once", .serialized)
struct LostReplyTests {
    @Test("the connection drops after the append's COMMIT: the command resends the same events and reports the stored result")
    func lostReplyIsRetriedIdempotently() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        // Needs the embedded cluster's socket.
        guard let host = f.db.app.overrides["host"], host.hasPrefix("/"), let port = f.db.app.overrides["port"] else { return }
        let proxy = try FaultProxy(unixSocket: FaultProxy.socketFile(host: host, port: port))
        defer { proxy.stop() }
        let viaProxy = PostgresPool(
            settings: f.db.app.with(["host": "127.0.0.1", "port": String(proxy.port), "sslmode": "disable"]),
            maxConnections: 2)
        let ledger = Ledger(appPool: viaProxy, systemPool: f.db.systemPool(), now: { f.clock.now })
        let icp = ICPID()
        try await ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)

        var next = SampleICPs.fintechPlatforms
        next.signals.fit[0].weight = 35
        proxy.cutReply(after: "LOST-REPLY-MARKER")
        let outcome = try await ledger.proposeDefinition(
            icp, in: t.workspace, definition: next, rationale: "LOST-REPLY-MARKER: tune the weight",
            by: t.editor)
        #expect(proxy.cuts == 1, "the reply to the append was cut")
        #expect(outcome.revision == 2)
        let stored = try await f.db.withConnection(f.db.system) { c in
            try c.query("SELECT count(*)::int FROM events WHERE event_type = 'RevisionProposed'").single().column(0, as: Int.self)
        }
        #expect(stored == 1, "the change is stored once")
        #expect(try await ledger.revisionHistory(icp, in: t.workspace).map(\.revision) == [1, 2])

        // Running the command again (a new process knows nothing of the first) returns the same revision for its author…
        let again = try await ledger.proposeDefinition(icp, in: t.workspace, definition: next, rationale: "tune the weight", by: t.editor)
        #expect(again.revision == 2 && again.events.isEmpty)
        // …and is refused, naming it, for anyone else.
        do {
            try await ledger.proposeDefinition(icp, in: t.workspace, definition: next, rationale: "me too", by: t.admin)
            Issue.record("a second person's identical proposal was accepted")
        } catch LedgerError.refused(.duplicateProposal(let revision)) {
            #expect(revision == 2)
        }
        await viaProxy.close()
    }

    @Test("a command's event ids derive from its identity: fixed across attempts, distinct per event and per command")
    func commandIdentity() {
        let command = CommandIdentity()
        #expect(command.eventID(0) == CommandIdentity(command.id).eventID(0))
        #expect(command.eventID(0) != command.eventID(1))
        #expect(command.eventID(0) != CommandIdentity().eventID(0))
        #expect(command.eventID(3).uuidString.dropFirst(14).first == "8", "a version 8 UUID")
    }
}
