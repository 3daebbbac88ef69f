import ICPFile
import Testing

@Suite("Finding files are read by the ICP file's YAML reader")
struct FindingFileTests {
    @Test("every key, quoted text, a folded summary and numeric metrics")
    func fullFile() throws {
        let file = try FindingFile.parse(
            """
            # from the Q3 win-loss review
            type: win-loss
            summary: >
              Lost deals cite a missing SOC 2 report
              in 6 of 10 cases.
            severity: "high"
            recommendation: 'Disqualify regulated buyers: for now.'
            icp: Mid-market SaaS
            metrics:
              lossesCitingSoc2: 6
              winRate: 0.125
            """)
        #expect(file.type == "win-loss")
        #expect(file.summary == "Lost deals cite a missing SOC 2 report in 6 of 10 cases.\n")
        #expect(file.severity == "high")
        #expect(file.recommendation == "Disqualify regulated buyers: for now.")
        #expect(file.icp == "Mid-market SaaS")
        #expect(file.metrics == ["lossesCitingSoc2": 6, "winRate": 0.125])
    }

    @Test("a misspelt key is refused with the nearest known key and its line")
    func unknownKey() {
        let error = #expect(throws: ICPFileError.self) { try FindingFile.parse("type: pipeline\nseverty: low\n") }
        guard case .unknownKey(let path, let suggestion, let location)? = error else {
            Issue.record("expected an unknown key, got \(String(describing: error))")
            return
        }
        #expect(path == "severty")
        #expect(suggestion == "severity")
        #expect(location?.line == 2)
    }

    @Test(
        "a metric must be a number, and metrics a mapping",
        arguments: [
            ("metrics:\n  winRate: high\n", "metrics.winRate"), ("metrics: [1, 2]\n", "metrics"), ("summary: [a, b]\n", "summary"),
        ])
    func wrongTypes(yaml: String, path: String) {
        let error = #expect(throws: ICPFileError.self) { try FindingFile.parse(yaml) }
        #expect(error?.path == path)
        #expect(error?.location != nil)
    }

    @Test("syntax errors and empty files are refused")
    func syntaxAndEmpty() {
        let syntax = #expect(throws: ICPFileError.self) { try FindingFile.parse("type: pipeline\nsummary: [unclosed\n") }
        if case .syntax(_, let location)? = syntax { #expect(location != nil) } else { Issue.record("expected a syntax error") }
        #expect(throws: ICPFileError.self) { try FindingFile.parse("  \n# nothing\n") }
    }
}
