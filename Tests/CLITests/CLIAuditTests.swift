import Foundation
import Testing

/// `icpledger audit projections` finds a read-model row edited behind the service's back.
@Suite("icpledger audit projections")
struct CLIAuditTests {
    @Test("a clean ledger audits clean; a row edited in the database is found (exit 3, as for a broken chain) until a rebuild")
    func tamperedRow() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        try await cli.ok(["icp", "propose", try cli.write("new.yaml", Fixtures.newICP), "--workspace", "acme", "--rationale", "First."])
        try await cli.ok(["revision", "approve", Fixtures.icpName, "1", "--workspace", "acme"], as: "bob")
        try await cli.ok(["workspace", "create", "other"])

        let clean = try await cli.ok(["audit", "projections"])
        #expect(clean.stdout.contains("no difference"), "\(clean)")

        _ = try await cli.database.withConnection(cli.database.superuser) { connection in
            try connection.query("UPDATE icp_list SET name = 'Tampered' WHERE name = \(Fixtures.icpName)")
        }
        let found = try await cli.run(["audit", "projections"])
        #expect(found.status == 3, "\(found)")
        #expect(
            found.stdout.contains("icp_list") && found.stdout.contains("Tampered") && found.stdout.contains("2 read-model rows differ"), "\(found)")
        let json = try await cli.run(["audit", "projections", "--json"])
        let differences = try #require((try cli.json(json) as? [String: Any])?["differences"] as? [[String: Any]])
        #expect(Set(differences.compactMap { $0["side"] as? String }) == ["live", "replay"])
        #expect(try await cli.ok(["icp", "list", "--workspace", "acme"]).stdout.contains("Tampered"), "the audit changed nothing")

        try await cli.ok(["rebuild"])
        let rebuilt = try await cli.ok(["audit", "projections"])
        #expect(rebuilt.stdout.contains("no difference"), "\(rebuilt)")
    }
}
