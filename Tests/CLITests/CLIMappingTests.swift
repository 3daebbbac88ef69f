import Foundation
import Testing

/// `icpledger mapping …`: a workspace's export columns mapped to ICP keys, kept as events, used by score.
@Suite("icpledger mapping")
struct CLIMappingTests {
    static let mapping = """
        format: icpledger-mapping/v1
        columns:
          Vertical:
            key: industry
            values: {3PL: third-party-logistics, Warehousing: contract-warehousing}
          Sites: {key: warehouseCount, as: range, pick: lower}
          Contract Value: acvUSD
          Union: {key: unionizedWorkforce, as: boolean, true-words: [Unionised]}
        """

    static let export = "Company,Vertical,Sites,Contract Value,Union\nNorthbound,3PL,5-10,\"$60,000\",\nHarbor,Warehousing,1,50000,Unionised\n"

    @Test("set from a file (admins), shown as a file that sets the same, in the history, and used by score directly and through a server")
    func mappingAndScore() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        try await CLISchedulerTests().publish(cli, Fixtures.icpName, file: try cli.write("icp.yaml", Fixtures.newICP))
        let exportFile = try cli.write("export.csv", Self.export)
        let score = ["score", exportFile, "--workspace", "acme", "--icp", "Mid", "--format", "csv"]

        // Before a mapping, only columns named like keys are read: nothing here is.
        let unmapped = try await cli.ok(score).stdout
        #expect(unmapped.contains("2,Northbound,1,D,0.0,yes,,,,industry;warehouseCount;acvUSD,0.0"), "\(unmapped)")

        let file = try cli.write("mapping.yaml", Self.mapping)
        let refused = try await cli.run(["mapping", "set", file, "--workspace", "acme"], as: "bob")
        #expect(refused.status == 1 && refused.stderr.contains("admin"), "\(refused)")
        #expect(try await cli.ok(["mapping", "set", file, "--workspace", "acme"]).stdout.contains("4 column(s) mapped"))
        #expect(try await cli.ok(["mapping", "set", file, "--workspace", "acme"]).stdout.contains("nothing recorded"))

        // Northbound: 3PL → third-party-logistics (25), 5 sites (15), $60,000 (15): 100. Harbor: one site
        // misses (15), 50,000 matches: 40 of 55, and the union disqualifies it.
        let mapped = try await cli.ok(score).stdout.split(separator: "\r\n").map(String.init)
        #expect(mapped.dropFirst().first == "2,Northbound,1,A,100.0,yes,,industry;warehouseCount;acvUSD,,,1.0", "\(mapped)")
        #expect(
            mapped.dropFirst(2).first == "3,Harbor,1,B,72.7,no,Collective agreements fix shift patterns.,industry;acvUSD,warehouseCount,,1.0",
            "\(mapped)")

        let shown = try await cli.ok(["mapping", "show", "--workspace", "acme"]).stdout
        #expect(shown.contains("format: icpledger-mapping/v1") && shown.contains("Sites:") && shown.contains("as: range"))
        let again = try cli.write("shown.yaml", shown)
        #expect(try await cli.ok(["mapping", "set", again, "--workspace", "acme"]).stdout.contains("nothing recorded"), "show prints what set reads")
        let history = try await cli.ok(["mapping", "history", "--workspace", "acme", "--json"])
        let changes = try #require(try cli.json(history) as? [[String: Any]])
        #expect(changes.count == 1 && changes.first?["columns"] as? Int == 4)

        let broken = try cli.write("broken.yaml", "columns:\n  Sites: {key: warehouseCount, as: rnage}\n")
        let typo = try await cli.run(["mapping", "set", broken, "--workspace", "acme"])
        #expect(typo.status == 1 && typo.stderr.contains("did you mean 'range'"), "\(typo)")
        let override = try await cli.ok(score + ["--mapping", try cli.write("empty.yaml", "columns: {}\n")]).stdout
        #expect(override == unmapped, "--mapping FILE is used instead of the workspace's")

        // Through a server: the same scores, and the mapping cleared by its admin.
        let server = try await CLIRemoteTests.Server(cli)
        defer { server.stop() }
        func remote(_ arguments: [String], as person: String) async throws -> CLIResult {
            let token = try await cli.ok(["token", "create", "--principal", person, "--workspace", "acme"]).lastLine
            return try await cli.run(
                arguments,
                environment: [
                    "ICPLEDGER_SERVER": server.url, "ICPLEDGER_TOKEN": token, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",
                    "ICPLEDGER_APP_DATABASE_URL": nil, "ICPLEDGER_SYSTEM_DATABASE_URL": nil,
                ])
        }
        #expect(try await remote(score, as: "bob").stdout.split(separator: "\r\n").map(String.init) == mapped)
        let bobSets = try await remote(["mapping", "set", file, "--workspace", "acme"], as: "bob")
        #expect(bobSets.status == 1 && bobSets.stderr.contains("admin"), "\(bobSets)")
        let cleared = try await remote(["mapping", "set", try cli.write("none.yaml", "columns: {}\n"), "--workspace", "acme"], as: "alice")
        #expect(cleared.status == 0 && cleared.stdout.contains("0 column(s) mapped"), "\(cleared)")
        #expect(try await cli.ok(score).stdout == unmapped)
        let listed = try #require(try cli.json(try await cli.ok(["mapping", "history", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(listed.map { $0["columns"] as? Int } == [4, 0])
    }
}
