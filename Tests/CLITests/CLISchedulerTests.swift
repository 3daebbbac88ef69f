import Foundation
import Testing
import WebhookTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `icpledger scheduler run-once` with a test clock: the cron way to the scheduler.
@Suite("icpledger scheduler run-once")
struct CLISchedulerTests {
    static let testing: [String: String?] = ["ICPLEDGER_TESTING": "on"]

    func at(_ instant: String) -> [String: String?] { Self.testing.merging(["ICPLEDGER_TEST_CLOCK": instant]) { $1 } }

    @Test("an overdue ICP is flagged and reminded once however often cron runs it; the test clock is refused outside tests")
    func runOnce() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let name = Fixtures.icpName
        let january = at("2026-01-05T09:00:00Z")
        try await cli.ok(["workspace", "create", "acme"])
        #expect(try await cli.ok(["status"]).stdout.contains("scheduler: has not run yet"))
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        let file = try cli.write("new.yaml", Fixtures.newICP)
        #expect(try await cli.run(["icp", "propose", file, "--workspace", "acme", "--rationale", "First."], environment: january).status == 0)
        #expect(try await cli.run(["revision", "approve", name, "1", "--workspace", "acme"], as: "bob", environment: january).status == 0)
        #expect(
            try await cli.run(["revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05"], environment: january)
                .status == 0)

        let april = try await cli.run(["scheduler", "run-once", "--json"], environment: at("2026-04-20T09:00:00Z"))
        #expect(april.status == 0, "\(april)")
        let run = try #require(try cli.json(april) as? [String: Any])
        #expect(run["led"] as? Bool == true && run["recorded"] as? Int == 2, "the flag and the latest reminder: \(april)")
        let again = try await cli.run(["scheduler", "run-once"], environment: at("2026-04-20T18:00:00Z"))
        #expect(again.stdout.contains("recorded 0 review notices"), "\(again)")
        let week = try await cli.run(["scheduler", "run-once"], environment: at("2026-04-27T09:00:00Z"))
        #expect(week.stdout.contains("recorded 1 review notice "), "the next weekly reminder: \(week)")
        // Each run gave the lease up when done: status shows the last one, and that nobody leads now.
        let status = try await cli.ok(["status"])
        #expect(status.stdout.contains("scheduler: no instance leads now (the last lease, epoch 3"), "\(status)")
        let lease = try #require(try cli.json(try await cli.ok(["status", "--json"])) as? [String: Any])["scheduler"] as? [String: Any]
        #expect(lease?["epoch"] as? Int == 3 && (lease?["holder"] as? String)?.isEmpty == false)

        // The portfolio on that day: overdue by 15 days, as a table, as JSON and as a calendar.
        let april20 = at("2026-04-20T09:00:00Z")
        let table = try await cli.run(["schedule", "--all-workspaces"], environment: april20)
        #expect(table.status == 0 && table.stdout.contains("overdue") && table.stdout.contains("15 overdue"), "\(table)")
        let json = try await cli.run(["schedule", "--workspace", "acme", "--json"], environment: april20)
        let entries = try #require(try cli.json(json) as? [[String: Any]])
        #expect(entries.map { $0["status"] as? String } == ["overdue"] && entries.first?["daysLeft"] as? Int == -15, "\(json)")
        let ics = try await cli.run(["schedule", "--workspace", "acme", "--ics"], environment: april20)
        #expect(ics.stdout.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.stdout.contains("SUMMARY:Overdue: ICP review due: \(name)"), "\(ics)")
        let both = try await cli.run(["schedule", "--workspace", "acme", "--all-workspaces"])
        #expect(both.status == 64, "\(both)")
        let unnamed = try await cli.run(["schedule"])
        #expect(unnamed.status == 1 && unnamed.stderr.contains("--all-workspaces"), "\(unnamed)")

        let refused = try await cli.run(["scheduler", "run-once"], environment: ["ICPLEDGER_TEST_CLOCK": "2026-04-20T09:00:00Z"])
        #expect(refused.status == 1 && refused.stderr.contains("ICPLEDGER_TEST_CLOCK"), "\(refused)")
        let garbled = try await cli.run(["scheduler", "run-once"], environment: at("next tuesday"))
        #expect(garbled.status == 1 && garbled.stderr.contains("+90d"), "\(garbled)")
    }

    /// The ids of the recorded notices, read as the system role.
    func notices(_ cli: CLI) async throws -> [String] {
        try await cli.database.withConnection(cli.database.system) { connection in
            try connection.query("SELECT event_id::text FROM events WHERE event_type = 'ReviewNoticed' ORDER BY position").map {
                try $0.column(0, as: String.self)
            }
        }
    }

    /// The lease's holder and epoch.
    func lease(_ cli: CLI) async throws -> (holder: String, epoch: Int64)? {
        try await cli.database.withConnection(cli.database.system) { connection in
            try connection.query("SELECT holder, epoch FROM scheduler_lease WHERE expires_at > clock_timestamp()").first.map {
                try $0.decode((String, Int64).self)
            }
        }
    }

    func publish(_ cli: CLI, _ name: String, file: String) async throws {
        let january = at("2026-01-05T09:00:00Z")
        #expect(try await cli.run(["icp", "propose", file, "--workspace", "acme", "--rationale", "First."], environment: january).status == 0)
        #expect(try await cli.run(["revision", "approve", name, "1", "--workspace", "acme"], as: "bob", environment: january).status == 0)
        #expect(
            try await cli.run(["revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05"], environment: january)
                .status == 0)
    }

    /// Two `serve` processes scheduling one fresh database (lease 5 s, clock on 20 April 2026), once
    /// the overdue ICP's two notices are recorded: the servers, the lease then, and the leader's pid.
    struct TwoServers {
        let a: CLIRemoteTests.Server, b: CLIRemoteTests.Server
        let holder: String, epoch: Int64, leader: Int32
        /// The server that does not lead.
        var follower: CLIRemoteTests.Server { a.process.processIdentifier == leader ? b : a }
    }

    /// A signing secret the tests bring (32 bytes).
    static let webhookSecret = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

    /// `webhook`: a receiver's URL subscribed to every notice before the servers start.
    func startTwoServers(_ cli: CLI, webhook: String? = nil) async throws -> TwoServers {
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        try await publish(cli, Fixtures.icpName, file: try cli.write("first.yaml", Fixtures.newICP))
        var settings = ["ICPLEDGER_TESTING": "on", "ICPLEDGER_TEST_CLOCK": "2026-04-20T09:00:00Z", "ICPLEDGER_SCHEDULER_LEASE": "5"]
        if let webhook {
            settings["ICPLEDGER_WEBHOOK_ALLOW_INTERNAL"] = "on"
            let events = ["review.due_soon", "review.flagged_stale", "review.reminder"].flatMap { ["--event", $0] }
            let added = try await cli.run(
                ["webhook", "add", "--workspace", "acme", "--url", webhook, "--secret", Self.webhookSecret] + events,
                environment: ["ICPLEDGER_WEBHOOK_ALLOW_INTERNAL": "on"])
            #expect(added.status == 0, "\(added)")
        }
        let a = try await CLIRemoteTests.Server(cli, environment: settings)
        do {
            let b = try await CLIRemoteTests.Server(cli, environment: settings)
            do {
                for _ in 0..<200 where try await notices(cli).count < 2 { try await Task.sleep(for: .milliseconds(100)) }
                #expect(try await notices(cli).count == 2, "the flag and the latest reminder")
                let (holder, epoch) = try #require(try await lease(cli))
                let pid = try #require(holder.split(separator: ":").dropFirst().first.flatMap { Int32($0) })
                return TwoServers(a: a, b: b, holder: holder, epoch: epoch, leader: pid)
            } catch {
                b.stop()
                throw error
            }
        } catch {
            a.stop()
            throw error
        }
    }

    /// A second ICP, published on 5 January 2026 like the first, so overdue the same way.
    func publishSecond(_ cli: CLI) async throws {
        let second = Fixtures.newICP.replacingOccurrences(of: "name: \(Fixtures.icpName)", with: "name: Regional cold-chain carriers")
        try await publish(cli, "Regional cold-chain carriers", file: try cli.write("second.yaml", second))
    }

    @Test(
        "two serve processes on one database: one leads; after kill -9 of the leader the other takes over within the lease, and no notice is missed or doubled"
    )
    func twoServers() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let receiver = Receiver()
        await receiver.expect("notices", secret: Self.webhookSecret)
        try await Receiver.running(receiver) { base in try await twoServers(cli, receiver: receiver, url: base + "/hooks/notices") }
    }

    func twoServers(_ cli: CLI, receiver: Receiver, url: String) async throws {
        let servers = try await startTwoServers(cli, webhook: url)
        defer {
            servers.a.stop()
            servers.b.stop()
        }
        let (holder, epoch, pid, survivor) = (servers.holder, servers.epoch, servers.leader, servers.follower)
        let leader = survivor === servers.a ? servers.b : servers.a
        #expect(leader.process.processIdentifier == pid, "the lease names one of the two servers: \(holder)")
        kill(pid, SIGKILL)
        leader.process.waitUntilExit()
        let killed = ContinuousClock.now

        // Only the survivor can take over; it must within about one lease (5 s) and one round (1.7 s).
        var tookOver: Duration? = nil
        for _ in 0..<400 {
            if let now = try await lease(cli), now.holder.hasPrefix(holder.split(separator: ":")[0] + ":\(survivor.process.processIdentifier):") {
                #expect(now.epoch == epoch + 1)
                tookOver = ContinuousClock.now - killed
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let took = try #require(tookOver, "the survivor never took the lease")
        #expect(took < .seconds(12), "took over after \(took) (lease 5 s, a round every 1.7 s)")

        // A second ICP, overdue the same way: its notices come from the survivor, once.
        try await publishSecond(cli)
        for _ in 0..<200 where try await notices(cli).count < 4 { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(2))  // rounds after the last notice record nothing more
        let all = try await notices(cli)
        #expect(all.count == 4 && Set(all).count == 4, "\(all)")
        #expect(survivor.process.isRunning)

        // Each notice reached the subscriber once (a send cut off by the kill is sent again after its
        // claim lapses, under the same webhook-id, so the receiver drops the repeat).
        for _ in 0..<450 where await receiver.processed("notices").count < 4 { try await Task.sleep(for: .milliseconds(100)) }
        let received = try await receiver.processed("notices").map { body in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            return try #require((object["data"] as? [String: Any])?["eventId"] as? String)
        }
        #expect(received.sorted() == all.sorted(), "one delivery per notice, none of another")
        #expect(await receiver.attempts("notices").allSatisfy { $0.signatureValid })
    }

    @Test(
        "a leader paused (SIGSTOP) past its lease loses it to the other serve; resumed, it never writes under its old epoch and nothing is recorded twice"
    )
    func pausedServer() async throws {
        // The paused server may be stopped inside a transaction: on the shared cluster that would hold
        // back every other test's read models for as long as it sleeps.
        let cli = try await CLI.make(on: .holdsTransactionsOpen)
        defer { cli.cleanUp() }
        let servers = try await startTwoServers(cli)
        defer {
            for server in [servers.a, servers.b] where server.process.isRunning { kill(server.process.processIdentifier, SIGCONT) }
            servers.a.stop()
            servers.b.stop()
        }
        let (holder, epoch, pid, survivor) = (servers.holder, servers.epoch, servers.leader, servers.follower)
        kill(pid, SIGSTOP)

        var taken: (holder: String, epoch: Int64)? = nil
        for _ in 0..<400 {
            if let now = try await lease(cli), now.epoch > epoch {
                taken = now
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let newLease = try #require(taken, "nobody took over from the paused leader")
        #expect(newLease.holder.contains(":\(survivor.process.processIdentifier):"))
        try await publishSecond(cli)
        for _ in 0..<200 where try await notices(cli).count < 4 { try await Task.sleep(for: .milliseconds(100)) }

        // The old leader wakes up with a lease that is gone: it cannot write under it. (If the new
        // leader's lease lapsed meanwhile, on a loaded machine, the old one may take a new lease, under
        // a higher epoch: never its old one.)
        kill(pid, SIGCONT)
        try await Task.sleep(for: .seconds(4))
        let after = try #require(try await lease(cli))
        #expect(after.epoch >= newLease.epoch && !(after.holder == holder && after.epoch == epoch), "\(after)")
        let all = try await notices(cli)
        #expect(all.count == 4 && Set(all).count == 4, "\(all)")
    }

    @Test("calendar create prints the feed's address alone on its last line; the server serves it without a header; revoked, it is gone")
    func calendarFeeds() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        try await publish(cli, Fixtures.icpName, file: try cli.write("first.yaml", Fixtures.newICP))
        let made = try await cli.ok(["calendar", "create", "--principal", "alice", "--workspace", "acme"])
        let path = try #require(made.stdout.split(separator: "\n").last.map(String.init))
        #expect(path.hasPrefix("/calendar/icpc_") && path.hasSuffix(".ics"), "\(made)")
        let feeds = try #require(
            try cli.json(try await cli.ok(["calendar", "list", "--principal", "alice", "--workspace", "acme", "--json"])) as? [[String: Any]])
        let id = try #require(feeds.first?["id"] as? String)

        let server = try await CLIRemoteTests.Server(cli)
        defer { server.stop() }
        let (body, response) = try await URLSession.shared.data(from: URL(string: server.url + path)!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("ICP review due: \(Fixtures.icpName)"))

        let revoked = try await cli.run(["calendar", "revoke", id, "--principal", "alice", "--workspace", "acme"])
        #expect(revoked.status == 0, "\(revoked)")
        let (_, gone) = try await URLSession.shared.data(from: URL(string: server.url + path)!)
        #expect((gone as? HTTPURLResponse)?.statusCode == 404)
        let again = try await cli.run(["calendar", "revoke", "not-an-id", "--principal", "alice", "--workspace", "acme"])
        #expect(again.status == 64, "\(again)")
    }
}
