import Foundation
import ICPDomain
import ICPFile
import Testing

/// A valid file with a placeholder line that tests replace to inject one mistake.
private func file(fit: String = "", top: String = "") -> String {
    """
    format: icpledger/v1
    name: Fintech ops
    statement: Series B fintechs whose ops teams drown in reconciliation.
    \(top)
    signals:
      fit:
        - key: industry
          operator: in
          value: [fintech]
          weight: 20
    \(fit)
    """
}

@Suite("Parse errors name the field and the line")
struct ParseErrorTests {
    @Test("a YAML syntax error reports line and column")
    func syntaxError() {
        let yaml = "format: icpledger/v1\nname: x\nstatement: [unclosed\nmode: operating\n"
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .syntax(_, let location?) = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(location.line >= 3)
        #expect(error?.description.hasPrefix("YAML syntax error at line \(location.line), column \(location.column): ") == true)
    }

    @Test("bad indentation is a syntax error at the offending line")
    func indentation() throws {
        let yaml = "format: icpledger/v1\nname: x\n  statement: y\n"
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .syntax(_, let location?) = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(location.line == 3)
    }

    @Test("an unknown key is refused with its path, line and the nearest known key")
    func unknownKeyWithSuggestion() {
        let yaml = file(fit: "      wieght: 5")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        #expect(error == .unknownKey(path: "signals.fit[0].wieght", suggestion: "weight", location: ICPFileLocation(line: 11, column: 7)))
        #expect(error?.description == "unknown key 'signals.fit[0].wieght' at line 11, column 7 — did you mean 'weight'?")
    }

