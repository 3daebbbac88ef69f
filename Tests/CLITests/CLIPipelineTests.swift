import Foundation
import Testing

/// `icpledger pipeline …`, and the impact preview in `icp plan` and `revision show`.
@Suite("icpledger pipeline")
struct CLIPipelineTests {
    /// Four deals: two 3PLs that fit fully, a unionised one (disqualified), one with one site and a
    /// small contract (25 of 55: tier C, still in fit).
    static let export = """
        Company;industry;warehouseCount;acvUSD;unionizedWorkforce;Stage;Amount;Owner\r
        Northbound;third-party-logistics;5;60000;no;Proposal;"$60,000.00";alice\r
        "Harbor; Sons";contract-warehousing;12;45000;;Discovery;45.000,00 €;Pat Smith\r
        Union Yard;third-party-logistics;8;50000;yes;Negotiation;50000;Pat Smith\r
        Lone Site;third-party-logistics;1;20000;no;Lead;20000;\r

        """

    @Test(
        "import scores the rows against the ICP operating that day and sums them up; the same file twice is one snapshot; plan and revision show preview a change's impact; rows keep their scores; through a server too"
    )
    func importAndPreview() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        try await CLISchedulerTests().publish(cli, Fixtures.icpName, file: try cli.write("icp.yaml", Fixtures.newICP))
        let file = try cli.write("pipeline.csv", Self.export)

        let imported = try await cli.ok(["pipeline", "import", file, "--workspace", "acme", "--date", "2026-03-31", "--record-finding"]).stdout
        #expect(imported.contains("4 row(s) from pipeline.csv"), "\(imported)")
        #expect(imported.contains("in fit: 75.0% of rows, 71.4% of value"), "all but Union Yard: 125,000 of 175,000: \(imported)")
        #expect(imported.contains("disqualified 1 (25.0%)") && imported.contains("recorded pipeline-audit finding"), "\(imported)")
        #expect(!imported.contains("Pat Smith"), "owners are pseudonyms: \(imported)")
        let again = try await cli.ok(["pipeline", "import", file, "--workspace", "acme", "--date", "2026-04-01"]).stdout
        #expect(again.contains("imported before"), "\(again)")
        let listed = try #require(try cli.json(try await cli.ok(["pipeline", "list", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(listed.count == 1)
        let id = try #require(listed.first?["id"] as? String)
        let rows = try await cli.ok(["pipeline", "rows", id, "--workspace", "acme"]).stdout
        #expect(rows.contains("Harbor; Sons") && rows.contains("Collective agreements"), "\(rows)")

        // A day before the ICP was published has nothing to score against.
        let other = try cli.write("other.csv", Self.export + "Late Add;third-party-logistics;4;41000;no;Lead;41000;alice\r\n")
        let early = try await cli.run(["pipeline", "import", other, "--workspace", "acme", "--date", "2025-12-31"])
        #expect(early.status != 0 && early.stderr.contains("operating on 2025-12-31"), "\(early)")

        // Plan a change that disqualifies single-site warehouses: exactly Lone Site moves.
        let exported = try await cli.ok(["icp", "export", Fixtures.icpName, "--workspace", "acme"]).stdout
        var lines = exported.components(separatedBy: "\n")
        let reason = try #require(lines.firstIndex { $0.contains("reason: Collective agreements fix shift patterns.") }, "\(exported)")
        let indent = String(repeating: " ", count: lines[reason].prefix { $0 == " " }.count)
        let item = String(indent.dropLast(2))
        lines.insert(
            contentsOf: [
                "\(item)- key: warehouseCount", "\(indent)operator: at-most", "\(indent)value: 1",
                "\(indent)reason: One site cannot use shift planning.",
            ],
            at: reason + 1)
        let changedFile = try cli.write("changed.yaml", lines.joined(separator: "\n"))
        let plan = try await cli.run(["icp", "plan", changedFile, "--workspace", "acme"]).stdout  // exit 2: changes
        #expect(plan.contains("Impact on the pipeline snapshot of 2026-03-31 (4 rows)"), "\(plan)")
        #expect(plan.contains("C → disqualified: 1 row(s), value 20000"), "Lone Site (25 of 55: C) \(plan)")
        #expect(plan.contains("by disqualifier added: warehouseCount atMost 1: 1 out"), "\(plan)")

        try await cli.ok(["icp", "propose", changedFile, "--workspace", "acme", "--rationale", "Single sites churn."])
        let shown = try await cli.ok(["revision", "show", Fixtures.icpName, "2", "--workspace", "acme"]).stdout
        #expect(shown.contains("Revision 2 of") && shown.contains("Single sites churn."), "\(shown)")
        #expect(shown.contains("C → disqualified: 1 row(s)"), "\(shown)")

        // Through a server: bob imports the next day's export and sees both snapshots.
        let server = try await CLIRemoteTests.Server(cli)
        defer { server.stop() }
        let token = try await cli.ok(["token", "create", "--principal", "bob", "--workspace", "acme"]).lastLine
        let remote = try await cli.run(
            ["pipeline", "import", other, "--workspace", "acme", "--date", "2026-04-30"],
            environment: [
                "ICPLEDGER_SERVER": server.url, "ICPLEDGER_TOKEN": token, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",
                "ICPLEDGER_APP_DATABASE_URL": nil, "ICPLEDGER_SYSTEM_DATABASE_URL": nil,
            ])
        #expect(remote.status == 0 && remote.stdout.contains("5 row(s)"), "\(remote)")
        let both = try #require(try cli.json(try await cli.ok(["pipeline", "list", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(both.map { $0["day"] as? String } == ["2026-03-31", "2026-04-30"])
    }

    @Test("a file with bad rows is refused with each row named and nothing stored")
    func badRows() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        try await CLISchedulerTests().publish(cli, Fixtures.icpName, file: try cli.write("icp.yaml", Fixtures.newICP))
        let file = try cli.write("bad.csv", "Company,warehouseCount,Amount\nA,3,100\nB,many,100\nC,3,lots\n")
        let refused = try await cli.run(["pipeline", "import", file, "--workspace", "acme", "--date", "2026-03-31"])
        #expect(
            refused.status != 0 && refused.stderr.contains("row 3 (B): warehouseCount") && refused.stderr.contains("row 4 (C): Amount"), "\(refused)")
        #expect(refused.stderr.contains("nothing was imported"), "\(refused)")
        let listed = try #require(try cli.json(try await cli.ok(["pipeline", "list", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(listed.isEmpty)
        let skipped = try await cli.ok(["pipeline", "import", file, "--workspace", "acme", "--date", "2026-03-31", "--skip-bad-rows"])
        #expect(skipped.stdout.contains("1 row(s), 2 skipped"), "\(skipped)")
    }
}
