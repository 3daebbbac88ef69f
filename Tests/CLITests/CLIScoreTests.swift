import Foundation
import Testing

/// `icpledger score`: accounts from a CRM export scored against the ICP, directly and through a server.
@Suite("icpledger score")
struct CLIScoreTests {
    /// A European export: `;` separators, a quoted name with a comma, decimal commas, a currency sign.
    static let accounts =
        "company;industry;warehouseCount;acvUSD;unionizedWorkforce\r\n"
        + "\"Kühne, Nagel\";Third-Party-Logistics;12;\"45.000,00\";no\r\n"
        + "DockCo;contract-warehousing;2;€39.999;yes\r\n"
        + "Blank;;;;\r\n"

    @Test("table, CSV and JSON agree with the hand-worked scores; bad rows refuse the file unless skipped; the same through a server")
    func score() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        let name = Fixtures.icpName
        let unpublished = try await cli.run(["score", try cli.write("a.csv", Self.accounts), "--workspace", "acme", "--icp", "Mid"])
        #expect(unpublished.status == 1, "\(unpublished)")
        try await CLISchedulerTests().publish(cli, name, file: try cli.write("icp.yaml", Fixtures.newICP))
        let file = try cli.write("accounts.csv", Self.accounts)
        let score = ["score", file, "--workspace", "acme", "--icp", "Mid-market"]

        let table = try await cli.ok(score)
        #expect(
            table.stdout.contains("scored 3 account(s) against revision 1 of \(name): 1 A, 0 B, 0 C, 1 D, 1 disqualified"), "\(table)")
        #expect(table.stdout.contains("Kühne, Nagel") && table.stdout.contains("Collective agreements fix shift patterns."))

        // Kühne, Nagel: 25 + 15 + 15 of 55 → 100. DockCo: only industry (25 of 55) → 45.5, tier C, and
        // disqualified. Blank: nothing known → 0, coverage 0, the disqualifier unchecked.
        let csv = try await cli.ok(score + ["--format", "csv"]).stdout.split(separator: "\r\n").map(String.init)
        #expect(csv.first == "row,account,revision,tier,score,qualified,disqualified_by,matched,missed,unknown,coverage")
        #expect(csv.dropFirst().first == "2,\"Kühne, Nagel\",1,A,100.0,yes,,industry;warehouseCount;acvUSD,,,1.0")
        #expect(csv.dropFirst(2).first == "3,DockCo,1,C,45.5,no,Collective agreements fix shift patterns.,industry,warehouseCount;acvUSD,,1.0")
        #expect(csv.dropFirst(3).first == "4,Blank,1,D,0.0,yes,,,,industry;warehouseCount;acvUSD,0.0")
        let json = try #require(try cli.json(try await cli.ok(score + ["--format", "json"])) as? [String: Any])
        let scores = try #require(json["scores"] as? [[String: Any]])
        #expect(scores.map { $0["score"] as? Double } == [100, 45.5, 0])
        #expect(scores[2]["uncheckedDisqualifiers"] as? [String] == ["unionizedWorkforce"])

        let broken = try cli.write("broken.csv", "company,warehouseCount\nA,twelve\nB,4\n")
        let refused = try await cli.run(["score", broken, "--workspace", "acme", "--icp", name])
        #expect(refused.status == 1 && refused.stderr.contains("row 2 (A): warehouseCount: 'twelve' is not a number"), "\(refused)")
        #expect(refused.stderr.contains("nothing was scored") && refused.stdout.isEmpty)
        let skipped = try await cli.run(["score", broken, "--workspace", "acme", "--icp", name, "--skip-bad-rows"])
        #expect(skipped.status == 0 && skipped.stderr.contains("skipped row 2") && skipped.stdout.contains("1 skipped"), "\(skipped)")

        let before = try await cli.run(score + ["--as-of", "2025-12-31"])
        #expect(before.status == 1 && before.stderr.contains("in force on 2025-12-31"), "\(before)")
        #expect(try await cli.ok(score + ["--revision", "1"]).stdout == table.stdout)
        #expect(try await cli.run(score + ["--revision", "1", "--as-of", "2026-02-01"]).status == 64)
        let hostile = try await cli.ok([
            "score", try cli.write("esc.csv", "company,industry\n\u{1B}[31mRed\u{7},x\n"), "--workspace", "acme", "--icp", name, "--format", "csv",
        ])
        #expect(!hostile.stdout.contains("\u{1B}") && hostile.stdout.contains("\\u{1B}[31mRed"), "\(hostile.stdout.debugDescription)")
        let quoteInside = try cli.write("quote.csv", "company,industry\nA,5\" pallets\n")
        let unreadable = try await cli.run(["score", quoteInside, "--workspace", "acme", "--icp", name])
        #expect(unreadable.status == 1 && unreadable.stderr.contains("line 2: a quote inside an unquoted field"), "\(unreadable)")

        // Through a server, with a token: the same table.
        let server = try await CLIRemoteTests.Server(cli)
        defer { server.stop() }
        let token = try await cli.ok(["token", "create", "--principal", "bob", "--workspace", "acme"]).lastLine
        let remote = try await cli.run(
            score,
            environment: [
                "ICPLEDGER_SERVER": server.url, "ICPLEDGER_TOKEN": token, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",
                "ICPLEDGER_APP_DATABASE_URL": nil, "ICPLEDGER_SYSTEM_DATABASE_URL": nil,
            ])
        #expect(remote.status == 0 && remote.stdout == table.stdout, "\(remote)")
    }
}
