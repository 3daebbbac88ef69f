import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("A proposal sent twice is one revision")
struct RepeatedProposalTests {
    @Test("the same person proposing exactly an open revision again records nothing; anyone else is refused and told which")
    func repeatedProposal() throws {
        let h = try WorkflowHarness.published()
        let changes = WorkflowHarness.weightChange()
        try h.run(.proposeRevision(changes: changes, rationale: "why", evidence: []), Fixtures.alice, .editor)
        #expect(try h.run(.proposeRevision(changes: changes, rationale: "why, again", evidence: []), Fixtures.alice, .editor).isEmpty)
        #expect(h.state?.revisions.count == 2)
        #expect(throws: DomainError.duplicateProposal(revision: 2)) {
            try h.run(.proposeRevision(changes: changes, rationale: "me too", evidence: []), Fixtures.dave, .editor)
        }
        // A different definition, or the same one once the open revision is closed, is a new revision.
        try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(36), rationale: "other", evidence: []), Fixtures.dave, .editor)
        try h.run(.rejectRevision(2, reason: "no"), Fixtures.bob, .approver)
        try h.run(.proposeRevision(changes: changes, rationale: "again", evidence: []), Fixtures.dave, .editor)
        #expect(h.state?.revisions.count == 4)
    }

    @Test("a whole definition is proposed against what operates now, and refused when the edit started from another revision")
    func proposeDefinition() throws {
        let h = try WorkflowHarness.published()
        var edited = SampleICPs.boardReporting()
        edited.signals.fit[0].weight = 31
        #expect(throws: DomainError.baseMoved(edited: 0, operating: 1)) {
            try h.run(.proposeDefinition(edited, rationale: "r", evidence: [], basedOn: 0), Fixtures.alice, .editor)
        }
        let events = try h.run(.proposeDefinition(edited, rationale: "r", evidence: [], basedOn: 1), Fixtures.alice, .editor)
        guard case .revisionProposed(let proposed) = events.first else {
            Issue.record("nothing proposed")
            return
        }
        #expect(proposed.changes == DefinitionDiff.between(SampleICPs.boardReporting(), edited).changes)
        #expect(throws: DomainError.emptyChangeSet) {
            try h.run(.proposeDefinition(SampleICPs.boardReporting(), rationale: "r", evidence: [], basedOn: 1), Fixtures.alice, .editor)
        }
    }

    @Test("a new ICP's draft keeps the author's rationale and evidence")
    func draftRationale() throws {
        let h = WorkflowHarness()
        try h.run(
            .draft(
                id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: Fixtures.alice, definition: SampleICPs.boardReporting(),
                rationale: "Written after the Q2 win-loss review.", evidence: [.finding(Fixtures.findingId)]), Fixtures.alice, .editor)
        #expect(h.state?.revision(1)?.rationale == "Written after the Q2 win-loss review.")
        #expect(h.state?.revision(1)?.evidence == [.finding(Fixtures.findingId)])
    }
}
