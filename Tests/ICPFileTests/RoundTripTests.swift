import ICPDomain
import ICPFile
import TestFixtures
import Testing

@Suite("Export → parse round trips")
struct RoundTripTests {
    @Test("a realistic ICP survives export and parse unchanged", arguments: [SampleICPs.fintechOps, SampleICPs.experimentHealth, SampleICPs.minimal])
    func realisticRoundTrip(definition: ICPDefinition) throws {
        let document = ICPFileDocument(definition: definition, workspace: "Acme", icp: ICPID(), baseRevision: 7, owner: "Dana Ruiz")
        let parsed = try ICPFileDocument(yaml: document.yaml())
        #expect(parsed == document)
        #expect(parsed.definition.validate().isEmpty)
    }

    @Test("metadata is optional and a new ICP round-trips without it")
    func newICPRoundTrip() throws {
        let document = ICPFileDocument(definition: SampleICPs.fintechOps)
        let yaml = document.yaml()
        #expect(!yaml.contains("base-revision"))
        #expect(!yaml.contains("icp:"))
        #expect(try ICPFileDocument(yaml: yaml) == document)
    }

    @Test("random definitions round-trip exactly", arguments: [1, 2, 3, 42, 2024, 99991] as [UInt64])
    func randomRoundTrip(seed: UInt64) throws {
        var generator = DefinitionGenerator(seed: seed)
        for _ in 0..<40 {
            let document = generator.document()
            let yaml = document.yaml()
            let parsed = try ICPFileDocument(yaml: yaml, validate: false)
            #expect(parsed == document, "seed \(seed):\n\(yaml)")
            #expect(parsed.yaml() == yaml, "export → parse → export is not a fixed point for seed \(seed)")
        }
    }

    @Test("every tricky string survives in every text position", arguments: DefinitionGenerator.trickyStrings)
    func trickyStringRoundTrip(text: String) throws {
        let definition = ICPDefinition(
            name: text, statement: text,
            signals: SignalSet(
                fit: [Signal(key: text, op: .equals, value: .string(text), weight: 1, rationale: text)],
                economic: [Signal(key: "k", op: .in, value: .stringList([text, "x"]), weight: 1)]),
            disqualifiers: [Disqualifier(key: text, op: .contains, value: .string(text), reason: text)],
            committee: [CommitteeRole(kind: .champion, pain: text)])
        let document = ICPFileDocument(definition: definition, workspace: text, owner: text)
        let parsed = try ICPFileDocument(yaml: document.yaml(), validate: false)
        #expect(parsed == document)
    }

    @Test("a hand-written file parses to the definition it describes")
    func handWritten() throws {
        let yaml = """
            format: icpledger/v1
            name: Tiny
            statement: Small shops that need invoices today.
            signals:
              fit:
                - {key: industry, operator: in, value: [retail], weight: 10}
              triggers:
                - key: openedStore
                  operator: exists
                  weight: 5
            disqualifiers:
              - key: employees
                operator: at-most
                value: 1
                reason: Sole traders do not pay.
            """
        let document = try ICPFileDocument(yaml: yaml)
        #expect(
            document.definition
                == ICPDefinition(
                    name: "Tiny", statement: "Small shops that need invoices today.",
                    signals: SignalSet(
                        fit: [Signal(key: "industry", op: .in, value: .stringList(["retail"]), weight: 10)],
                        trigger: [Signal(key: "openedStore", op: .exists, value: nil, weight: 5)]),
                    disqualifiers: [Disqualifier(key: "employees", op: .atMost, value: .number(1), reason: "Sole traders do not pay.")]))
        #expect(document.baseRevision == nil && document.icp == nil && document.owner == nil)
    }
}
