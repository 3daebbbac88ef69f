import Foundation
import ICPDomain
import ICPFile
import Testing

private func rule(_ family: String, _ body: String) -> String {
    "format: icpledger/v1\nname: n\nstatement: s\nsignals:\n  \(family):\n    - {key: a, operator: exists, weight: 1}\n    - \(body)\n"
}

@Suite("Domain validation errors carry the file path and line")
struct ValidationTests {
    @Test(
        "operator/value mismatches are reported at the operator in file words",
        arguments: [
            ("{key: acv, operator: between, weight: 5}", "between needs a range {min, max}"),
            ("{key: acv, operator: between, value: 5, weight: 5}", "between needs a range {min, max}, not a number"),
            ("{key: tag, operator: contains, value: 42, weight: 5}", "contains needs a text value (quote numbers, e.g. \"42\"), not a number"),
            ("{key: seen, operator: exists, value: [x], weight: 5}", "exists takes no value, but a list was given; remove 'value'"),
            ("{key: region, operator: not-in, value: eu, weight: 5}", "not-in needs a list of text values, e.g. [a, b], not text"),
        ] as [(String, String)])
    func mismatch(body: String, message: String) {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: rule("fit", body)) }
        #expect(
            error?.issues.first
                == ICPFileIssue(
                    code: .operatorValueMismatch, path: "signals.fit[1].operator", message: message,
                    location: ICPFileLocation(line: 7, column: 7 + body.distance(from: body.startIndex, to: body.range(of: "operator")!.lowerBound))))
        #expect(error?.description.hasPrefix("signals.fit[1].operator at line 7") == true)
    }

    @Test("trigger paths use the file's 'triggers' key")
    func triggersPath() {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: rule("triggers", "{key: round, operator: exists, weight: 0}")) }
        #expect(error?.issues.map(\.path) == ["signals.triggers[1].weight"])
        #expect(error?.issues.first?.location?.line == 7)
    }

    @Test("several problems are all reported, in field order")
    func several() {
        let yaml = """
            format: icpledger/v1
            name: " "
            statement: s
            cadence: 13
            tiers: {a: 40, b: 60, c: 20}
            signals:
              economic:
                - {key: acv, operator: at-least, value: 5, weight: 150}
                - {key: acv, operator: at-least, value: 5, weight: 10}
            disqualifiers:
              - {key: region, operator: in, value: [], reason: "  "}
            committee:
              - {role: economic-buyer, pain: ""}
            """
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        #expect(
            error?.issues.map(\.path) == [
                "name", "cadence", "signals.economic[0].weight", "signals.economic[1]", "disqualifiers[0].value",
                "disqualifiers[0].reason", "committee[0].pain", "tiers",
            ])
        #expect(error?.issues.map { $0.location?.line } == [2, 4, 8, 9, 11, 11, 13, 5])
        #expect(error?.issues.first { $0.path == "committee[0].pain" }?.message == "Name the pain the economic-buyer owns.")
        #expect(error?.description.hasSuffix("(and 7 more problem(s))") == true)
    }

    @Test("validation can be skipped to read a draft that is still invalid")
    func skipValidation() throws {
        let document = try ICPFileDocument(yaml: rule("fit", "{key: acv, operator: between, weight: 5}"), validate: false)
        #expect(document.definition.signals.fit[1].value == nil)
        #expect(!document.definition.validate().isEmpty)
    }
}
