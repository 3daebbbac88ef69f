import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("ICP revision workflow")
struct ICPWorkflowTests {
    let alice = Fixtures.alice, bob = Fixtures.bob, carol = Fixtures.carol, dave = Fixtures.dave

    @Test("drafting opens revision 1 as a proposal by the drafter")
    func draft() throws {
        let h = WorkflowHarness()
        try h.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: alice, definition: SampleICPs.boardReporting()), alice, .editor)
        #expect(h.state?.status == .draft)
        #expect(h.state?.revision(1)?.status == .proposed)
        #expect(h.state?.revision(1)?.authors == [alice])
        #expect(h.events.first?.stream.description == "icp-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
    }

    @Test("drafting twice, drafting as a viewer and drafting an invalid definition are refused")
    func draftRefusals() throws {
        let h = WorkflowHarness()
        let cmd = ICPCommand.draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: alice, definition: SampleICPs.boardReporting())
        #expect(throws: DomainError.insufficientRole(action: "draft an ICP", required: .editor, actual: .viewer)) { try h.run(cmd, alice, .viewer) }
        var bad = SampleICPs.boardReporting()
        bad.signals.fit[1].value = .number(5)
        #expect {
            try h.run(.draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: alice, definition: bad), alice, .editor)
        } throws: { error in
            guard case DomainError.invalid(let errors) = error else { return false }
            return errors.map(\.path) == ["signals.fit[1].operator"]
        }
        try h.run(cmd, alice, .editor)
        #expect(throws: DomainError.alreadyExists("ICP \(Fixtures.icpId)")) { try h.run(cmd, alice, .editor) }
    }

    @Test("the full happy path: draft, approve, publish, propose, approve, publish")
    func happyPath() throws {
        let h = try WorkflowHarness.published()
        #expect(h.state?.status == .operating)
        #expect(h.state?.publishedRevision == 1)
        try h.run(
            .proposeRevision(changes: WorkflowHarness.weightChange(), rationale: "Win-loss audit", evidence: [.finding(Fixtures.findingId)]), carol,
            .editor)
        try h.run(.approveRevision(2), bob, .approver)
        try h.run(.publishRevision(2, effectiveOn: CalendarDay(year: 2024, month: 7, day: 1)!), carol, .editor)
        #expect(h.state?.publishedRevision == 2)
        #expect(h.state?.publishedDefinition?.signals.fit[0].weight == 35)
        #expect(h.state?.revision(2)?.effectiveOn == CalendarDay(year: 2024, month: 7, day: 1))
    }

    @Test("an approval records the approver's comment, trimmed; a blank comment records none")
    func approvalComment() throws {
        let h = try WorkflowHarness.published()
        try h.run(
            .proposeRevision(changes: WorkflowHarness.weightChange(), rationale: "Win-loss audit", evidence: [.finding(Fixtures.findingId)]), carol,
            .editor)
        let withComment = try h.run(.approveRevision(2, comment: "  Matches the Q3 win-loss numbers. \n"), bob, .approver)
        guard case .revisionApproved(let approved)? = withComment.first else {
            Issue.record("no approval event")
            return
        }
        #expect(approved.comment == "Matches the Q3 win-loss numbers.")
        let second = try h.run(.approveRevision(2, comment: "   "), dave, .admin)
        guard case .revisionApproved(let plain)? = second.first else {
            Issue.record("no approval event")
            return
        }
        #expect(plain.comment == nil)
    }

    @Test("four-eyes: the proposer cannot approve or reject their own revision, whatever their role", arguments: [WorkspaceRole.approver, .admin])
    func fourEyes(_ role: WorkspaceRole) throws {
        let h = WorkflowHarness()
        try h.run(.draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: alice, definition: SampleICPs.boardReporting()), alice, role)
        #expect(throws: DomainError.proposerCannotApprove) { try h.run(.approveRevision(1), alice, role) }
        #expect(throws: DomainError.proposerCannotApprove) { try h.run(.rejectRevision(1, reason: "no"), alice, role) }
    }

    @Test("only approvers and admins approve", arguments: [WorkspaceRole?.none, .viewer, .editor])
    func notAnApprover(_ role: WorkspaceRole?) throws {
        let h = WorkflowHarness()
        try h.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: alice, definition: SampleICPs.boardReporting()), alice, .editor)
        #expect(throws: DomainError.notAnApprover) { try h.run(.approveRevision(1), bob, role) }
    }

    @Test("an unapproved revision cannot be published; unknown revisions are named")
    func publishRules() throws {
        let h = WorkflowHarness()
        try h.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: alice, definition: SampleICPs.boardReporting()), alice, .editor)
        let day = CalendarDay(year: 2024, month: 6, day: 1)!
        #expect(throws: DomainError.revisionNotApproved(1)) { try h.run(.publishRevision(1, effectiveOn: day), carol, .admin) }
        #expect(throws: DomainError.unknownRevision(7)) { try h.run(.publishRevision(7, effectiveOn: day), carol, .admin) }
        #expect(throws: DomainError.unknownRevision(7)) { try h.run(.approveRevision(7), bob, .approver) }
        try h.run(.approveRevision(1), bob, .approver)
        #expect(throws: DomainError.alreadyApproved(revision: 1)) { try h.run(.approveRevision(1), bob, .approver) }
        #expect(throws: DomainError.insufficientRole(action: "publish a revision", required: .editor, actual: .viewer)) {
            try h.run(.publishRevision(1, effectiveOn: day), carol, .viewer)
        }
        try h.run(.publishRevision(1, effectiveOn: day), carol, .editor)
        #expect(throws: DomainError.revisionNotOpen(1)) { try h.run(.publishRevision(1, effectiveOn: day), carol, .editor) }
    }

    @Test("amending dismisses approvals and makes the amender a co-author")
    func amend() throws {
        let h = try WorkflowHarness.published()
        try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(35), rationale: "r", evidence: []), alice, .editor)
        try h.run(.approveRevision(2), bob, .approver)
        let events = try h.run(.amendProposal(revision: 2, changes: WorkflowHarness.weightChange(45), rationale: "r2", evidence: []), carol, .editor)
        guard case .proposalAmended(let e)? = events.first else {
            Issue.record("expected ProposalAmended")
            return
        }
        #expect(e.dismissedApprovals == [bob])
        #expect(h.state?.revision(2)?.status == .proposed)
        #expect(h.state?.revision(2)?.approvals.isEmpty == true)
        #expect(throws: DomainError.revisionNotApproved(2)) {
            try h.run(.publishRevision(2, effectiveOn: CalendarDay(year: 2024, month: 7, day: 1)!), alice, .editor)
        }
        #expect(throws: DomainError.proposerCannotApprove) { try h.run(.approveRevision(2), carol, .approver) }
        try h.run(.approveRevision(2), dave, .approver)
        try h.run(.publishRevision(2, effectiveOn: CalendarDay(year: 2024, month: 7, day: 1)!), alice, .editor)
        #expect(h.state?.publishedDefinition?.signals.fit[0].weight == 45)
    }

    @Test("empty and no-op proposals are refused; invalid results report paths")
    func proposalRefusals() throws {
        let h = try WorkflowHarness.published()
        #expect(throws: DomainError.emptyChangeSet) { try h.run(.proposeRevision(changes: [], rationale: "r", evidence: []), alice, .editor) }
        var bad = SampleICPs.boardReporting()
        bad.signals.fit[0].weight = 0
        #expect(
            throws: DomainError.invalid([
                ValidationError(.weightOutOfRange, at: "signals.fit[0].weight", "A weight must be above 0 and at most 100, not 0.0.")
            ])
        ) {
            try h.run(
                .proposeRevision(changes: DefinitionDiff.between(SampleICPs.boardReporting(), bad).changes, rationale: "r", evidence: []), alice,
                .editor)
        }
        #expect(throws: DomainError.self) {
            try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(), rationale: " ", evidence: []), alice, .editor)
        }
    }

    @Test("a revision written against an older published revision is stale until amended")
    func stale() throws {
        let h = try WorkflowHarness.published()
        try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(35), rationale: "r", evidence: []), alice, .editor)
        var b = SampleICPs.boardReporting()
        b.signals.trigger[0].weight = 20
        try h.run(
            .proposeRevision(changes: DefinitionDiff.between(SampleICPs.boardReporting(), b).changes, rationale: "r", evidence: []), alice, .editor)
        try h.run(.approveRevision(2), bob, .approver)
        try h.run(.approveRevision(3), bob, .approver)
        let day = CalendarDay(year: 2024, month: 7, day: 1)!
        let published = try h.run(.publishRevision(3, effectiveOn: day), carol, .editor)
        // Publishing 3 dismissed the approval of 2: it approved changes against revision 1.
        #expect(
            published.last
                == .approvalsDismissed(
                    ApprovalsDismissed(icpId: Fixtures.icpId, revision: 2, dismissed: [bob], publishedRevision: 3, dismissedAt: Timestamp(h.clock))))
        #expect(h.state?.revision(2)?.status == .proposed && h.state?.revision(2)?.approvals.isEmpty == true)
        #expect(throws: DomainError.revisionNotApproved(2)) { try h.run(.publishRevision(2, effectiveOn: day), carol, .editor) }
        try h.run(.approveRevision(2), bob, .approver)
        #expect(throws: DomainError.revisionStale(revision: 2, base: 1, current: 3)) {
            try h.run(.publishRevision(2, effectiveOn: day), carol, .editor)
        }
        // Rebase by amending against the now-published revision 3.
        var c = h.state!.publishedDefinition!
        c.signals.fit[0].weight = 35
        try h.run(
            .amendProposal(
                revision: 2, changes: DefinitionDiff.between(h.state!.publishedDefinition!, c).changes, rationale: "rebased", evidence: []), alice,
            .editor)
        try h.run(.approveRevision(2), bob, .approver)
        try h.run(.publishRevision(2, effectiveOn: day), carol, .editor)
        #expect(h.state?.publishedDefinition?.signals.fit[0].weight == 35)
        #expect(h.state?.publishedDefinition?.signals.trigger[0].weight == 20)
    }

    @Test("rejected revisions are closed")
    func reject() throws {
        let h = try WorkflowHarness.published()
        try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(), rationale: "r", evidence: []), alice, .editor)
        #expect(throws: DomainError.self) { try h.run(.rejectRevision(2, reason: ""), bob, .approver) }
        try h.run(.rejectRevision(2, reason: "No evidence"), bob, .approver)
        #expect(h.state?.revision(2)?.status == .rejected)
        #expect(throws: DomainError.revisionNotOpen(2)) { try h.run(.approveRevision(2), dave, .approver) }
    }

    @Test("emergency publish: admins only, opens an overdue after-the-fact review the publisher cannot close")
    func emergency() throws {
        let h = try WorkflowHarness.published()
        try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(), rationale: "Sanctions", evidence: []), carol, .editor)
        let day = CalendarDay(year: 2024, month: 6, day: 2)!
        #expect(throws: DomainError.notAnAdmin) { try h.run(.emergencyPublish(2, effectiveOn: day, justification: "now"), bob, .approver) }
        #expect(throws: DomainError.self) { try h.run(.emergencyPublish(2, effectiveOn: day, justification: " "), alice, .admin) }
        try h.run(.emergencyPublish(2, effectiveOn: day, justification: "Sanctions list changed overnight"), alice, .admin)
        #expect(h.state?.publishedRevision == 2)
        #expect(h.state?.revision(2)?.status == .emergencyPublished)
        #expect(h.state?.overdueAfterTheFactReviews.map(\.revision) == [2])
        #expect(throws: DomainError.publisherCannotReviewOwnBypass) {
            try h.run(.completeAfterTheFactReview(revision: 2, comment: "ok"), alice, .admin)
        }
        #expect(throws: DomainError.proposerCannotApprove) { try h.run(.completeAfterTheFactReview(revision: 2, comment: "ok"), carol, .approver) }
        #expect(throws: DomainError.notAnApprover) { try h.run(.completeAfterTheFactReview(revision: 2, comment: "ok"), bob, .editor) }
        #expect(throws: DomainError.noOpenAfterTheFactReview(1)) {
            try h.run(.completeAfterTheFactReview(revision: 1, comment: "ok"), bob, .approver)
        }
        try h.run(.completeAfterTheFactReview(revision: 2, comment: "Justified"), bob, .approver)
        #expect(h.state?.overdueAfterTheFactReviews.isEmpty == true)
        #expect(throws: DomainError.noOpenAfterTheFactReview(2)) {
            try h.run(.completeAfterTheFactReview(revision: 2, comment: "again"), dave, .approver)
        }
    }

    @Test("a reverted after-the-fact review proposes the replaced definition again; an upheld one proposes nothing")
    func revertedReview() throws {
        for outcome in AfterTheFactOutcome.allCases {
            let h = try WorkflowHarness.published()
            try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(), rationale: "Sanctions", evidence: []), carol, .editor)
            try h.run(.emergencyPublish(2, effectiveOn: CalendarDay(year: 2024, month: 6, day: 2)!, justification: "Overnight"), alice, .admin)
            let events = try h.run(.completeAfterTheFactReview(revision: 2, outcome: outcome, comment: "Looked again"), bob, .approver)
            guard case .afterTheFactReviewCompleted(let completed)? = events.first else {
                Issue.record("no completion event")
                continue
            }
            #expect(completed.outcome == outcome)
            #expect(h.state?.overdueAfterTheFactReviews.isEmpty == true)
            if outcome == .upheld {
                #expect(events.count == 1)
            } else {
                #expect(events.count == 2)
                #expect(h.state?.revision(3)?.definition == SampleICPs.boardReporting(), "revision 3 is revision 1's definition")
                #expect(h.state?.revision(3)?.status == .proposed && h.state?.revision(3)?.authors == [bob])
            }
        }
    }

    @Test("amending with a whole definition replaces the proposal and dismisses its approvals")
    func amendDefinition() throws {
        let h = try WorkflowHarness.published()
        try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(35), rationale: "Heavier", evidence: []), carol, .editor)
        try h.run(.approveRevision(2), bob, .approver)
        var edited = SampleICPs.boardReporting()
        edited.signals.fit[0].weight = 40
        let events = try h.run(.amendDefinition(revision: 2, edited, rationale: "Heavier still", evidence: []), carol, .editor)
        guard case .proposalAmended(let amended)? = events.first else {
            Issue.record("no amendment")
            return
        }
        #expect(amended.dismissedApprovals == [bob])
        #expect(h.state?.revision(2)?.definition == edited && h.state?.revision(2)?.approvals.isEmpty == true)
    }

    @Test("an owner who lost access orphans the ICP once; reassigning (approvers and admins) clears it")
    func orphanedAndReassigned() throws {
        let h = try WorkflowHarness.published()
        #expect(try h.run(.flagOrphaned(owner: bob), alice, .admin).isEmpty, "bob does not own it")
        #expect(try h.run(.flagOrphaned(owner: alice), dave, .admin).count == 1)
        #expect(h.state?.orphanedSince != nil)
        #expect(try h.run(.flagOrphaned(owner: alice), dave, .admin).isEmpty, "flagged once")
        #expect(throws: DomainError.self) { try h.run(.reassign(owner: carol), carol, .editor) }
        try h.run(.reassign(owner: carol), bob, .approver)
        #expect(h.state?.owner == carol && h.state?.orphanedSince == nil)
        #expect(throws: DomainError.nothingToChange) { try h.run(.reassign(owner: carol), bob, .approver) }
    }

    @Test("quarterly review: reaffirming restarts the clock, revision-needed does not")
    func quarterlyReview() throws {
        let h = try WorkflowHarness.published()
        let start = h.state?.reviewClockStartedAt
        h.clock = Fixtures.now.addingTimeInterval(80 * 86_400)
        try h.run(.recordQuarterlyReview(outcome: .revisionNeeded, notes: "n"), bob, .approver)
        #expect(h.state?.reviewClockStartedAt == start)
        try h.run(.recordQuarterlyReview(outcome: .reaffirmed, notes: "n"), alice, .editor)  // alice owns it
        #expect(h.state?.reviewClockStartedAt == Timestamp(h.clock))
        #expect(throws: DomainError.self) { try h.run(.recordQuarterlyReview(outcome: .reaffirmed, notes: ""), carol, .editor) }
        let calendar = FiscalCalendar(timeZone: TimeZone(identifier: "UTC")!)
        #expect(h.state?.nextReviewDue(in: calendar) == CalendarDay(h.clock, in: calendar.timeZone).adding(months: 3))
    }

    @Test("flagging stale is idempotent per due date")
    func flagStale() throws {
        let h = try WorkflowHarness.published()
        let due = CalendarDay(year: 2024, month: 9, day: 1)!
        #expect(try h.run(.flagStale(dueOn: due), dave, .editor).count == 1)
        #expect(try h.run(.flagStale(dueOn: due), dave, .editor).isEmpty)
        #expect(try h.run(.flagStale(dueOn: due.adding(months: 3)), dave, .editor).count == 1)
        let draftOnly = WorkflowHarness()
        try draftOnly.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: alice, definition: SampleICPs.boardReporting()), alice, .editor)
        #expect(throws: DomainError.notPublished) { try draftOnly.run(.flagStale(dueOn: due), dave, .editor) }
    }

    @Test("a retired ICP refuses every command")
    func retire() throws {
        let h = try WorkflowHarness.published()
        #expect(throws: DomainError.self) { try h.run(.retire(reason: "x"), alice, .editor) }
        try h.run(.retire(reason: "Left the market"), bob, .approver)
        #expect(h.state?.status == .retired)
        #expect(throws: DomainError.icpRetired) {
            try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(), rationale: "r", evidence: []), alice, .editor)
        }
        #expect(throws: DomainError.icpRetired) { try h.run(.retire(reason: "again"), bob, .approver) }
    }

    @Test("experimental stays experimental until a reviewed revision changes the mode")
    func experimentalMode() throws {
        let h = try WorkflowHarness.published(SampleICPs.boardReporting(mode: .experimental))
        #expect(h.state?.status == .experimental)
        let promote = [DefinitionChange.mode(before: .experimental, after: .operating)]
        try h.run(.proposeRevision(changes: promote, rationale: "Pilot won 5 of 6", evidence: [.finding(Fixtures.findingId)]), alice, .editor)
        #expect(h.state?.status == .experimental)
        #expect(throws: DomainError.revisionNotApproved(2)) {
            try h.run(.publishRevision(2, effectiveOn: CalendarDay(year: 2024, month: 7, day: 1)!), alice, .admin)
        }
        try h.run(.approveRevision(2), bob, .approver)
        try h.run(.publishRevision(2, effectiveOn: CalendarDay(year: 2024, month: 7, day: 1)!), alice, .editor)
        #expect(h.state?.status == .operating)
    }

    @Test("commands on a missing ICP are refused")
    func missing() {
        #expect(throws: DomainError.notFound("The ICP")) {
            try ICPDecider.decide(nil, .approveRevision(1), Fixtures.context(Fixtures.bob, .approver))
        }
    }

    @Test("error messages are human sentences")
    func messages() {
        let errors: [DomainError] = [
            .proposerCannotApprove, .notAnApprover, .revisionNotApproved(3), .unknownRevision(9), .icpRetired,
            .revisionStale(revision: 2, base: 1, current: 3), .cannotRemoveLastAdmin,
        ]
        for e in errors {
            #expect(e.message.hasSuffix("."))
            #expect(e.description == e.message)
        }
        #expect(DomainError.unknownRevision(9).message.contains("9"))
    }
}
