import Foundation
import Testing

@testable import ICPDomain

@Suite("Workspace and finding aggregates")
struct WorkspaceAndFindingTests {
    let alice = Fixtures.alice, bob = Fixtures.bob

    func created() throws -> WorkspaceState? {
        let cmd = WorkspaceCommand.create(id: Fixtures.workspaceId, name: "Acme", timeZone: "Europe/Berlin", fiscalYearStartMonth: 2)
        return try WorkspaceDecider.handle(nil, cmd, Fixtures.context(alice, nil)).state
    }

    @Test("creating a workspace makes the creator its admin")
    func create() throws {
        let state = try created()
        #expect(state?.role(of: alice) == .admin)
        #expect(state?.fiscalYearStartMonth == 2)
    }

    @Test("workspace settings are validated with field paths")
    func validation() {
        let cmd = WorkspaceCommand.create(id: Fixtures.workspaceId, name: "", timeZone: "Mars/Olympus", fiscalYearStartMonth: 13)
        #expect {
            try WorkspaceDecider.decide(nil, cmd, Fixtures.context(alice, nil))
        } throws: { error in
            guard case DomainError.invalid(let errors) = error else { return false }
            return errors.map(\.path) == ["name", "timeZone", "fiscalYearStartMonth"]
        }
    }

    @Test("only admins change settings or grant roles; grants are idempotent")
    func grants() throws {
        var state = try created()
        #expect(throws: DomainError.insufficientRole(action: "grant roles", required: .admin, actual: nil)) {
            try WorkspaceDecider.decide(state, .grantRole(bob, .admin), Fixtures.context(bob, .admin))
        }
        state = try WorkspaceDecider.handle(state, .grantRole(bob, .approver), Fixtures.context(alice, nil)).state
        #expect(state?.role(of: bob) == .approver)
        #expect(try WorkspaceDecider.decide(state, .grantRole(bob, .approver), Fixtures.context(alice, nil)).isEmpty)
        #expect(throws: DomainError.insufficientRole(action: "change workspace settings", required: .admin, actual: .approver)) {
            try WorkspaceDecider.decide(state, .changeSettings(name: "X", timeZone: nil, fiscalYearStartMonth: nil), Fixtures.context(bob, nil))
        }
        state = try WorkspaceDecider.handle(
            state, .changeSettings(name: nil, timeZone: "America/New_York", fiscalYearStartMonth: 2), Fixtures.context(alice, nil)
        ).state
        #expect(state?.timeZone == "America/New_York")
        #expect(throws: DomainError.nothingToChange) {
            try WorkspaceDecider.decide(state, .changeSettings(name: "Acme", timeZone: nil, fiscalYearStartMonth: nil), Fixtures.context(alice, nil))
        }
        state = try WorkspaceDecider.handle(state, .revokeRole(bob), Fixtures.context(alice, nil)).state
        #expect(state?.role(of: bob) == nil)
        #expect(throws: DomainError.noSuchGrant(bob)) { try WorkspaceDecider.decide(state, .revokeRole(bob), Fixtures.context(alice, nil)) }
    }

    @Test("the last admin cannot be revoked or demoted")
    func lastAdmin() throws {
        let state = try created()
        #expect(throws: DomainError.cannotRemoveLastAdmin) { try WorkspaceDecider.decide(state, .revokeRole(alice), Fixtures.context(alice, nil)) }
        #expect(throws: DomainError.cannotRemoveLastAdmin) {
            try WorkspaceDecider.decide(state, .grantRole(alice, .editor), Fixtures.context(alice, nil))
        }
    }

    @Test("a finding is recorded by editors and resolved once")
    func finding() throws {
        let record = FindingCommand.record(
            id: Fixtures.findingId, workspaceId: Fixtures.workspaceId, auditType: .pipeline, summary: "Half the pipeline is off-ICP",
            severity: .medium, metrics: ["offIcpShare": 0.5], recommendation: "Tighten fit", icpId: Fixtures.icpId, notesRef: "n-1")
        #expect(throws: DomainError.self) { try FindingDecider.decide(nil, record, Fixtures.context(bob, .viewer)) }
        var state = try FindingDecider.handle(nil, record, Fixtures.context(bob, .editor)).state
        #expect(state?.notesRef == "n-1")
        #expect(throws: DomainError.self) { try FindingDecider.decide(state, .resolve(.decision(" ")), Fixtures.context(bob, .editor)) }
        state = try FindingDecider.handle(state, .resolve(.revision(icpId: Fixtures.icpId, number: 2)), Fixtures.context(bob, .editor)).state
        #expect(state?.isResolved == true)
        #expect(throws: DomainError.findingAlreadyResolved) {
            try FindingDecider.decide(state, .resolve(.decision("x")), Fixtures.context(bob, .editor))
        }
    }

    @Test("finding metrics must be finite")
    func metrics() {
        let record = FindingCommand.record(
            id: Fixtures.findingId, workspaceId: Fixtures.workspaceId, auditType: .message, summary: "s",
            severity: .low, metrics: ["x": .infinity], recommendation: "", icpId: nil, notesRef: nil)
        #expect(throws: DomainError.invalid([ValidationError(.invalidRange, at: "metrics.x", "Metric values must be finite numbers.")])) {
            try FindingDecider.decide(nil, record, Fixtures.context(bob, .editor))
        }
    }

    @Test("aggregates ignore each other's events")
    func foreignEvents() {
        for kind in EventKind.allCases {
            let e = Fixtures.sample(kind)
            _ = WorkspaceDecider.evolve(nil, e)
            _ = ICPDecider.evolve(nil, e)
            _ = FindingDecider.evolve(nil, e)
        }
        #expect(WorkspaceDecider.evolve(nil, Fixtures.sample(.icpDrafted)) == nil)
        #expect(FindingDecider.evolve(nil, Fixtures.sample(.workspaceCreated)) == nil)
        #expect(ICPDecider.replay([Fixtures.sample(.icpDrafted)])?.id == Fixtures.icpId)
    }
}
