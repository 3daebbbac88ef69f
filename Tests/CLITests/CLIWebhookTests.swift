import Foundation
import Testing
import WebhookTestSupport

/// `icpledger webhook …` directly and through a server, with `serve` delivering to a loopback receiver.
@Suite("icpledger webhook")
struct CLIWebhookTests {
    static let allowInternal: [String: String?] = ["ICPLEDGER_WEBHOOK_ALLOW_INTERNAL": "on"]

    @Test(
        "add refuses internal addresses, unknown types and non-admins; serve delivers what waited before it started and the scheduler's notices, signed, once each; list, test and remove work through the server"
    )
    func subscribeDeliverManage() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        let receiver = Receiver()
        try await Receiver.running(receiver) { base in
            let url = base + "/hooks/a"
            let add = ["webhook", "add", "--workspace", "acme", "--url", url]
            let inside = try await cli.run(add + ["--event", "revision.published"])
            #expect(inside.status == 1 && inside.stderr.contains("internal address"), "\(inside)")
            let bogus = try await cli.run(add + ["--event", "review.bogus"], environment: Self.allowInternal)
            #expect(bogus.status == 1 && bogus.stderr.contains("is not an event type"), "\(bogus)")
            let none = try await cli.run(add, environment: Self.allowInternal)
            #expect(none.status == 64 && none.stderr.contains("--event"), "\(none)")
            let notAdmin = try await cli.run(add + ["--event", "revision.published"], as: "bob", environment: Self.allowInternal)
            #expect(notAdmin.status == 1 && notAdmin.stderr.contains("admin"), "\(notAdmin)")

            let events = ["--event", "revision.published", "--event", "review.flagged_stale", "--event", "review.reminder"]
            let added = try await cli.run(add + events + ["--json"], environment: Self.allowInternal)
            #expect(added.status == 0, "\(added)")
            let answer = try #require(try cli.json(added) as? [String: Any])
            let secret = try #require(answer["secret"] as? String)
            let id = try #require((answer["webhook"] as? [String: Any])?["id"] as? String).lowercased()
            await receiver.expect("a", secret: secret, failFirst: 1)

            // Published while no server runs: the delivery waits in the outbox.
            try await CLISchedulerTests().publish(cli, Fixtures.icpName, file: try cli.write("icp.yaml", Fixtures.newICP))
            let waiting = try await cli.ok(["webhook", "list", "--workspace", "acme"])
            #expect(waiting.stdout.contains("deliveries: 1 pending, 0 delivered, 0 failed"), "\(waiting)")
            let status = try await cli.ok(["status"])
            #expect(status.stdout.contains("webhooks: 1 delivery pending (the oldest since "), "\(status)")

            // serve on 20 April: the waiting publication (its first attempt fails, the retry a second
            // later lands), then the overdue ICP's flag and reminder.
            let server = try await CLIRemoteTests.Server(
                cli,
                environment: [
                    "ICPLEDGER_TESTING": "on", "ICPLEDGER_TEST_CLOCK": "2026-04-20T09:00:00Z", "ICPLEDGER_WEBHOOK_ALLOW_INTERNAL": "on",
                    "ICPLEDGER_WEBHOOK_RETRY": "1",
                ])
            defer { server.stop() }
            for _ in 0..<300 where await receiver.processed("a").count < 3 { try await Task.sleep(for: .milliseconds(100)) }
            let bodies = await receiver.processed("a")
            let types = try bodies.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["type"] as? String }
            #expect(Set(types) == ["revision.published", "review.flagged_stale", "review.reminder"], "\(bodies)")
            let attempts = await receiver.attempts("a")
            #expect(attempts.allSatisfy { $0.signatureValid }, "every request is signed with the subscription's secret")
            #expect(attempts.count == 4 && Set(attempts.map(\.id)).count == 3, "one retry of one delivery: \(attempts.map(\.id))")

            // Through the server, with alice's token.
            let token = try await cli.ok(["token", "create", "--principal", "alice", "--workspace", "acme"]).lastLine
            func remote(_ arguments: [String]) async throws -> CLIResult {
                try await cli.run(
                    arguments,
                    environment: [
                        "ICPLEDGER_SERVER": server.url, "ICPLEDGER_TOKEN": token, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",
                        "ICPLEDGER_APP_DATABASE_URL": nil, "ICPLEDGER_SYSTEM_DATABASE_URL": nil,
                    ])
            }
            var listed: [String: Any] = [:]
            for _ in 0..<100 {
                let list = try await remote(["webhook", "list", "--workspace", "acme", "--json"])
                #expect(list.status == 0, "\(list)")
                listed = try #require((try cli.json(list) as? [String: Any])?["webhooks"] as? [[String: Any]]).first ?? [:]
                if (listed["deliveries"] as? [String: Any])?["delivered"] as? Int == 3 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect((listed["deliveries"] as? [String: Int]) == ["pending": 0, "delivered": 3, "failed": 0], "\(listed)")
            #expect(listed["secret"] == nil, "a list never shows the secret")
            let ping = try await remote(["webhook", "test", id, "--workspace", "acme"])
            #expect(ping.status == 0 && ping.stdout.contains("delivered (HTTP 200)"), "\(ping)")
            #expect(await receiver.processed("a").last?.contains("\"type\":\"webhook.test\"") == true)
            #expect(try await remote(["webhook", "remove", id, "--workspace", "acme"]).status == 0)
            let again = try await remote(["webhook", "remove", id, "--workspace", "acme"])
            #expect(again.status == 1 && again.stderr.contains("no webhook"), "\(again)")
            let gone = try await remote(["webhook", "test", id, "--workspace", "acme"])
            #expect(gone.status == 1 && gone.stderr.contains("no live webhook"), "\(gone)")
        }
    }
}
