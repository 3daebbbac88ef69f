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
            severity: .medium, metrics: ["inFitShareByCount": 50], recommendation: "Tighten fit", icpId: Fixtures.icpId, notesRef: "n-1")
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
            severity: .low, metrics: ["custom.x": .infinity], recommendation: "", icpId: nil, notesRef: nil)
        #expect(throws: DomainError.invalid([ValidationError(.invalidRange, at: "metrics.custom.x", "Metric values must be finite numbers.")])) {
            try FindingDecider.decide(nil, record, Fixtures.context(bob, .editor))
        }
    }

    @Test("each audit's metrics: names it defines or custom.…, values in range, whole counts, loss shares within 100%")
    func auditMetrics() {
        func problems(_ audit: AuditType, _ metrics: [String: Double]) -> [ValidationError] {
            let record = FindingCommand.record(
                id: Fixtures.findingId, workspaceId: Fixtures.workspaceId, auditType: audit, summary: "Measured.", severity: .low,
                metrics: metrics, recommendation: "", icpId: nil, notesRef: nil)
            do {
                _ = try FindingDecider.decide(nil, record, Fixtures.context(bob, .editor))
                return []
            } catch {
                guard case .invalid(let errors) = error else { return [ValidationError(.empty, at: "?", "\(error)")] }
                return errors
            }
        }
        for audit in AuditType.allCases {
            #expect(!audit.metrics.isEmpty && Set(audit.metrics.map(\.name)).count == audit.metrics.count)
            let midpoints = Dictionary(
                uniqueKeysWithValues: audit.metrics.map { ($0.name, (($0.range.lowerBound + $0.range.upperBound) / 2).rounded()) })
            let fine = audit == .winLoss ? midpoints.merging(["lossesFromPoorFit": 40, "lossesFromExecution": 50]) { $1 } : midpoints
            #expect(problems(audit, fine.merging(["custom.anythingElse": -3]) { $1 }).isEmpty, "\(audit)")
        }
        #expect(problems(.customer, ["winRateTierA": 30]).map(\.code) == [.unknownMetric], "another audit's metric")
        #expect(problems(.customer, ["winRateTierA": 30]).first?.path == "metrics.winRateTierA")
        #expect(problems(.pipeline, ["inFitShareByValue": 140]).map(\.path) == ["metrics.inFitShareByValue"])
        #expect(problems(.pipeline, ["inFitShareByValue": -1]).map(\.code) == [.outOfRange])
        #expect(problems(.message, ["assetsReviewed": 12.5]).map(\.code) == [.outOfRange], "a count is whole")
        #expect(problems(.winLoss, ["lossesFromPoorFit": 70, "lossesFromExecution": 40]).map(\.path) == ["metrics.lossesFromExecution"])
        #expect(problems(.expansion, ["custom.": 1]).map(\.code) == [.empty])
        #expect(problems(.expansion, ["seatGrowthFit": -100, "seatGrowthNonFit": 1000]).isEmpty, "the range's ends are in it")
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
