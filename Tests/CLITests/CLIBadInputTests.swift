import Foundation
import Testing

/// Each kind of bad input: one clear line on stderr, a non-zero exit, and nothing stored.
@Suite("icpledger CLI bad input")
struct CLIBadInputTests {
    /// A workspace with alice (admin, proposer) and bob (approver), and the fixture ICP published as revision 1.
    static func published() async throws -> CLI {
        let cli = try await CLI.make()
        do {
            try await publish(cli)
        } catch {
            cli.cleanUp()
            throw error
        }
        return cli
    }

    private static func publish(_ cli: CLI) async throws {
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        let file = try cli.write("new.yaml", Fixtures.newICP)
        try await cli.ok(["icp", "propose", file, "--workspace", "acme"])
        try await cli.ok(["revision", "approve", Fixtures.icpName, "1", "--workspace", "acme"], as: "bob")
        try await cli.ok(["revision", "publish", Fixtures.icpName, "1", "--workspace", "acme"])
        let exported = try await cli.ok(["icp", "export", Fixtures.icpName, "--workspace", "acme"])
        try cli.write("icp.yaml", exported.stdout)
    }

    /// Runs a command that must fail: the exit code, one `icpledger: error:` line containing each
    /// expected fragment, and no event, principal or revision stored.
    static func refused(
        _ cli: CLI, _ arguments: [String], as actor: String? = nil, exit: Int32 = 1, _ fragments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await cli.stored()
        let history = try await cli.run(["icp", "history", Fixtures.icpName, "--workspace", "acme", "--json"]).stdout
        let result = try await cli.run(arguments, as: actor)
        #expect(result.status == exit, "\(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        if exit == 1 {
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && result.stderr.hasPrefix("icpledger: error: "), "\(result)", sourceLocation: sourceLocation)
        }
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "expected '\(fragment)' in: \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(try await cli.stored() == before, "something was stored", sourceLocation: sourceLocation)
        let after = try await cli.run(["icp", "history", Fixtures.icpName, "--workspace", "acme", "--json"]).stdout
        #expect(after == history, "the history changed", sourceLocation: sourceLocation)
    }

    @Test("broken files: YAML syntax, unknown key, invalid definition")
    func brokenFiles() async throws {
        let cli = try await Self.published()
        defer { cli.cleanUp() }
        let good = try cli.read("icp.yaml")

        let syntax = try cli.write(
            "syntax.yaml", good.replacingOccurrences(of: "value: [third-party-logistics", with: "value: [[third-party-logistics"))
        try await Self.refused(cli, ["icp", "plan", syntax, "--workspace", "acme"], ["YAML syntax error", "line", "column"])
        try await Self.refused(cli, ["icp", "propose", syntax, "--workspace", "acme", "--rationale", "x"], ["YAML syntax error", "line", "column"])

        let typo = try cli.write("typo.yaml", good.replacingOccurrences(of: "    weight: 25", with: "    wieght: 25"))
        try await Self.refused(cli, ["icp", "plan", typo, "--workspace", "acme"], ["unknown key 'signals.fit[0].wieght'", "did you mean 'weight'"])
        try await Self.refused(cli, ["icp", "propose", typo, "--workspace", "acme", "--rationale", "x"], ["did you mean 'weight'"])

        let badOperator = try cli.write(
            "operator.yaml",
            good.replacingOccurrences(
                of: "operator: at-least\n      value: 40000",
                with: "operator: between\n      value: 40000"))
        #expect(try cli.read("operator.yaml") != good)
        try await Self.refused(cli, ["icp", "plan", badOperator, "--workspace", "acme"], ["signals.economic[0]"])

        let badTiers = try cli.write("tiers.yaml", good.replacingOccurrences(of: "  a: 80", with: "  a: 50"))
        try await Self.refused(cli, ["icp", "propose", badTiers, "--workspace", "acme", "--rationale", "x"], ["tiers"])
    }

    @Test("broken finding files: unknown key, syntax error, a metric that is not a number")
    func brokenFindingFiles() async throws {
        let cli = try await Self.published()
        defer { cli.cleanUp() }
        let typo = try cli.write("typo.yaml", "type: pipeline\nsumary: Small firms stall.\nseverity: medium\n")
        try await Self.refused(
            cli, ["finding", "record", "--workspace", "acme", "--file", typo],
            ["sumary", "line 2", "did you mean 'summary'"])
        let broken = try cli.write("broken.yaml", "type: pipeline\nsummary: [unclosed\nseverity: medium\n")
        try await Self.refused(cli, ["finding", "record", "--workspace", "acme", "--file", broken], ["YAML syntax error", "line"])
        let metric = try cli.write("metric.yaml", "type: pipeline\nsummary: x\nseverity: medium\nmetrics:\n  winRate: high\n")
        try await Self.refused(cli, ["finding", "record", "--workspace", "acme", "--file", metric], ["metrics.winRate", "a number"])
        let outside = try cli.write("outside.yaml", "type: pipeline\nsummary: x\nseverity: medium\nmetrics:\n  inFitShareByValue: 140\n")
        try await Self.refused(cli, ["finding", "record", "--workspace", "acme", "--file", outside], ["metrics.inFitShareByValue", "0 to 100%"])
        try await Self.refused(
            cli, ["finding", "record", "--workspace", "acme", "--type", "customer", "--summary", "x", "--severity", "low", "--metric", "winRate=3"],
            ["metrics.winRate", "no metric", "custom.winRate"])
    }

    @Test("finding template: every metric of the audit explained; it parses, and records once filled in")
    func findingTemplate() async throws {
        let cli = try await Self.published()
        defer { cli.cleanUp() }
        for type in ["customer", "pipeline", "message", "win-loss", "expansion"] {
            let template = try await cli.ok(["finding", "template", "--type", type])
            #expect(template.stdout.contains("type: \(type)"), "\(template)")
            let file = try cli.write("\(type).yaml", template.stdout)
            let unfilled = try await cli.run(["finding", "record", "--workspace", "acme", "--file", file])
            #expect(unfilled.status == 1 && unfilled.stderr.contains("summary"), "a blank summary is refused: \(unfilled)")
        }
        let template = try await cli.ok(["finding", "template", "--type", "win-loss"])
        #expect(template.stdout.contains("lossesFromPoorFit") && template.stdout.contains("0 to 100%"))
        let filled = template.stdout.replacingOccurrences(of: "summary: \"\"", with: "summary: Most losses were poor fit.")
            .replacingOccurrences(of: "  # lossesFromPoorFit:", with: "  lossesFromPoorFit: 62 #")
        try await cli.ok(["finding", "record", "--workspace", "acme", "--file", try cli.write("filled.yaml", filled)])
        let findings = try #require(try cli.json(try await cli.ok(["icp", "findings", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(findings.contains { ($0["metrics"] as? [String: Double])?["lossesFromPoorFit"] == 62 })
    }

    @Test("unknown workspace, ICP, revision and person")
    func unknownNames() async throws {
        let cli = try await Self.published()
        defer { cli.cleanUp() }
        let file = cli.folder.appendingPathComponent("icp.yaml").path
        try await Self.refused(cli, ["icp", "plan", file, "--workspace", "nowhere"], ["no workspace 'nowhere'"])
        try await Self.refused(cli, ["icp", "export", "Nope", "--workspace", "acme"], ["no ICP 'Nope'"])
        try await Self.refused(cli, ["revision", "approve", "Nope", "1", "--workspace", "acme"], as: "bob", ["no ICP 'Nope'"])
        try await Self.refused(cli, ["revision", "approve", Fixtures.icpName, "9", "--workspace", "acme"], as: "bob", ["revision 9"])
        try await Self.refused(cli, ["revision", "publish", Fixtures.icpName, "9", "--workspace", "acme"], ["revision 9"])
        try await Self.refused(cli, ["revision", "approve", Fixtures.icpName, "1", "--workspace", "acme"], as: "mallory", ["'mallory'"])
        try await Self.refused(cli, ["principal", "grant", "eve", "--role", "admin", "--workspace", "acme"], as: "bob", ["admin"])
        try await Self.refused(cli, ["workspace", "create", "acme"], ["already exists"])
        try await Self.refused(
            cli, ["revision", "publish", Fixtures.icpName, "1", "--workspace", "acme", "--effective", "tomorrow"],
            exit: 64, ["YYYY-MM-DD"])
        try await Self.refused(cli, ["revision", "approve", Fixtures.icpName, "1"], exit: 64, ["--workspace"])
    }

    @Test("four-eyes: self-approval, publish without approval, emergency publish by a non-admin")
    func fourEyes() async throws {
        let cli = try await Self.published()
        defer { cli.cleanUp() }
        let edited = try cli.read("icp.yaml").replacingOccurrences(of: "value: 40000", with: "value: 45000")
        let file = try cli.write("edit.yaml", edited)
        let proposed = try await cli.ok(["icp", "propose", file, "--workspace", "acme", "--rationale", "Raise the floor."])
        #expect(proposed.lastLine == "2")
        try await Self.refused(cli, ["revision", "approve", Fixtures.icpName, "2", "--workspace", "acme"], ["cannot approve"])
        try await Self.refused(cli, ["revision", "publish", Fixtures.icpName, "2", "--workspace", "acme"], ["not been approved"])
        try await Self.refused(
            cli, ["revision", "emergency-publish", Fixtures.icpName, "2", "--workspace", "acme", "--justification", "Now."],
            as: "bob", ["admins"])
        try await Self.refused(cli, ["revision", "reject", Fixtures.icpName, "2", "--workspace", "acme"], as: "bob", ["reason"])
        // The admin's emergency publication goes through and owes a review.
        let emergency = try await cli.ok([
            "revision", "emergency-publish", Fixtures.icpName, "2", "--workspace", "acme",
            "--justification", "A pricing change went live today.",
        ])
        #expect(emergency.stdout.contains("after-the-fact review"))
    }

    @Test("a stale file is refused by plan and propose")
    func staleFile() async throws {
        let cli = try await Self.published()
        defer { cli.cleanUp() }
        let stale = try cli.read("icp.yaml")
        let staleFile = try cli.write("stale.yaml", stale.replacingOccurrences(of: "value: 40000", with: "value: 60000"))
        // Someone else publishes revision 2 meanwhile.
        let other = try cli.write("other.yaml", stale.replacingOccurrences(of: "weight: 25", with: "weight: 30"))
        try await cli.ok(["icp", "propose", other, "--workspace", "acme", "--rationale", "Industry matters more."])
        try await cli.ok(["revision", "approve", Fixtures.icpName, "2", "--workspace", "acme"], as: "bob")
        try await cli.ok(["revision", "publish", Fixtures.icpName, "2", "--workspace", "acme"])

        try await Self.refused(
            cli, ["icp", "plan", staleFile, "--workspace", "acme"],
            ["operating revision changed", "base-revision 1", "operating revision 2"])
        try await Self.refused(cli, ["icp", "propose", staleFile, "--workspace", "acme", "--rationale", "x"], ["operating revision changed"])
        // A new-ICP file for a name that exists is refused too.
        try await Self.refused(
            cli, ["icp", "propose", cli.folder.appendingPathComponent("new.yaml").path, "--workspace", "acme"],
            ["already exists"])
    }
}
