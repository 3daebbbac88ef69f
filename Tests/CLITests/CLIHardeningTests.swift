import Foundation
import Postgres
import PostgresTestSupport
import Subprocess
import Testing

/// What a new user hit in their first hour, and what an attacker could send: each a clear refusal or a correct result.
@Suite("icpledger CLI: a new user's first hour, and hostile input")
struct CLIHardeningTests {
    static func day(_ offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: offset, to: Date())!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    @Test("a revision published for a later day is not called in force: show, list and history tell the truth")
    func futureEffectiveDay() async throws {
        let cli = try await CLIBadInputTests.published()  // revision 1 in force from today
        defer { cli.cleanUp() }
        let edited = try cli.read("icp.yaml").replacingOccurrences(of: "value: 40000", with: "value: 50000")
        let file = try cli.write("icp.yaml", edited)
        try await cli.ok(["icp", "propose", file, "--workspace", "acme", "--rationale", "Raise the floor next month."])
        try await cli.ok(["revision", "approve", Fixtures.icpName, "2", "--workspace", "acme"], as: "bob")
        let later = Self.day(30)
        try await cli.ok(["revision", "publish", Fixtures.icpName, "2", "--workspace", "acme", "--effective", later])

        let shown = try await cli.ok(["icp", "show", Fixtures.icpName, "--workspace", "acme"])
        #expect(shown.stdout.contains("revision 1 in force"), "\(shown)")
        #expect(shown.stdout.contains("revision 2 is published to take effect on \(later)"), "\(shown)")
        let listed = try await cli.ok(["icp", "list", "--workspace", "acme"])
        #expect(listed.stdout.contains("r1 (r2 from \(later))"), "\(listed)")
        let history = try await cli.ok(["icp", "history", Fixtures.icpName, "--workspace", "acme", "--json"])
        let records = try #require(try cli.json(history) as? [[String: Any]])
        #expect(records.map { $0["inForce"] as? Bool } == [true, false])
        let asOf = try await cli.ok(["icp", "as-of", Fixtures.icpName, "--workspace", "acme", "--operating-on", later, "--json"])
        #expect(asOf.stdout.contains("\"revision\" : 2"), "\(asOf)")
    }

