import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Revision diff")
struct DiffTests {
    @Test("diff of a definition with itself is empty")
    func selfDiff() {
        #expect(DefinitionDiff.between(SampleICPs.boardReporting(), SampleICPs.boardReporting()).isEmpty)
        #expect(RevisionDistance.between(SampleICPs.boardReporting(), SampleICPs.boardReporting()) == 0)
    }

    @Test("diff(a, a) is empty for 500 random definitions")
    func selfDiffProperty() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<500 {
            let a = PlainDefinitions.random(&rng)
            #expect(DefinitionDiff.between(a, a).isEmpty)
        }
    }

    @Test("apply(diff(a, b), a) == b for 2,000 random pairs (related and unrelated)")
    func applyProperty() throws {
        var rng = SplitMix64(seed: 2)
        for i in 0..<2_000 {
            let a = PlainDefinitions.random(&rng)
            let b = i % 2 == 0 ? PlainDefinitions.mutate(a, &rng) : PlainDefinitions.random(&rng)
            let diff = DefinitionDiff.between(a, b)
            #expect(try diff.apply(to: a) == b)
            let distance = RevisionDistance.between(a, b)
            #expect(distance >= 0 && distance <= 1)
        }
    }

    @Test("a weight change is reported as changed with before and after")
    func weightChange() {
        let a = SampleICPs.boardReporting()
        var b = a
        b.signals.fit[0].weight = 40
        let changes = DefinitionDiff.between(a, b).changes
        #expect(
            changes == [
                .signal(family: .fit, change: .changed(ref: RuleRef(key: "industry", op: .in), before: a.signals.fit[0], after: b.signals.fit[0]))
            ])
    }

    @Test("scalar changes: statement, thresholds, mode, cadence, policy, name")
    func scalarChanges() {
        let a = SampleICPs.boardReporting()
        var b = a
        b.statement = "New"
        b.thresholds = TierThresholds(a: 90, b: 70, c: 50)
        b.mode = .experimental
        b.cadence = ReviewCadence(months: 6)
        b.missingDataPolicy = .zero
        b.name = "Renamed"
        let changes = DefinitionDiff.between(a, b).changes
        #expect(changes.count == 6)
        #expect(changes.contains(.mode(before: .operating, after: .experimental)))
    }

    @Test("changing an operator is a removal plus an addition")
    func operatorChange() {
        let a = SampleICPs.boardReporting()
        var b = a
        b.signals.economic[0] = Signal(key: "acvUSD", op: .between, value: .numberRange(NumberRange(30_000, 90_000)), weight: 20)
        let changes = DefinitionDiff.between(a, b).changes
        #expect(
            changes == [
                .signal(family: .economic, change: .removed(ref: RuleRef(key: "acvUSD", op: .atLeast), before: a.signals.economic[0])),
                .signal(family: .economic, change: .added(element: b.signals.economic[0])),
            ])
    }

    @Test("a stale change does not apply")
    func staleChange() {
        let a = SampleICPs.boardReporting()
        var b = a
        b.signals.fit[0].weight = 40
        var other = a
        other.signals.fit[0].weight = 5
        #expect(throws: DomainError.self) { try DefinitionDiff.between(a, b).apply(to: other) }
    }

    @Test("a change may not alter a rule's identity")
    func identityGuard() {
        let a = SampleICPs.boardReporting()
        var renamed = a.signals.fit[0]
        renamed.key = "sector"
        let diff = DefinitionDiff(changes: [
            .signal(family: .fit, change: .changed(ref: RuleRef(key: "industry", op: .in), before: a.signals.fit[0], after: renamed))
        ])
        #expect(throws: DomainError.self) { try diff.apply(to: a) }
    }

    @Test("ICP state diffs revisions by number")
    func stateDiff() throws {
        let h = try WorkflowHarness.published()
        var b = SampleICPs.boardReporting()
        b.signals.fit[0].weight = 35
        try h.run(
            .proposeRevision(changes: DefinitionDiff.between(SampleICPs.boardReporting(), b).changes, rationale: "r", evidence: []), Fixtures.alice,
            .editor)
        #expect(h.state?.diff(from: 1, to: 2)?.changes.count == 1)
        #expect(h.state?.diff(from: 2, to: 2)?.isEmpty == true)
        #expect(h.state?.diff(from: 0, to: 1)?.isEmpty == true)
        #expect(h.state?.diff(from: 1, to: 9) == nil)
    }

    @Test("revision distance: disqualifier changes weigh more than a same-sized signal change")
    func distanceWeights() {
        let a = SampleICPs.boardReporting()
        var oneDisqualifier = a
        oneDisqualifier.disqualifiers.removeLast()
        var oneSignal = a
        oneSignal.signals.trigger.removeAll()
        let d1 = RevisionDistance.between(a, oneDisqualifier)
        let d2 = RevisionDistance.between(a, oneSignal)
        #expect(abs(d1 - 0.15) < 1e-9)  // 0.30 × 1/2
        #expect(abs(d2 - 0.05) < 1e-9)  // 0.50 × 10/100
        #expect(d1 > d2)
    }

    @Test("revision distance of a complete replacement is close to 1")
    func distanceReplacement() {
        let a = SampleICPs.boardReporting()
        let b = ICPDefinition(
            name: "x", statement: "other", signals: SignalSet(fit: [Signal(key: "region", op: .equals, value: .string("EMEA"), weight: 50)]),
            disqualifiers: [Disqualifier(key: "soc2", op: .equals, value: .bool(false), reason: "r")],
            committee: [CommitteeRole(kind: .user, pain: "p")], thresholds: TierThresholds(a: 50, b: 30, c: 10), missingDataPolicy: .zero)
        #expect(RevisionDistance.between(a, b) > 0.95)
    }

    @Test("changes round-trip through JSON")
    func changesCodable() throws {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let a = PlainDefinitions.random(&rng)
            let diff = DefinitionDiff.between(a, PlainDefinitions.mutate(a, &rng))
            let data = try JSONEncoder().encode(diff)
            #expect(try JSONDecoder().decode(DefinitionDiff.self, from: data) == diff)
        }
    }
}
