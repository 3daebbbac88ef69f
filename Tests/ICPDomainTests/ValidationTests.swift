import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Definition validation")
struct ValidationTests {
    @Test("the fixture definition is valid")
    func fixtureIsValid() {
        #expect(SampleICPs.boardReporting().validate().isEmpty)
    }

    struct MismatchCase: Sendable, CustomTestStringConvertible {
        let op: SignalOperator
        let value: RuleValue?
        var testDescription: String { "\(op.rawValue) with \(value.map { $0.kind.rawValue } ?? "no value")" }
    }

    @Test(
        "operator/value mismatches are reported at the operator path",
        arguments: [
            MismatchCase(op: .between, value: .number(3)),
            MismatchCase(op: .in, value: .string("fintech")),
            MismatchCase(op: .notIn, value: nil),
            MismatchCase(op: .atLeast, value: .stringList(["a"])),
            MismatchCase(op: .atMost, value: .bool(true)),
            MismatchCase(op: .contains, value: .number(1)),
            MismatchCase(op: .exists, value: .string("x")),
            MismatchCase(op: .equals, value: .numberRange(NumberRange(1, 2))),
        ])
    func mismatch(_ c: MismatchCase) {
        var d = SampleICPs.boardReporting()
        d.signals.fit.append(Signal(key: "k", op: c.op, value: c.value, weight: 5))
        let errors = d.validate()
        #expect(errors.map(\.path) == ["signals.fit[3].operator"])
        #expect(errors.first?.code == .operatorValueMismatch)
        #expect(errors.first?.message.isEmpty == false)
    }

    @Test("every operator accepts its own value kind", arguments: SignalOperator.allCases)
    func accepted(_ op: SignalOperator) {
        var rng = SplitMix64(seed: 7)
        var d = SampleICPs.boardReporting()
        d.signals.trigger.append(Signal(key: "k", op: op, value: PlainDefinitions.value(for: op, &rng), weight: 5))
        #expect(d.validate().isEmpty)
    }

    @Test("weights must be above zero and at most 100", arguments: [0.0, -1, 100.5, .nan, .infinity])
    func weights(_ weight: Double) {
        var d = SampleICPs.boardReporting()
        d.signals.economic[0].weight = weight
        #expect(d.validate().map(\.path) == ["signals.economic[0].weight"])
    }

    @Test("a weight of exactly 100 is allowed")
    func weightHundred() {
        var d = SampleICPs.boardReporting()
        d.signals.economic[0].weight = 100
        #expect(d.validate().isEmpty)
    }

    @Test("blank names, statements, keys, reasons and pains are reported with paths")
    func blanks() {
        var d = SampleICPs.boardReporting()
        d.name = "  "
        d.statement = ""
        d.signals.retention[0].key = ""
        d.disqualifiers[1].reason = " "
        d.committee[0].pain = ""
        let paths = d.validate().map(\.path)
        #expect(paths == ["name", "statement", "signals.retention[0].key", "disqualifiers[1].reason", "committee[0].pain"])
    }

    @Test("duplicate rules in the same family are reported; the same rule in another family is not")
    func duplicates() {
        var d = SampleICPs.boardReporting()
        d.signals.fit.append(d.signals.fit[1])
        d.signals.economic.append(d.signals.fit[0])
        d.disqualifiers.append(d.disqualifiers[0])
        let errors = d.validate()
        #expect(errors.map(\.path) == ["signals.fit[3]", "disqualifiers[2]"])
        #expect(errors.allSatisfy { $0.code == .duplicateRule })
    }

    @Test(
        "thresholds must be strictly descending",
        arguments: [
            TierThresholds(a: 60, b: 80, c: 40), TierThresholds(a: 80, b: 80, c: 40), TierThresholds(a: 120, b: 60, c: 40),
            TierThresholds(a: 80, b: 60, c: -1),
        ])
    func thresholds(_ t: TierThresholds) {
        var d = SampleICPs.boardReporting()
        d.thresholds = t
        #expect(d.validate().map(\.code) == [.thresholdsOutOfOrder])
    }

    @Test("ranges, lists and cadence are checked")
    func rangesListsCadence() {
        var d = SampleICPs.boardReporting()
        d.signals.fit[1].value = .numberRange(NumberRange(10, 1))
        d.signals.fit[0].value = .stringList([])
        d.cadence = ReviewCadence(months: 0)
        #expect(d.validate().map(\.path) == ["cadence.months", "signals.fit[0].value", "signals.fit[1].value"])
    }

    @Test("validation errors describe themselves with path and message")
    func description() {
        let e = ValidationError(.empty, at: "name", "The ICP needs a name.")
        #expect(e.description == "name: The ICP needs a name.")
        #expect(DomainError.invalid([e]).message.contains("name: The ICP needs a name."))
    }
}
