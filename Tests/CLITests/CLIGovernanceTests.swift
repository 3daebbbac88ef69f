import Foundation
import Testing

/// The governance loops end to end, each through the database and again through a server: amend,
/// an emergency publication reviewed after the fact (reverted), a finding resolved by a revision,
/// a role revoked, an ICP retired.
@Suite("icpledger governance loops")
struct CLIGovernanceTests {
    /// Runs one command as a person, either directly (`--as`) or through the server (their token).
    typealias Run = @Sendable ([String], String) async throws -> CLIResult

    @Test("through the database") func direct() async throws {
        let world = try await CLIRemoteTests.World.make()
        defer { world.close() }
        try await Self.loops(world, remote: false) { arguments, person in try await world.cli.run(arguments, environment: ["ICPLEDGER_ACTOR": person])
        }
    }

    @Test("through a server") func remote() async throws {
        let world = try await CLIRemoteTests.World.make()
        defer { world.close() }
        try await Self.loops(world, remote: true) { arguments, person in try await world.remote(arguments, token: world.tokens[person]) }
    }

    static func loops(_ world: CLIRemoteTests.World, remote: Bool, _ run: Run) async throws {
        let cli = world.cli
        let name = Fixtures.icpName
        @discardableResult
        func ok(_ arguments: [String], _ person: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIResult {
            let result = try await run(arguments, person)
            #expect(result.status == 0, "\(arguments.joined(separator: " ")) as \(person): \(result)", sourceLocation: sourceLocation)
            return result
        }
        func history() async throws -> [[String: Any]] {
            try #require(try cli.json(try await ok(["icp", "history", name, "--workspace", "acme", "--json"], "carol")) as? [[String: Any]])
        }

        // Amend: bob's approval of revision 1 is dismissed when alice replaces its definition.
        let file = try cli.write("new.yaml", Fixtures.newICP)
        try await ok(["icp", "propose", file, "--workspace", "acme", "--rationale", "First."], "alice")
        try await ok(["revision", "approve", name, "1", "--workspace", "acme"], "bob")
        #expect(try await history().first?["approvers"] as? [String] != [])
        let amendedFile = try cli.write("amended.yaml", Fixtures.newICP.replacingOccurrences(of: "value: 40000", with: "value: 45000"))
        let amended = try await ok(["revision", "amend", name, "1", amendedFile, "--workspace", "acme", "--rationale", "Floor at 45k."], "alice")
        #expect(amended.stdout.contains("approvals are dismissed"), "\(amended)")
        #expect(try await history().first?["approvers"] as? [String] == [])
        let early = try await run(["revision", "publish", name, "1", "--workspace", "acme"], "alice")
        #expect(early.status == 1, "an amended revision needs approving again: \(early)")
        try await ok(["revision", "approve", name, "1", "--workspace", "acme"], "bob")
        try await ok(["revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05", "--backdated"], "alice")

        // The file's words in what people read: operators and numbers as written.
        let shown = try await ok(["icp", "show", name, "--workspace", "acme"], "carol")
        #expect(shown.stdout.contains("acvUSD at-least 45000") && !shown.stdout.contains("atLeast") && !shown.stdout.contains("45000.0"), "\(shown)")
        #expect(shown.stdout.contains("economic-buyer"), "\(shown)")

        // The ICP in force, linted: the fixture has no buying trigger (ICP005), so lint exits 2.
        let linted = try await run(["icp", "lint", name, "--workspace", "acme", "--json"], "carol")
        #expect(linted.status == 2, "\(linted)")
        let warnings = try #require((try cli.json(linted) as? [String: Any])?["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "ICP005" } && !warnings.contains { $0["code"] as? String == "ICP004" })

        // A bypass: alice emergency-publishes revision 2; the owed review shows in the table until bob
        // reverts it, which proposes revision 1's definition again as revision 3.
        let exported = try await ok(["icp", "export", name, "--workspace", "acme"], "carol")
        let second = try cli.write("second.yaml", exported.stdout.replacingOccurrences(of: "value: 45000", with: "value: 90000"))
        try await ok(["icp", "propose", second, "--workspace", "acme", "--rationale", "Enterprise only."], "alice")
        try await ok(
            [
                "revision", "emergency-publish", name, "2", "--workspace", "acme", "--justification", "Board call.", "--effective", "2026-02-01",
                "--backdated",
            ],
            "alice")
        let owed = try await ok(["icp", "list", "--workspace", "acme"], "carol")
        #expect(owed.stdout.contains("REVIEW OWED") && owed.stdout.contains("after-the-fact"), "\(owed)")
        let own = try await run(["review", "complete", name, "2", "--workspace", "acme", "--outcome", "upheld", "--notes", "Fine."], "alice")
        #expect(own.status == 1, "the publisher cannot review their own bypass: \(own)")
        let reverted = try await ok(
            ["review", "complete", name, "2", "--workspace", "acme", "--outcome", "reverted", "--notes", "Too narrow.", "--json"], "bob")
        let completed = try #require(try cli.json(reverted) as? [String: Any])
        #expect(completed["outcome"] as? String == "reverted" && completed["proposedRevision"] as? Int == 3, "\(reverted)")
        let revisions = try await history()
        #expect(revisions.count == 3 && revisions.last?["status"] as? String == "proposed")
        let proposedAgain = try #require(revisions.last?["definition"] as? [String: Any])
        let first = try #require(revisions.first?["definition"] as? [String: Any])
        #expect(NSDictionary(dictionary: proposedAgain).isEqual(to: first), "revision 3 proposes revision 1's definition")
        let cleared = try await ok(["icp", "list", "--workspace", "acme"], "carol")
        #expect(!cleared.stdout.contains("after-the-fact"), "\(cleared)")

        // Publishing another revision dismisses the approval revision 3 had: it was given against revision 2.
        try await ok(["revision", "approve", name, "3", "--workspace", "acme"], "alice")
        let current = try await ok(["icp", "export", name, "--workspace", "acme"], "carol")
        let fourth = try cli.write("fourth.yaml", current.stdout.replacingOccurrences(of: "value: 90000", with: "value: 70000"))
        try await ok(["icp", "propose", fourth, "--workspace", "acme", "--rationale", "Middle ground."], "alice")
        try await ok(["revision", "approve", name, "4", "--workspace", "acme"], "bob")
        try await ok(["revision", "publish", name, "4", "--workspace", "acme", "--effective", "2026-03-01", "--backdated"], "alice")
        let afterPublish = try await history()
        #expect(afterPublish.count == 4 && afterPublish[2]["approvers"] as? [String] == [] && afterPublish[2]["status"] as? String == "proposed")

        // A finding resolved by the revision that answers it; the table shows its id and status.
        let recorded = try await ok(
            [
                "finding", "record", "--workspace", "acme", "--type", "win-loss", "--summary", "Small deals churn.", "--severity", "high",
                "--icp", name, "--json",
            ], "alice")
        let finding = try #require((try cli.json(recorded) as? [String: Any])?["finding"] as? String)
        try await ok(["finding", "resolve", finding, "--workspace", "acme", "--by-revision", "1"], "alice")
        let findings = try await ok(["icp", "findings", "--workspace", "acme"], "carol")
        #expect(
            findings.stdout.contains(finding) && findings.stdout.contains("resolved by r1") && findings.stdout.contains("win-loss"), "\(findings)")
        let twice = try await run(["finding", "resolve", finding, "--workspace", "acme", "--note", "Again."], "alice")
        #expect(twice.status == 1, "\(twice)")

        // A revision that says it answers a finding resolves it when it is published, not before.
        let pipelineFinding = try await ok(
            [
                "finding", "record", "--workspace", "acme", "--type", "pipeline", "--summary", "Reps chase tiny warehouses.", "--severity",
                "medium", "--json",
            ], "alice")
        let answered = try #require((try cli.json(pipelineFinding) as? [String: Any])?["finding"] as? String)
        let latest = try await ok(["icp", "export", name, "--workspace", "acme"], "carol")
        let fifth = try cli.write("fifth.yaml", latest.stdout.replacingOccurrences(of: "value: 70000", with: "value: 75000"))
        let proposedFifth = try await ok(
            ["icp", "propose", fifth, "--workspace", "acme", "--rationale", "Answers the pipeline audit.", "--resolves", answered], "alice")
        let fifthNumber = proposedFifth.lastLine
        let unknownFinding = try await run(
            ["icp", "propose", fifth, "--workspace", "acme", "--rationale", "x", "--resolves", UUID().uuidString], "alice")
        #expect(unknownFinding.status == 1, "\(unknownFinding)")
        var open = try await ok(["icp", "findings", "--workspace", "acme", "--open", "--json"], "carol")
        #expect(open.stdout.contains(answered), "still open until the revision is published")
        try await ok(["revision", "approve", name, fifthNumber, "--workspace", "acme"], "bob")
        try await ok(["revision", "publish", name, fifthNumber, "--workspace", "acme", "--effective", "2026-04-01", "--backdated"], "alice")
        open = try await ok(["icp", "findings", "--workspace", "acme", "--open", "--json"], "carol")
        #expect(!open.stdout.contains(answered))
        let closed = try await ok(["icp", "findings", "--workspace", "acme"], "carol")
        #expect(closed.stdout.contains("resolved by r\(fifthNumber)"), "\(closed)")

        // The owner loses access: the ICP is orphaned until someone reassigns it; bob's token stops working there.
        try await ok(["icp", "reassign", name, "--owner", "bob", "--workspace", "acme"], "alice")
        try await ok(["principal", "revoke", "bob", "--workspace", "acme"], "alice")
        let orphaned = try await ok(["icp", "list", "--workspace", "acme"], "carol")
        #expect(orphaned.stdout.contains("bob (no access)"), "\(orphaned)")
        let orphanedJSON = try #require(try cli.json(try await ok(["icp", "list", "--workspace", "acme", "--json"], "carol")) as? [[String: Any]])
        #expect(orphanedJSON.first?["orphanedSince"] != nil)
        if remote {
            // Direct mode trusts whoever holds the database credentials; through a server the token decides.
            let locked = try await run(["icp", "list", "--workspace", "acme"], "bob")
            #expect(locked.status == 1, "bob's token no longer reaches acme: \(locked)")
        }
        let toNobody = try await run(["icp", "reassign", name, "--owner", "bob", "--workspace", "acme"], "alice")
        #expect(toNobody.status == 1, "an owner needs a role: \(toNobody)")
        try await ok(["icp", "reassign", name, "--owner", "alice", "--workspace", "acme"], "alice")
        let owned = try #require(try cli.json(try await ok(["icp", "list", "--workspace", "acme", "--json"], "carol")) as? [[String: Any]])
        #expect(owned.first?["orphanedSince"] == nil)

        // Retirement, then a role taken away: carol can no longer read.
        try await ok(["icp", "retire", name, "--workspace", "acme", "--reason", "Replaced by the enterprise ICP."], "alice")
        let retired = try #require(try cli.json(try await ok(["icp", "list", "--workspace", "acme", "--json"], "carol")) as? [[String: Any]])
        #expect(retired.first?["status"] as? String == "retired")
        try await ok(["principal", "grant", "dave", "--role", "approver", "--workspace", "acme"], "alice")
        let bystander = try await run(["principal", "revoke", "carol", "--workspace", "acme"], "dave")
        #expect(bystander.status == 1, "only admins revoke roles: \(bystander)")
        try await ok(["principal", "revoke", "carol", "--workspace", "acme"], "alice")
        let people = try #require(try cli.json(try await cli.ok(["principal", "list", "--workspace", "acme", "--json"])) as? [[String: Any]])
        #expect(people.first { $0["name"] as? String == "carol" }?["role"] == nil)

        // Erasure: dave's name is gone; his id stays in the events.
        let erased = try await ok(["principal", "erase", "dave", "--workspace", "acme", "--json"], "alice")
        #expect((try cli.json(erased) as? [String: Any])?["principal"] as? String != nil, "\(erased)")
        let remaining = try await cli.ok(["principal", "list", "--workspace", "acme"])
        #expect(!remaining.stdout.contains("dave") && remaining.stdout.contains("erased-"), "\(remaining)")

        // No hidden default workspace.
        let unnamed = try await run(["icp", "list"], "alice")
        #expect(unnamed.status == 1 && unnamed.stderr.contains("--workspace"), "\(unnamed)")
    }
}
