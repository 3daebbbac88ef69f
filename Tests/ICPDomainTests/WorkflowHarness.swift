import Foundation
import TestFixtures

@testable import ICPDomain

/// Drives the ICP decider through commands, keeping the state and every event.
final class WorkflowHarness {
    var state: ICPState?
    var events: [DomainEvent] = []
    var clock: Date = Fixtures.now

    init() {}

    @discardableResult
    func run(_ command: ICPCommand, _ actor: PrincipalID, _ role: WorkspaceRole?) throws(DomainError) -> [DomainEvent] {
        let new = try ICPDecider.decide(state, command, DecisionContext(actor: actor, role: role, now: clock))
        state = new.reduce(state, ICPDecider.evolve)
        events += new
        return new
    }

    /// Drafted by alice (editor), approved by bob (approver), published by carol (editor).
    static func published(_ definition: ICPDefinition = SampleICPs.boardReporting()) throws(DomainError) -> WorkflowHarness {
        let h = WorkflowHarness()
        try h.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: Fixtures.alice, definition: definition), Fixtures.alice, .editor)
        try h.run(.approveRevision(1), Fixtures.bob, .approver)
        try h.run(.publishRevision(1, effectiveOn: CalendarDay(year: 2024, month: 6, day: 1)!), Fixtures.carol, .editor)
        return h
    }

    /// A one-signal weight change against the fixture definition.
    static func weightChange(_ weight: Double = 35) -> [DefinitionChange] {
        var b = SampleICPs.boardReporting()
        b.signals.fit[0].weight = weight
        return DefinitionDiff.between(SampleICPs.boardReporting(), b).changes
    }
}
