import Foundation
import PostgresEmbedded
import Subprocess
import Testing

/// `icpledger principal erase`: a person leaves no byte of their name in the database, and every
/// hash chain still verifies.
@Suite("icpledger principal erase")
struct CLIErasureTests {
    static let person = "Zelda Quartermaine"
    static let email = "zelda@quartermaine.example"

    /// The whole database as `pg_dump` writes it (plain SQL, data included).
    static func dump(_ cli: CLI) async throws -> String {
        let binaries = try await PostgresBinaries.locate()
        let result = try await Subprocess.run(
            .path(.init(binaries.directory + "/pg_dump")), arguments: ["--dbname=" + CLI.keywordString(cli.database.superuser)],
            output: .string(limit: 64 << 20), error: .string(limit: 1 << 20))
        #expect(result.terminationStatus.isSuccess, "pg_dump: \(result.standardError)")
        return result.standardOutput
    }

    @Test("after an erasure the dump holds no byte of the name or e-mail; verify passes; what could not be removed is reported")
    func erase() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let name = Fixtures.icpName
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", Self.person, "--role", "approver", "--workspace", "acme", "--email", Self.email])
        try await cli.ok(["token", "create", "--principal", Self.person, "--workspace", "acme", "--label", "laptop"])
        try await cli.ok(["icp", "propose", try cli.write("new.yaml", Fixtures.newICP), "--workspace", "acme", "--rationale", "First."])
        try await cli.ok(
            ["revision", "approve", name, "1", "--workspace", "acme", "--comment", "Zelda Quartermaine checked it against the data."], as: Self.person
        )
        try await cli.ok(["revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05", "--backdated"])
        try await cli.ok(["icp", "reassign", name, "--owner", Self.person, "--workspace", "acme"])
        try await cli.ok(
            [
                "finding", "record", "--workspace", "acme", "--type", "pipeline", "--summary", "Half the pipeline is outside fit.",
                "--severity", "medium", "--notes", "Interviewed by Zelda Quartermaine with the ops leads.",
            ], as: Self.person)
        let noted = try #require(try cli.json(try await cli.ok(["icp", "findings", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(noted.first?["notes"] as? String == "Interviewed by Zelda Quartermaine with the ops leads.", "notes read back")
        let before = try await Self.dump(cli)
        #expect(before.contains(Self.person) && before.contains(Self.email), "the dump shows the person before")

        let selfErase = try await cli.run(["principal", "erase", "alice", "--workspace", "acme"])
        #expect(selfErase.status == 1, "an admin cannot erase themselves: \(selfErase)")
        let erased = try await cli.ok(["principal", "erase", Self.person, "--workspace", "acme", "--json"])
        let report = try #require(try cli.json(erased) as? [String: Any])
        #expect(report["tokensRevoked"] as? Int == 1 && report["icpsOrphaned"] as? Int == 1 && report["notesErased"] as? Int == 2, "\(erased)")
        let kept = try #require(report["keptFreeText"] as? [String: Int])
        #expect(kept["RevisionApproved"] == nil && kept["FindingRecorded"] == 1, "the approval's comment was erasable: \(erased)")

        let after = try await Self.dump(cli)
        for fragment in [Self.person, "Zelda", "Quartermaine", Self.email, "laptop"] {
            #expect(!after.contains(fragment), "the dump still holds '\(fragment)'")
        }
        try await cli.ok(["verify"])
        let people = try #require(try cli.json(try await cli.ok(["principal", "list", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(people.contains { ($0["name"] as? String)?.hasPrefix("erased-") == true && $0["role"] == nil })
        let tokens = try #require(try cli.json(try await cli.ok(["token", "list", "--json"])) as? [[String: Any]])
        #expect(tokens.allSatisfy { $0["revokedAt"] != nil })
        // The history still shows who approved, by the opaque id the events carry.
        let history = try #require(try cli.json(try await cli.ok(["icp", "history", name, "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect((history.first?["approvers"] as? [String])?.count == 1)
        let comments = (history.first?["approvalNotes"] as? [[String: Any]])?.compactMap { $0["comment"] as? String }
        #expect(comments == ["(removed: its author was erased)"], "\(history)")
        let findings = try #require(try cli.json(try await cli.ok(["icp", "findings", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(findings.first?["notes"] as? String == "(removed: its author was erased)", "the erased notes are gone; the finding stays")
        let again = try await cli.run(["principal", "erase", Self.person, "--workspace", "acme"])
        #expect(again.status == 1, "the name is gone: \(again)")
    }
}