    @Test(
        "unknown keys suggest the nearest known key at their level",
        arguments: [
            ("nmae: x", "nmae", "name"), ("statment: x", "statment", "statement"), ("missingData: zero", "missingData", "missing-data"),
            ("thresholds: {a: 1}", "thresholds", "tiers"), ("status: operating", "status", "mode"),
            ("base_revision: 3", "base_revision", "base-revision"),
        ] as [(String, String, String)])
    func suggestions(line: String, key: String, suggestion: String) {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: file(top: line)) }
        #expect(error == .unknownKey(path: key, suggestion: suggestion, location: ICPFileLocation(line: 4, column: 1)))
    }

    @Test("an unknown key far from every known key gets no suggestion")
    func noSuggestion() {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: file(top: "favouriteColour: blue")) }
        #expect(error == .unknownKey(path: "favouriteColour", suggestion: nil, location: ICPFileLocation(line: 4, column: 1)))
        #expect(error?.description == "unknown key 'favouriteColour' at line 4, column 1")
    }

    @Test("a misspelt family under signals is refused", arguments: ["trigger", "fitt", "Economic"])
    func unknownFamily(family: String) {
        let yaml = file(fit: "  \(family): []")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .unknownKey(let path, let suggestion?, _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(path == "signals.\(family)")
        #expect(ICPFileKey.signals.contains(suggestion))
    }

    @Test(
        "wrong types name the field path and line",
        arguments: [
            ("      rationale: [a, b]", "signals.fit[0].rationale", "text"),
            ("  economic: {key: acv}", "signals.economic", "a list"),
        ] as [(String, String, String)])
    func wrongTypeInRules(line: String, path: String, expected: String) {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: file(fit: line)) }
        guard case .wrongType(let p, let e, _, let location?) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(p == path)
        #expect(e == expected)
        #expect(location.line == 11)
    }

    @Test("a weight written as text is a wrong type")
    func weightAsText() {
        let yaml = file().replacingOccurrences(of: "weight: 20", with: "weight: heavy")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        #expect(
            error
                == .wrongType(
                    path: "signals.fit[0].weight", expected: "a number", found: "the text 'heavy'",
                    location: ICPFileLocation(line: 10, column: 15)))
        #expect(error?.description == "'signals.fit[0].weight' at line 10, column 15 must be a number, but is the text 'heavy'")
    }

    @Test("a quoted number is text, not a number")
    func quotedNumber() {
        let yaml = file().replacingOccurrences(of: "weight: 20", with: "weight: \"20\"")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .wrongType("signals.fit[0].weight", "a number", _, _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test(
        "top-level wrong types",
        arguments: [
            ("tiers: 80", "tiers"), ("cadence: 2.5", "cadence"), ("base-revision: three", "base-revision"), ("committee: champion", "committee"),
            ("signals: [fit]", "signals"), ("owner: [a]", "owner"),
        ] as [(String, String)])
    func wrongTopLevelTypes(line: String, path: String) {
        let yaml = file(top: line).replacingOccurrences(
            of: "signals:\n  fit:\n    - key: industry\n      operator: in\n      value: [fintech]\n      weight: 20\n", with: "")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .wrongType(let p, _, _, let location?) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(p == path)
        #expect(location.line == 4)
    }

    @Test(
        "missing required fields are named",
        arguments: [
            ("{operator: in, value: [x], weight: 1}", "signals.fit[0].key"),
            ("{key: k, value: [x], weight: 1}", "signals.fit[0].operator"),
            ("{key: k, operator: in, value: [x]}", "signals.fit[0].weight"),
        ] as [(String, String)])
    func missingRuleField(rule: String, path: String) {
        let yaml = "format: icpledger/v1\nname: n\nstatement: s\nsignals:\n  fit:\n    - \(rule)\n"
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        #expect(error == .missingField(path: path, location: ICPFileLocation(line: 6, column: 7)))
        #expect(error?.description == "missing required field '\(path)' (in the mapping at line 6, column 7)")
    }

    @Test("name and statement are required", arguments: ["name", "statement"])
    func missingTopLevel(key: String) {
        let yaml = file().split(separator: "\n").filter { !$0.hasPrefix(key + ":") }.joined(separator: "\n")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        #expect(error == .missingField(path: key, location: ICPFileLocation(line: 1, column: 1)))
    }

    @Test("a disqualifier needs a reason and a seat needs a pain")
    func missingReasonAndPain() {
        let noReason = file(top: "disqualifiers:\n  - {key: region, operator: in, value: [eu]}")
        #expect(throws: ICPFileError.missingField(path: "disqualifiers[0].reason", location: ICPFileLocation(line: 5, column: 5))) {
            try ICPFileDocument(yaml: noReason)
        }
        let noPain = file(top: "committee:\n  - role: champion")
        #expect(throws: ICPFileError.missingField(path: "committee[0].pain", location: ICPFileLocation(line: 5, column: 5))) {
            try ICPFileDocument(yaml: noPain)
        }
    }

    @Test(
        "unknown enum values are refused with a suggestion",
        arguments: [
            ("      operator: in", "      operator: not_in", "signals.fit[0].operator", "did you mean 'not-in'?"),
            ("      operator: in", "      operator: atLeast", "signals.fit[0].operator", "did you mean 'at-least'?"),
            (
                "      operator: in", "      operator: greater-than", "signals.fit[0].operator",
                "expected one of: equals, in, not-in, between, at-least, at-most, contains, exists"
            ),
            ("mode: operating", "mode: operatng", "mode", "did you mean 'operating'?"),
            ("mode: operating", "missing-data: zeros", "missing-data", "did you mean 'zero'?"),
            ("mode: operating", "cadence: quartely", "cadence", "did you mean 'quarterly'?"),
            ("mode: operating", "committee: [{role: economicBuyer, pain: p}]", "committee[0].role", "did you mean 'economic-buyer'?"),
        ] as [(String, String, String, String)])
    func unknownEnumValues(find: String, replace: String, path: String, hint: String) {
        let yaml = file(top: "mode: operating").replacingOccurrences(of: find, with: replace)
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .invalidValue(let p, let message, _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(p == path)
        #expect(message.hasSuffix(hint))
    }

    @Test("a duplicate key is refused with its line")
    func duplicateKey() {
        let yaml = file(top: "name: Again")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .duplicateKey("name", let location?) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(location.line == 2 || location.line == 4)
    }

    @Test("format must be present and be icpledger/v1")
    func format() {
        let missing = file().replacingOccurrences(of: "format: icpledger/v1\n", with: "")
        #expect(throws: ICPFileError.unsupportedFormat(found: nil, location: ICPFileLocation(line: 1, column: 1))) {
            try ICPFileDocument(yaml: missing)
        }
        let future = file().replacingOccurrences(of: "icpledger/v1", with: "icpledger/v2")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: future) }
        #expect(error == .unsupportedFormat(found: "icpledger/v2", location: ICPFileLocation(line: 1, column: 9)))
        #expect(error?.description == "unsupported format 'icpledger/v2' at line 1, column 9; this version reads 'icpledger/v1'")
    }

    @Test("an empty file or a comment-only file is refused", arguments: ["", "# nothing here\n", "~\n"])
    func emptyFile(yaml: String) {
        #expect(throws: ICPFileError.emptyFile) { try ICPFileDocument(yaml: yaml) }
    }

    @Test("a document that is not a mapping is refused")
    func notAMapping() {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: "- a\n- b\n") }
        guard case .wrongType("(document)", _, "a list", _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test("icp must be a UUID and base-revision a non-negative whole number")
    func metadataValues() {
        let badID = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: file(top: "icp: not-a-uuid")) }
        guard case .invalidValue("icp", _, _) = badID else {
            Issue.record("got \(String(describing: badID))")
            return
        }
        let negative = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: file(top: "base-revision: -1")) }
        guard case .invalidValue("base-revision", _, _) = negative else {
            Issue.record("got \(String(describing: negative))")
            return
        }
        let fractional = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: file(top: "base-revision: 2.5")) }
        guard case .wrongType("base-revision", "a whole number", _, _) = fractional else {
            Issue.record("got \(String(describing: fractional))")
            return
        }
    }

    @Test("null metadata counts as absent")
    func nullMetadata() throws {
        let document = try ICPFileDocument(yaml: file(top: "owner:\nbase-revision: ~\nworkspace: null"))
        #expect(document.owner == nil && document.baseRevision == nil && document.workspace == nil)
    }
}
