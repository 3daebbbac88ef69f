import ICPDomain
import ICPFile
import TestFixtures

/// File-level fixtures of the ICPFile tests.
enum Fixtures {
    /// A full document around `SampleICPs.fintechOps`.
    static let fintechDocument = ICPFileDocument(
        definition: SampleICPs.fintechOps, workspace: "Acme Analytics",
        icp: ICPID("6f1c2a4e-0b7d-4c1e-9a55-2f3e8d7c6b10"), baseRevision: 4, owner: "dana@acme.example")
}

extension DefinitionGenerator {
    mutating func document() -> ICPFileDocument {
        ICPFileDocument(
            definition: definition(),
            workspace: rng.bool() ? string() : nil,
            icp: rng.bool() ? ICPID() : nil,
            baseRevision: rng.bool() ? rng.int(50) : nil,
            owner: rng.bool() ? string() : nil)
    }
}
