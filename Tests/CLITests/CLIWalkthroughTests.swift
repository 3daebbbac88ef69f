import Foundation
import Testing

/// The issue-9 walk-through, driving the built binary: workspace → roles → file → plan → propose →
/// four-eyes approval → publish → export → edit → plan → history/diff → verify.
@Suite("icpledger CLI end to end")
struct CLIWalkthroughTests {
    @Test("from an empty workspace to a published ICP and a planned edit")
    func walkthrough() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let name = Fixtures.icpName

        let created = try await cli.ok(["workspace", "create", "acme", "--time-zone", "Europe/Berlin", "--fiscal-year-start", "2"])
        #expect(created.stdout.contains("admin: alice"))
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        let listed = try await cli.ok(["workspace", "list", "--json"])
        #expect(listed.stdout.contains("\"acme\"") && listed.stdout.contains("Europe/Berlin"))
        let shown = try await cli.ok(["workspace", "show", "acme"])
        #expect(shown.stdout.contains("alice") && shown.stdout.contains("admin") && shown.stdout.contains("bob"))

        // A new ICP written by hand: plan shows its creation (exit 2) and stores nothing.
        let newFile = try cli.write("new.yaml", Fixtures.newICP)
        let before = try await cli.stored()
        let creation = try await cli.run(["icp", "plan", newFile, "--workspace", "acme"])
        #expect(creation.status == 2, "\(creation)")
        #expect(try await cli.stored() == before)

        let proposed = try await cli.ok(["icp", "propose", newFile, "--workspace", "acme", "--rationale", "Our first written ICP."])
        #expect(proposed.lastLine == "1", "\(proposed)")

        // Four-eyes: the proposer may not approve; nothing is stored.
        let beforeSelfApproval = try await cli.stored()
        let selfApproval = try await cli.run(["revision", "approve", name, "1", "--workspace", "acme"])
        #expect(selfApproval.status == 1)
        #expect(selfApproval.stderr.hasPrefix("icpledger: error: ") && selfApproval.stderr.contains("cannot approve"), "\(selfApproval)")
        #expect(selfApproval.stderr.split(separator: "\n").count == 1)
        #expect(try await cli.stored() == beforeSelfApproval)

        try await cli.ok(["revision", "approve", name, "1", "--workspace", "acme", "--comment", "Looks right."], as: "bob")
        // An effective day before the proposal is refused unless asked for as backdated.
        let early = try await cli.run(["revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05"])
        #expect(early.status == 1 && early.stderr.contains("backdated"), "\(early)")
        let published = try await cli.ok([
            "revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05",
            "--backdated",
        ])
        #expect(published.stdout.contains("published"))

        // Export, then plan the untouched export: no change, exit 0.
        let exported = try await cli.ok(["icp", "export", name, "--workspace", "acme"])
        #expect(exported.stdout.contains("base-revision: 1"))
        let again = try await cli.ok(["icp", "export", name, "--workspace", "acme"])
        #expect(again.stdout == exported.stdout, "export is byte-stable")
        let file = try cli.write("icp.yaml", exported.stdout)
        let exportedJSON = try await cli.ok(["icp", "export", name, "--workspace", "acme", "--json"])
        #expect((try cli.json(exportedJSON) as? [String: Any])?["yaml"] as? String == exported.stdout)
        let unchanged = try await cli.run(["icp", "plan", file, "--workspace", "acme"])
        #expect(unchanged.status == 0, "\(unchanged)")

        // Edit one rule: the plan shows exactly that edit.
        let edited = exported.stdout.replacingOccurrences(of: "value: 40000", with: "value: 50000")
        #expect(edited != exported.stdout)
        try cli.write("icp.yaml", edited)
        let plan = try await cli.run(["icp", "plan", file, "--workspace", "acme"])
        #expect(plan.status == 2, "\(plan)")
        #expect(plan.stdout.contains("acvUSD") && plan.stdout.contains("40000") && plan.stdout.contains("50000"), "\(plan)")
        let planJSON = try await cli.run(["icp", "plan", file, "--workspace", "acme", "--json"])
        #expect(planJSON.status == 2)
        let summary = try #require((try cli.json(planJSON) as? [String: Any])?["summary"] as? [String: Any])
        #expect(summary["added"] as? Int == 0 && summary["removed"] as? Int == 0 && summary["changed"] as? Int == 1, "\(planJSON)")

