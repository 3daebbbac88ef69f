import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Workflow properties under random command sequences")
struct WorkflowPropertyTests {
    static let actors: [PrincipalID] = [Fixtures.alice, Fixtures.bob, Fixtures.carol, Fixtures.dave]
    static let roles: [WorkspaceRole?] = [nil, .viewer, .editor, .approver, .admin]

    static func randomCommand(_ state: ICPState?, _ rng: inout SplitMix64) -> ICPCommand {
        guard let state else {
            return .draft(
                id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: rng.pick(actors),
                definition: SampleICPs.boardReporting(mode: rng.pick(ICPMode.allCases)))
        }
        let n = 1 + rng.int(state.revisions.count + 1)  // sometimes unknown
        let day = CalendarDay(year: 2024, month: 1 + rng.int(12), day: 1 + rng.int(28))!
        switch rng.int(20) {
        case 0, 1, 2:
            let target = PlainDefinitions.mutate(state.baseDefinition, &rng)
            return .proposeRevision(
                changes: DefinitionDiff.between(state.baseDefinition, target).changes, rationale: rng.pick(["r", ""]),
                evidence: rng.bool() ? [] : [.finding(Fixtures.findingId)])
        case 3, 4:
            let target = PlainDefinitions.mutate(state.baseDefinition, &rng)
            return .amendProposal(
                revision: n, changes: DefinitionDiff.between(state.baseDefinition, target).changes, rationale: "amended", evidence: [])
        case 5, 6, 7, 8: return .approveRevision(n)
        case 9: return .rejectRevision(n, reason: "no")
        // Whether a publication may be backdated varies with the day (drawing it would shift the sequences).
        case 10, 11, 12: return .publishRevision(n, effectiveOn: day, backdated: day.day % 2 == 0)
        case 13: return .emergencyPublish(n, effectiveOn: day, justification: "urgent", backdated: day.day % 2 == 0)
        case 14: return .completeAfterTheFactReview(revision: n, comment: "ok")
        case 15: return .recordQuarterlyReview(outcome: rng.pick(ReviewOutcome.allCases), notes: "n")
        case 16, 17: return .flagStale(dueOn: day)
        case 18: return rng.int(10) == 0 ? .retire(reason: "done") : .approveRevision(n)
        default: return .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: Fixtures.alice, definition: SampleICPs.boardReporting())
        }
    }

    @Test("no command order lets anyone bypass four-eyes, roles or approval", arguments: 0..<20)
    func invariants(_ seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 1)
        var state: ICPState?
        var accepted = 0
        for _ in 0..<400 {
            let command = Self.randomCommand(state, &rng)
            let context = DecisionContext(
                actor: rng.pick(Self.actors), role: rng.pick(Self.roles), now: Fixtures.now.addingTimeInterval(Double(accepted) * 3_600))
            let events: [DomainEvent]
            do {
                events = try ICPDecider.decide(state, command, context)
            } catch {
                #expect(!error.message.isEmpty)
                continue
            }
            accepted += 1
            for event in events {
                switch event {
                case .revisionApproved(let e):
                    let revision = try #require(state?.revision(e.revision))
                    #expect(!revision.authors.contains(e.approver), "an author approved their own revision")
                    #expect(context.role == .approver || context.role == .admin)
                case .revisionRejected(let e):
                    #expect(state?.revision(e.revision)?.authors.contains(e.rejectedBy) == false)
                case .revisionPublished(let e):
                    #expect(state?.revision(e.revision)?.status == .approved, "published without approval")
                    #expect(context.role.map { $0.includes(.editor) } == true)
                    let proposed = try #require(state?.revision(e.revision)?.proposedAt)
                    if e.effectiveOn < context.day(of: proposed) {
                        #expect(
                            command == .publishRevision(e.revision, effectiveOn: e.effectiveOn, backdated: true),
                            "backdated without asking")
                    }
                case .revisionEmergencyPublished(let e):
                    #expect(context.role == .admin, "emergency publish by a non-admin")
                    let proposed = try #require(state?.revision(e.revision)?.proposedAt)
                    if e.effectiveOn < context.day(of: proposed) {
                        #expect(
                            command == .emergencyPublish(e.revision, effectiveOn: e.effectiveOn, justification: "urgent", backdated: true),
                            "backdated without asking")
                    }
                case .afterTheFactReviewCompleted(let e):
                    #expect(state?.afterTheFactReviews[e.revision]?.publisher != e.reviewer)
                    #expect(context.role == .approver || context.role == .admin)
                case .icpDrafted, .revisionProposed, .proposalAmended, .icpFlaggedStale:
                    #expect(context.role.map { $0.includes(.editor) } == true)
                default:
                    break
                }
                if state?.retiredReason != nil { Issue.record("a retired ICP accepted \(event.kind.rawValue)") }
                state = ICPDecider.evolve(state, event)
            }
            if let s = state {
                for revision in s.revisions where revision.status == .approved || revision.status == .published {
                    #expect(!revision.approvals.isEmpty)
                    #expect(revision.approvals.isDisjoint(with: revision.authors))
                }
                if let published = s.publishedRevision {
                    let status = s.revision(published)?.status
                    #expect(status == .published || status == .emergencyPublished)
                    #expect(s.publishedDefinition?.validate().isEmpty == true)
                }
                for revision in s.revisions { #expect(revision.definition.validate().isEmpty) }
                if s.status == .operating { #expect(s.publishedDefinition?.mode == .operating) }
            }
        }
        #expect(accepted > 20)
    }

    @Test("evolve never traps on arbitrary event streams")
    func evolveTotal() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<200 {
            var icp: ICPState?
            var ws: WorkspaceState?
            var finding: FindingState?
            for _ in 0..<30 {
                let e = Fixtures.sample(rng.pick(EventKind.allCases))
                icp = ICPDecider.evolve(icp, e)
                ws = WorkspaceDecider.evolve(ws, e)
                finding = FindingDecider.evolve(finding, e)
            }
            _ = (icp, ws, finding)
        }
    }
}