    @Test("a new ICP keeps its rationale; a repeated propose by its author returns the same revision, by anyone else is refused")
    func proposeKeepsRationaleAndRepeats() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "editor", "--workspace", "acme"])
        let file = try cli.write("new.yaml", Fixtures.newICP)
        let first = try await cli.ok(["icp", "propose", file, "--workspace", "acme", "--rationale", "Our first written ICP."])
        #expect(first.lastLine == "1")
        let history = try await cli.ok(["icp", "history", Fixtures.icpName, "--workspace", "acme", "--json"])
        #expect((try cli.json(history) as? [[String: Any]])?.first?["rationale"] as? String == "Our first written ICP.")
        // The same script run again after a lost reply: exit 0, the same revision on the last line, nothing stored.
        let before = try await cli.stored()
        let again = try await cli.ok(["icp", "propose", file, "--workspace", "acme", "--rationale", "Our first written ICP."])
        #expect(again.lastLine == "1" && again.stdout.contains("already proposes exactly this"), "\(again)")
        #expect(try await cli.stored() == before)

        // An edit proposed twice by its author is one revision; bob proposing the same is refused and told which.
        let exported = try await cli.ok(["icp", "export", Fixtures.icpName, "--workspace", "acme"])
        let edit = try cli.write("edit.yaml", exported.stdout.replacingOccurrences(of: "value: 40000", with: "value: 45000"))
        let proposed = try await cli.ok(["icp", "propose", edit, "--workspace", "acme", "--rationale", "Floor."])
        #expect(proposed.lastLine == "2")
        let repeated = try await cli.ok(["icp", "propose", edit, "--workspace", "acme", "--rationale", "Floor."])
        #expect(repeated.lastLine == "2")
        let other = try await cli.run(["icp", "propose", edit, "--workspace", "acme", "--rationale", "Floor."], as: "bob")
        #expect(other.status == 1 && other.stderr.contains("Revision 2 already proposes exactly this definition"), "\(other)")
    }

    @Test("evidence must be an existing finding or an http(s) link; hints can be pasted into a shell")
    func evidenceAndHints() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "my workspace"])
        let file = try cli.write("new.yaml", Fixtures.newICP.replacingOccurrences(of: "workspace: acme", with: "workspace: my workspace"))
        let before = try await cli.stored()
        let missing = try await cli.run(["icp", "propose", file, "--rationale", "r", "--evidence", UUID().uuidString])
        #expect(missing.status == 1 && missing.stderr.contains("There is no finding"), "\(missing)")
        let script = try await cli.run(["icp", "propose", file, "--rationale", "r", "--evidence", "javascript:alert(1)"])
        #expect(script.status == 64 && script.stderr.contains("http(s) link"), "\(script)")
        #expect(try await cli.stored() == before)

        let proposed = try await cli.ok(["icp", "propose", file, "--rationale", "r"])
        let hint = try #require(proposed.stdout.split(separator: "\n").first { $0.hasPrefix("next:") })
        #expect(hint.contains("--workspace 'my workspace'"), "\(hint)")
        // The shell splits the suggested command into exactly the intended words.
        let command = String(hint.drop { $0 != ":" }.dropFirst().drop { $0 != ":" }.dropFirst()).trimmingCharacters(in: .whitespaces)
        let words = try await Self.shellWords(command)
        #expect(words == ["icpledger", "revision", "approve", Fixtures.icpName, "1", "--workspace", "my workspace", "--as", "NAME"], "\(words)")
    }

    /// The words /bin/sh makes of a command line (nothing is run but printf).
    static func shellWords(_ command: String) async throws -> [String] {
        let result = try await Subprocess.run(
            .path("/bin/sh"), arguments: ["-c", "set -- \(command); printf '%s\\n' \"$@\""],
            output: .string(limit: 1 << 20))
        return result.standardOutput.split(separator: "\n").map(String.init)
    }

    @Test(
        "a file is never applied to another workspace than its own; --as \"\" and unusable names are refused; grant hints name the role the action needs"
    )
    func identityAndWorkspace() async throws {
        let cli = try await CLIBadInputTests.published()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "other"])
        try await CLIBadInputTests.refused(
            cli, ["icp", "propose", "icp.yaml", "--workspace", "other", "--rationale", "r"],
            ["belongs to workspace 'acme'", "--workspace names 'other'"])
        try await CLIBadInputTests.refused(
            cli, ["revision", "approve", Fixtures.icpName, "1", "--workspace", "acme", "--as", ""], exit: 64,
            ["--as needs a person's name"])
        try await CLIBadInputTests.refused(
            cli, ["revision", "approve", Fixtures.icpName, "1", "--workspace", "acme"], as: "carol",
            ["--role approver"])
        try await CLIBadInputTests.refused(cli, ["workspace", "create", "evil\u{1B}[31mred"], exit: 64, ["U+001B"])
        try await CLIBadInputTests.refused(cli, ["workspace", "create", "ACME "], ["already exists"])
        let long = String(repeating: "x", count: 100_000)
        try cli.write("edit.yaml", try cli.read("icp.yaml").replacingOccurrences(of: "value: 40000", with: "value: 41000"))
        try await CLIBadInputTests.refused(
            cli, ["icp", "propose", "edit.yaml", "--workspace", "acme", "--rationale", long],
            ["rationale: At most 4000 characters"])
    }

    @Test("commands print warnings and errors only; text stored before the rules is escaped on the way out")
    func quietAndEscaped() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let created = try await cli.run(["workspace", "create", "acme"], environment: ["ICPLEDGER_LOG_LEVEL": nil])
        #expect(created.status == 0 && created.stderr.isEmpty, "\(created)")
        // A name with a terminal escape, written behind the domain's back as an older version could have stored it.
        _ = try await cli.database.withConnection(cli.database.system) { connection in
            try connection.query("UPDATE workspaces SET name = \("ac\u{1B}]0;owned\u{7}me")")
        }
        let listed = try await cli.ok(["workspace", "list"])
        #expect(!listed.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(listed)")
        #expect(listed.stdout.contains("ac\\u{1B}]0;owned\\u{7}me"), "\(listed)")
    }

    @Test("status shows the database, the schema and the projection, and exits 4 when a workspace is halted")
    func status() async throws {
        let cli = try await CLIBadInputTests.published()
        defer { cli.cleanUp() }
        let healthy = try await cli.ok(["status"])
        #expect(healthy.stdout.contains("projection icp_read_models: current"), "\(healthy)")
        let json = try #require(try cli.json(try await cli.ok(["status", "--json"])) as? [String: Any])
        #expect(json["healthy"] as? Bool == true)
        // A halt, as the projector records one.
        try await cli.database.withConnection(cli.database.system) { connection in
            let tenant = try connection.query("SELECT tenant_id FROM workspaces").single().column(0, as: UUID.self)
            try connection.query(
                """
                INSERT INTO subscription_checkpoints (tenant_id, subscription, transaction_id, position, halted_at, halt_reason,
                                                      halt_event_id, halt_stream_id, halt_stream_version, halt_event_type)
                VALUES (\(tenant), 'icp_read_models', '1'::xid8, 1, now(), 'cannot store 0000-06-01', \(UUID()), 'icp-x', 3, 'RevisionPublished')
                """)
        }
        let halted = try await cli.run(["status"])
        #expect(halted.status == 4, "\(halted)")
        #expect(
            halted.stdout.contains("halted for 1 workspace") && halted.stdout.contains("acme") && halted.stdout.contains("0000-06-01"), "\(halted)")
    }
}
