import ICPDomain
import ICPFile
import TestFixtures
import Testing

@Suite("Export is stable and readable")
struct ExportTests {
    @Test("exporting the same ICP twice gives identical bytes")
    func byteStable() {
        let first = Fixtures.fintechDocument.yaml()
        let copies = (0..<5).map { _ in
            ICPFileDocument(
                definition: SampleICPs.fintechOps, workspace: "Acme Analytics",
                icp: Fixtures.fintechDocument.icp, baseRevision: 4,
                owner: "dana@acme.example"
            ).yaml()
        }
        #expect(copies.allSatisfy { Array($0.utf8) == Array(first.utf8) })
    }

    @Test("export → parse → export is a fixed point", arguments: [SampleICPs.fintechOps, SampleICPs.experimentHealth, SampleICPs.minimal])
    func fixedPoint(definition: ICPDefinition) throws {
        let yaml = ICPFileDocument(definition: definition, baseRevision: 2).yaml()
        #expect(try ICPFileDocument(yaml: yaml).yaml() == yaml)
    }

    @Test("the fintech ICP exports to exactly this text")
    func golden() {
        let expected = """
            # ICP Ledger — Ideal Customer Profile file (format icpledger/v1).
            #
            # This file is the whole ICP definition: who fits, who is excluded, who buys, and how
            # accounts are tiered. Edit it, review the rule-by-rule plan the CLI prints for it,
            # then propose it as a new revision (icpledger icp propose). Every key is documented in docs/icp-file.md;
            # unknown keys are refused.
            #
            # Exported from revision 4. Leave format, icp and base-revision as they are:
            # if another revision is published meanwhile, plan and propose refuse the stale file.
            format: icpledger/v1
            workspace: Acme Analytics
            icp: 6f1c2a4e-0b7d-4c1e-9a55-2f3e8d7c6b10
            base-revision: 4
            owner: dana@acme.example

            name: Series B fintech ops
            statement: Series B–C fintech lenders whose operations leaders lose days each month reconciling loan data across spreadsheets, because their core banking stack cannot automate exceptions, and who must pass a regulator audit this year.
            mode: operating
            cadence: quarterly
            missing-data: zero
            tiers:
              a: 75
              b: 55
              c: 35

            signals:
              fit:
                - key: industry
                  operator: in
                  value: [fintech, insurtech]
                  weight: 20
                  rationale: Both verticals make up 70% of closed-won ARR.
                - key: employees
                  operator: between
                  value: {min: 150, max: 1200}
                  weight: 10
                  rationale: Big enough to have an ops team, small enough to buy in one quarter.
                - key: region
                  operator: not-in
                  value: [apac]
                  weight: 5
                  rationale: ""
                - key: usesSnowflake
                  operator: equals
                  value: true
                  weight: 7.5
                  rationale: Our connector is Snowflake-first.
              economic:
                - key: acvUSD
                  operator: at-least
                  value: 30000
                  weight: 15
                  rationale: Below this the sales cycle does not pay back.
                - key: grossMarginPct
                  operator: at-most
                  value: 0.3
                  weight: 4.25
                  rationale: ""
              retention:
                - key: nrrPct
                  operator: at-least
                  value: 110
                  weight: 12
                  rationale: Expanding customers look like this.
              triggers:
                - key: recentEvents
                  operator: contains
                  value: series-b
                  weight: 8
                  rationale: Fresh money, new ops hires.
                - key: hiringHeadOfOps
                  operator: exists
                  weight: 6
                  rationale: ""

            disqualifiers:
              - key: ownership
                operator: equals
                value: public-sector
                reason: Procurement cycles exceed 12 months.
              - key: country
                operator: in
                value: [ru, ir, kp]
                reason: Sanctioned jurisdictions.

            committee:
              - role: economic-buyer
                pain: Audit findings land on the COO's desk.
              - role: champion
                pain: Month-end close takes the ops team a full week.
              - role: technical-evaluator
                pain: Every new data feed is a bespoke script.

            """
        #expect(Fixtures.fintechDocument.yaml() == expected)
    }

    @Test(
        "numbers are written without float noise",
        arguments: [
            (0.1 + 0.2, "0.30000000000000004"), (0.3, "0.3"), (20, "20"), (30000, "30000"), (12.5, "12.5"), (-0.0, "0"),
            (1e-7, "1e-07"), (1e21, "1e+21"), (Double.infinity, ".inf"), (-Double.infinity, "-.inf"),
        ] as [(Double, String)])
    func numberFormatting(value: Double, expected: String) {
        let definition = ICPDefinition(
            name: "n", statement: "s",
            signals: SignalSet(economic: [Signal(key: "x", op: .atLeast, value: .number(value), weight: 1)]))
        #expect(ICPFileDocument(definition: definition).yaml().contains("      value: \(expected)\n"))
    }

    @Test("whole weights are integers and fractional weights keep their shortest form")
    func weights() {
        let yaml = Fixtures.fintechDocument.yaml()
        #expect(yaml.contains("weight: 20\n"))
        #expect(yaml.contains("weight: 7.5\n"))
        #expect(!yaml.contains("20.0"))
    }

    @Test(
        "strings that YAML would read as something else are quoted",
        arguments: [
            ("yes", "\"yes\""), ("42", "\"42\""), ("true", "\"true\""), ("null", "\"null\""), ("", "\"\""),
            ("a: b", "\"a: b\""), ("#1 pain", "\"#1 pain\""), ("line\nbreak", "\"line\\nbreak\""), ("2024-01-01", "\"2024-01-01\""),
            ("fintech", "fintech"), ("Series B–C", "Series B–C"), ("it's", "it's"),
        ] as [(String, String)])
    func quoting(text: String, expected: String) {
        let definition = ICPDefinition(name: text, statement: "s")
        #expect(ICPFileDocument(definition: definition).yaml().contains("\nname: \(expected)\n"))
    }

    @Test("list items that break flow syntax are quoted inside [ ]")
    func flowQuoting() {
        let definition = SampleICPs.experimentHealth
        let yaml = ICPFileDocument(definition: definition).yaml()
        #expect(yaml.contains("value: [athena, \"true\", \"42\", \"a, b\", \"[x]\", \"no\"]"))
    }

    @Test(
        "a cadence without a name is written as months", arguments: [(1, "monthly"), (3, "quarterly"), (5, "5"), (6, "half-yearly"), (12, "yearly")])
    func cadence(months: Int, expected: String) {
        let definition = ICPDefinition(name: "n", statement: "s", cadence: ReviewCadence(months: months))
        #expect(ICPFileDocument(definition: definition).yaml().contains("\ncadence: \(expected)\n"))
    }

    @Test("empty families and lists are written as []")
    func emptyLists() {
        let yaml = ICPFileDocument(definition: SampleICPs.minimal).yaml()
        for line in ["  fit: []", "  economic: []", "  retention: []", "  triggers: []", "disqualifiers: []", "committee: []"] {
            #expect(yaml.contains(line + "\n"))
        }
    }
}