        let second = try await cli.ok(["icp", "propose", file, "--workspace", "acme", "--rationale", "Raise the ACV floor."])
        #expect(second.lastLine == "2", "\(second)")
        let history = try await cli.ok(["icp", "history", name, "--workspace", "acme", "--json"])
        let revisions = try #require(try cli.json(history) as? [[String: Any]])
        #expect(revisions.count == 2)
        #expect(revisions.last?["rationale"] as? String == "Raise the ACV floor.")
        // The approval comment given for revision 1 is recorded, not just echoed.
        let notes = try #require(revisions.first?["approvalNotes"] as? [[String: Any]])
        #expect(notes.map { $0["comment"] as? String } == ["Looks right."])
        let table = try await cli.ok(["icp", "history", name, "--workspace", "acme"])
        #expect(table.stdout.contains("Approval comments:") && table.stdout.contains("Looks right."), "\(table)")
        let diff = try await cli.ok(["icp", "diff", name, "--workspace", "acme", "--from", "1", "--to", "2"])
        #expect(diff.stdout.contains("acvUSD") && diff.stdout.contains("50000"), "\(diff)")
        let diffJSON = try await cli.ok(["icp", "diff", name, "--workspace", "acme", "--from", "1", "--to", "2", "--json"])
        let changes = try #require((try cli.json(diffJSON) as? [String: Any])?["changes"] as? [Any])
        #expect(changes.count == 1)

        try await cli.ok(["revision", "approve", name, "2", "--workspace", "acme"], as: "bob")
        try await cli.ok(["revision", "publish", name, "2", "--workspace", "acme"])
        let current = try await cli.ok(["icp", "show", name, "--workspace", "acme", "--json"])
        #expect((try cli.json(current) as? [String: Any])?["revision"] as? Int == 2)

        // Findings and reviews.
        try await cli.ok([
            "finding", "record", "--workspace", "acme", "--type", "win-loss", "--summary", "Lost deals cite overtime rules.",
            "--severity", "high", "--metric", "dealsReviewed=10", "--recommendation", "Add a rule.", "--icp", name,
        ])
        let findingFile = try cli.write(
            "finding.yaml",
            """
            type: pipeline
            summary: Pipeline under 3 warehouses converts at half the rate.
            severity: medium
            metrics:
              opportunitiesReviewed: 140
              custom.winRateUnder3WarehousesPct: 12
            """)
        try await cli.ok(["finding", "record", "--workspace", "acme", "--file", findingFile])
        let findings = try await cli.ok(["icp", "findings", "--workspace", "acme", "--json"])
        #expect((try cli.json(findings) as? [Any])?.count == 2)
        try await cli.ok(["review", "record", name, "--workspace", "acme", "--outcome", "reaffirmed", "--notes", "Still right."], as: "bob")

        let verify = try await cli.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test("export then plan shows no change for every demo ICP")
    func demoRoundTrip() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["demo"])
        let list = try await cli.ok(["icp", "list", "--workspace", "demo", "--json"])
        let icps = try #require(try cli.json(list) as? [[String: Any]])
        #expect(icps.count >= 2)
        for icp in icps {
            let id = try #require(icp["id"] as? String)
            let exported = try await cli.ok(["icp", "export", id, "--workspace", "demo"])
            let file = try cli.write("\(id).yaml", exported.stdout)
            let plan = try await cli.run(["icp", "plan", file, "--workspace", "demo", "--json"])
            #expect(plan.status == 0, "\(icp["name"] ?? id): \(plan)")
            let summary = (try? cli.json(plan) as? [String: Any])?["summary"] as? [String: Any]
            #expect(summary?["hasChanges"] as? Bool == false)
        }
    }
}
