import Foundation
import ICPDomain
import SampleData
import Testing

@testable import Projections

/// The hand-written `changes` column against the `Codable` form it stands in for.
@Suite("Changes JSON")
struct ChangesJSONTests {
    /// Definitions that differ from the demo ICP in every way a revision can change it.
    static func variants() -> [ICPDefinition] {
        let base = DemoWorkspace.coreICP
        var result: [ICPDefinition] = []
        var d = base
        d.name = "Renamed \"ICP\" — ünïcode\n\ttab"
        d.statement = base.statement + " \\ backslash"
        result.append(d)
        d = base
        d.mode = base.mode == .operating ? .experimental : .operating
        d.missingDataPolicy = .zero
        result.append(d)
        d = base
        d.cadence = ReviewCadence(months: 6)
        d.thresholds = TierThresholds(a: 81.5, b: 1e-7, c: 0)
        result.append(d)
        d = base
        d.signals.fit.append(Signal(key: "stack", op: .in, value: .stringList(["a", "b\"c"]), weight: 2.25, rationale: "why"))
        result.append(d)
        d = base
        d.signals.economic.removeFirst()
        result.append(d)
        d = base
        d.signals.fit[0].weight += 3
        d.signals.fit[0].value = .numberRange(NumberRange(1, 2.5))
        result.append(d)
        d = base
        d.signals.fit.reverse()
        result.append(d)
        d = base
        d.disqualifiers.append(Disqualifier(key: "soc2", op: .equals, value: .bool(false), reason: "No audit."))
        result.append(d)
        d = base
        d.disqualifiers[0].value = nil
        d.disqualifiers[0].op = .exists
        result.append(d)
        d = base
        d.committee.removeLast()
        d.committee.append(CommitteeRole(kind: .user, pain: "Copies numbers by hand."))
        result.append(d)
        d = base
        d.committee.reverse()
        d.disqualifiers.append(Disqualifier(key: "region", op: .in, value: .string("EU"), reason: "Twice."))
        result.append(d)
        return result
    }

    @Test("every kind of change reads back as itself and as the same JSON JSONEncoder writes")
    func sameAsCodable() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var kinds = Set<String>()
        for variant in Self.variants() {
            let changes = DefinitionDiff.between(DemoWorkspace.coreICP, variant).changes
            #expect(!changes.isEmpty)
            for change in changes { kinds.insert(String(describing: change).prefix { $0 != "(" }.description) }
            let written = Data(DefinitionJSON.changes(changes).utf8)
            #expect(try JSONDecoder().decode([DefinitionChange].self, from: written) == changes)
            let ours = try JSONSerialization.jsonObject(with: written) as? NSArray
            let theirs = try JSONSerialization.jsonObject(with: encoder.encode(changes)) as? NSArray
            #expect(ours == theirs, "\(String(decoding: written, as: UTF8.self))")
        }
        #expect(DefinitionJSON.changes([]) == "[]")
        #expect(kinds.count == 9, "\(kinds.sorted())")
    }
}
