import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

/// A token limited to a role lowers what its holder may do in every decider, never raises it.
@Suite("Role ceilings")
struct RoleCeilingTests {
    @Test("the ceiling lowers the held role and never raises it", arguments: WorkspaceRole.allCases)
    func capping(ceiling: WorkspaceRole) {
        for held in WorkspaceRole.allCases {
            let context = DecisionContext(actor: Fixtures.alice, role: held, now: Fixtures.now, roleCeiling: ceiling)
            #expect(context.role == min(held, ceiling))
        }
        #expect(DecisionContext(actor: Fixtures.alice, role: nil, now: Fixtures.now, roleCeiling: ceiling).role == nil)
        #expect(DecisionContext(actor: Fixtures.alice, role: .approver, now: Fixtures.now).role == .approver)
    }

    @Test("an admin acting under a viewer or editor ceiling cannot grant roles; under admin they can")
    func workspaceGrants() throws {
        let command = WorkspaceCommand.create(id: Fixtures.workspaceId, name: "Acme", timeZone: "UTC", fiscalYearStartMonth: 1)
        let state = try WorkspaceDecider.handle(nil, command, Fixtures.context(Fixtures.alice, nil)).state
        for ceiling in [WorkspaceRole.viewer, .editor, .approver] {
            let context = DecisionContext(actor: Fixtures.alice, role: nil, now: Fixtures.now, roleCeiling: ceiling)
            #expect(throws: DomainError.self) { try WorkspaceDecider.decide(state, .grantRole(Fixtures.bob, .editor), context) }
        }
        let admin = DecisionContext(actor: Fixtures.alice, role: nil, now: Fixtures.now, roleCeiling: .admin)
        #expect(try WorkspaceDecider.decide(state, .grantRole(Fixtures.bob, .editor), admin).count == 1)
    }

    @Test("an approver under an editor ceiling cannot approve")
    func approvals() throws {
        let harness = WorkflowHarness()
        try harness.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: Fixtures.alice, definition: SampleICPs.boardReporting()),
            Fixtures.alice, .editor)
        let capped = DecisionContext(actor: Fixtures.bob, role: .approver, now: Fixtures.now, roleCeiling: .editor)
        #expect(throws: DomainError.notAnApprover) { try ICPDecider.decide(harness.state, .approveRevision(1), capped) }
        let full = DecisionContext(actor: Fixtures.bob, role: .approver, now: Fixtures.now)
        #expect(try ICPDecider.decide(harness.state, .approveRevision(1), full).count == 1)
    }
}
