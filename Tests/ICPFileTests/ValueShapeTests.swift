import ICPDomain
import ICPFile
import Testing

/// Parses one fit rule written as `operator: <op>` plus the given `value:` line (or none).
private func parseRule(_ op: String, _ value: String?) throws -> Signal? {
    let valueLine = value.map { "      value: \($0)\n" } ?? ""
    let yaml = "format: icpledger/v1\nname: n\nstatement: s\nsignals:\n  fit:\n    - key: k\n      operator: \(op)\n\(valueLine)      weight: 10\n"
    return try ICPFileDocument(yaml: yaml).definition.signals.fit.first
}

@Suite("Every operator reads its value shape")
struct ValueShapeTests {
    @Test(
        "each operator with the value shape it needs",
        arguments: [
            ("equals", "fintech", SignalOperator.equals, RuleValue.string("fintech")),
            ("equals", "\"42\"", .equals, .string("42")),
            ("equals", "42", .equals, .number(42)),
            ("equals", "-1.5e3", .equals, .number(-1500)),
            ("equals", "true", .equals, .bool(true)),
            ("equals", "False", .equals, .bool(false)),
            ("in", "[fintech, insurtech]", .in, .stringList(["fintech", "insurtech"])),
            ("in", "\n        - fintech\n        - \"2024\"\n        - 2025", .in, .stringList(["fintech", "2024", "2025"])),
            ("not-in", "[apac]", .notIn, .stringList(["apac"])),
            ("between", "{min: 50, max: 500}", .between, .numberRange(NumberRange(50, 500))),
            ("between", "\n        min: 0.5\n        max: 2", .between, .numberRange(NumberRange(0.5, 2))),
            ("at-least", "20000", .atLeast, .number(20000)),
            ("at-most", ".25", .atMost, .number(0.25)),
            ("contains", "series-b", .contains, .string("series-b")),
            ("contains", "'007'", .contains, .string("007")),
        ] as [(String, String, SignalOperator, RuleValue)])
    func shapes(op: String, value: String, expectedOp: SignalOperator, expectedValue: RuleValue) throws {
        let signal = try #require(try parseRule(op, value))
        #expect(signal.op == expectedOp)
        #expect(signal.value == expectedValue)
    }

    @Test("exists takes no value; a null value counts as none", arguments: [nil, "~", "null"] as [String?])
    func exists(value: String?) throws {
        let signal = try #require(try parseRule("exists", value))
        #expect(signal.op == .exists)
        #expect(signal.value == nil)
    }

    @Test("every operator's file name maps back to the operator")
    func operatorNames() {
        #expect(SignalOperator.allCases.map(\.fileName) == ["equals", "in", "not-in", "between", "at-least", "at-most", "contains", "exists"])
        for op in SignalOperator.allCases { #expect(SignalOperator(fileName: op.fileName) == op) }
        #expect(SignalOperator(fileName: "notIn") == nil)
    }

    @Test("plain yes/no/on/off are refused as ambiguous", arguments: ["yes", "No", "on", "OFF"])
    func ambiguousFlags(word: String) {
        let error = #expect(throws: ICPFileError.self) { try parseRule("equals", word) }
        guard case .invalidValue("signals.fit[0].value", let message, let location?) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(message.contains("ambiguous"))
        #expect(location.line == 8)
    }

    @Test("a range needs min and max, both numbers")
    func rangeShape() {
        let missing = #expect(throws: ICPFileError.self) { try parseRule("between", "{min: 5}") }
        #expect(missing == .missingField(path: "signals.fit[0].value.max", location: ICPFileLocation(line: 8, column: 14)))
        let misspelt = #expect(throws: ICPFileError.self) { try parseRule("between", "{min: 5, maxx: 9}") }
        #expect(misspelt == .unknownKey(path: "signals.fit[0].value.maxx", suggestion: "max", location: ICPFileLocation(line: 8, column: 23)))
        let text = #expect(throws: ICPFileError.self) { try parseRule("between", "{min: low, max: 9}") }
        guard case .wrongType("signals.fit[0].value.min", "a number", _, _) = text else {
            Issue.record("got \(String(describing: text))")
            return
        }
    }

    @Test("list items must be plain values, not nested lists or nulls", arguments: ["[a, [b]]", "[a, ~]", "[a, {b: c}]"])
    func listItems(value: String) {
        let error = #expect(throws: ICPFileError.self) { try parseRule("in", value) }
        guard case .wrongType("signals.fit[0].value[1]", "text", _, _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }
}
