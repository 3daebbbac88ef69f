import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import TestFixtures
import Testing

/// A command named by its caller (an HTTP `Idempotency-Key`) takes effect once, even when the
/// answer to its first attempt was lost and it is run again on a state that has moved on.
@Suite("Commands named by the caller")
struct NamedCommandTests {
    @Test("run twice under one name, an approval is stored once and the second run reports the stored write")
    func onceUnderOneName() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        let name = CommandIdentity.named("approve-1", in: UUID())
        let first = try await Ledger.$commandIdentity.withValue(name) {
            try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        }
        #expect(first.events.count == 1 && first.version == 2)
        // Decided again, this approval would be refused (already approved): the stored events answer instead.
        let second = try await Ledger.$commandIdentity.withValue(name) {
            try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        }
        #expect(second.events.isEmpty && second.version == 2 && second.cursor == first.cursor)
        #expect(try await f.ledger.icpVersion(icp, in: t.workspace) == 2)
        // Without the name the same approval is decided and refused.
        await #expect(throws: LedgerError.self) { try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver) }
    }

    @Test("names are stable per namespace and distinct across names and namespaces")
    func naming() {
        let account = UUID()
        #expect(CommandIdentity.named("k", in: account) == CommandIdentity.named("k", in: account))
        #expect(CommandIdentity.named("k", in: account) != CommandIdentity.named("k2", in: account))
        #expect(CommandIdentity.named("k", in: account) != CommandIdentity.named("k", in: UUID()))
    }
}
