import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import ICPFile
import ICPLedger
import LedgerApplication
import LedgerConfiguration
import Postgres
import PostgresTestSupport
import Synchronization
import TestFixtures
import Testing
import Yams

@testable import HTTPServer

/// The `/v1` API end to end: the application `serve` builds, run live against a fresh database,
/// with people who act only through their tokens.
@Suite("The HTTP API with real identity", .timeLimit(.minutes(10)))
struct APITests {
    /// A clock the test moves (token expiry is decided by the ledger's clock at creation).
    final class Clock: Sendable {
        private let date = Mutex(Date())
        var now: Date { date.withLock { $0 } }
        func set(_ value: Date) { date.withLock { $0 = value } }
    }

    /// One workspace with four people of each role, each with a token limited to nothing.
    struct World {
        let db: TestDatabase
        /// The pgbouncer in front of the database when the suite runs through one (`ICPLEDGER_TEST_POOLER=on`).
        let bouncer: PoolerTests.Bouncer?
        let services: LedgerServices
        let app: LedgerHTTPApplication
        let clock: Clock
        let workspace: WorkspaceID
        var tokens: [String: String] = [:]
        var principals: [String: PrincipalID] = [:]

        var ledger: Ledger { services.ledger }

        static func make(on cluster: TestCluster = .shared, signer: CheckpointSigner? = nil) async throws -> World {
            let db = try await TestDatabase.create(on: cluster)
            let clock = Clock()
            let bouncer = TestEnvironment.settings.throughPooler ? try await PoolerTests.startBouncer(for: db) : nil
            let database = bouncer?.database(for: db) ?? db.ledgerDatabase
            // The key goes to the services, as `serve` does it; the application takes it from them.
            let services = LedgerServices(database: database, role: .server, now: { clock.now }, signer: signer)
            let app = buildApplication(services, server: .init(host: "127.0.0.1", port: 0, maxLagSeconds: 60))
            let ledger = services.ledger
            let workspace = WorkspaceID()
            var world = World(db: db, bouncer: bouncer, services: services, app: app, clock: clock, workspace: workspace)
            let admin = try await ledger.registerPrincipal("Ada Admin", in: workspace)
            try await ledger.createWorkspace(workspace, name: "Acme \(workspace.description.prefix(8))", by: admin)
            world.principals["admin"] = admin
            for (key, name, role) in [
                ("editor", "Eve Editor", WorkspaceRole.editor), ("approver", "Abe Approver", .approver),
                ("approver2", "Amy Approver", .approver), ("viewer", "Vic Viewer", .viewer),
            ] {
                let id = try await ledger.registerPrincipal(name, in: workspace)
                try await ledger.grantRole(role, to: id, in: workspace, by: admin)
                world.principals[key] = id
            }
            for (key, principal) in world.principals {
                let account = try await ledger.account(for: principal, in: workspace)
                world.tokens[key] = try await ledger.createToken(for: account.id, workspace: nil, maxRole: nil, expiresInDays: nil).secret
            }
            return world
        }

        var base: String { "/v1/workspaces/\(workspace)" }
    }

    static func headers(_ token: String?, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        if let token { fields[.authorization] = "Bearer \(token)" }
        if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return fields
    }

    static func body(_ value: some Encodable) throws -> ByteBuffer { ByteBuffer(bytes: try JSONEncoder().encode(value)) }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    /// Expects a problem document with this status (and type slug, when given).
    static func expectProblem(
        _ response: TestResponse, _ status: HTTPResponse.Status, _ slug: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(response.status == status, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try json(response)
        #expect(problem["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
        #expect(problem["title"] is String && problem["detail"] is String, sourceLocation: sourceLocation)
        if let slug { #expect(problem["type"] as? String == "https://icpledger.dev/problems/\(slug)", sourceLocation: sourceLocation) }
    }

    struct Draft: Encodable {
        var definition: ICPDefinition
        var rationale: String?
    }

    /// Drafts the fintech ICP as the editor; returns its id.
    static func draft(_ client: some TestClientProtocol, _ world: World, as key: String = "editor") async throws -> String {
        let response = try await client.execute(
            uri: "\(world.base)/icps", method: .post, headers: headers(world.tokens[key]),
            body: try body(Draft(definition: SampleICPs.fintechPlatforms, rationale: "Our best customers.")))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        #expect(response.headers[.eTag] == "\"1\"")
        return try #require(try json(response)["icp"] as? String)
    }

    struct Propose: Encodable {
        var definition: ICPDefinition
        var rationale: String
    }

    /// Proposes `definition` as the ICP's next revision, as `key`'s person.
    @discardableResult
    static func propose(
        _ client: some TestClientProtocol, _ world: World, _ icp: String, _ definition: ICPDefinition, rationale: String = "r",
        as key: String = "editor"
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "\(world.base)/icps/\(icp)/revisions", method: .post, headers: headers(world.tokens[key]),
            body: try body(Propose(definition: definition, rationale: rationale)))
    }

    @Test("an ICP is drafted, approved by a second person and published, each by their own token; history and diff name them")
    func fourEyesWalkThrough() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let icp = try await Self.draft(client, world)
            let approve = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: Self.headers(world.tokens["approver"]))
            #expect(approve.status == .ok, "\(String(buffer: approve.body))")
            #expect(approve.headers[.eTag] == "\"2\"")
            #expect(approve.headers[HTTPField.Name("ICPLedger-Consistency-Token")!] != nil)
            let publish = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: Self.headers(world.tokens["editor"]))
            #expect(publish.status == .ok, "\(String(buffer: publish.body))")

            let current = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/current", method: .get, headers: Self.headers(world.tokens["viewer"]))
            #expect(current.status == .ok)
            #expect(try Self.json(current)["revision"] as? Int == 1)

            // A second revision, proposed by the editor; the history says who did what.
            var changed = SampleICPs.fintechPlatforms
            changed.statement += " Only regulated firms."
            let propose = try await Self.propose(client, world, icp, changed, rationale: "Win-loss: unregulated firms churn.")
            #expect(propose.status == .created, "\(String(buffer: propose.body))")
            #expect(try Self.json(propose)["revision"] as? Int == 2)
            let history = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions", method: .get, headers: Self.headers(world.tokens["viewer"]))
            let revisions = try #require(try Self.json(history)["revisions"] as? [[String: Any]])
            #expect(revisions.count == 2)
            #expect(revisions[0]["proposer"] as? String == world.principals["editor"]?.rawValue)
            #expect(revisions[0]["approvers"] as? [String] == [world.principals["approver"]!.rawValue])
            #expect(revisions[0]["publishedBy"] as? String == world.principals["editor"]?.rawValue)
            let diff = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/diff?from=1&to=2", method: .get, headers: Self.headers(world.tokens["viewer"]))
            #expect(diff.status == .ok)
            #expect((try Self.json(diff)["changes"] as? [Any])?.count == 1)
        }
    }

    @Test("four eyes: the proposer's own token cannot approve; a viewer's token and a token capped at viewer cannot write")
    func rolesAndFourEyes() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let icp = try await Self.draft(client, world, as: "approver")
            let own = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: Self.headers(world.tokens["approver"]))
            try Self.expectProblem(own, .forbidden, "four-eyes")

            let viewer = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["viewer"]),
                body: try Self.body(Draft(definition: SampleICPs.fintechPlatforms)))
            try Self.expectProblem(viewer, .forbidden, "forbidden")

            // The second approver's account, through a token it made for itself capped at viewer.
            let capped = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: Self.headers(world.tokens["approver2"]),
                body: ByteBuffer(string: #"{"maxRole":"viewer","label":"read-only dashboard"}"#))
            #expect(capped.status == .created, "\(String(buffer: capped.body))")
            let secret = try #require(try Self.json(capped)["secret"] as? String)
            let refused = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: Self.headers(secret))
            try Self.expectProblem(refused, .forbidden)
            let read = try await client.execute(uri: "\(world.base)/icps", method: .get, headers: Self.headers(secret))
            #expect(read.status == .ok)
            // The full token of the same person still approves.
            let approved = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: Self.headers(world.tokens["approver2"]))
            #expect(approved.status == .ok, "\(String(buffer: approved.body))")
            let stored = try await world.ledger.icpVersion(try #require(ICPID(icp)), in: world.workspace)
            #expect(stored == 2, "one draft and one approval; the refused ones stored nothing")
        }
    }

    @Test("no token, a malformed, unknown, revoked or expired token: 401 with a problem document and a Bearer challenge")
    func tokensRefused() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            for header: String? in [nil, "Basic dXNlcjpwYXNz", "Bearer", "Bearer icpl_short", "Bearer icpl_" + String(repeating: "A", count: 43)] {
                var fields: HTTPFields = [:]
                if let header { fields[.authorization] = header }
                let response = try await client.execute(uri: "/v1/me", method: .get, headers: fields)
                try Self.expectProblem(response, .unauthorized, "unauthenticated")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            // Revoked through the API by its own account: refused at once.
            let me = try await client.execute(uri: "/v1/me", method: .get, headers: Self.headers(world.tokens["editor"]))
            #expect(me.status == .ok)
            let tokenID = try #require(try Self.json(me)["token"] as? String)
            let revoke = try await client.execute(uri: "/v1/tokens/\(tokenID)", method: .delete, headers: Self.headers(world.tokens["editor"]))
            #expect(revoke.status == .noContent)
            let after = try await client.execute(uri: "/v1/me", method: .get, headers: Self.headers(world.tokens["editor"]))
            try Self.expectProblem(after, .unauthorized)

            // Made two days ago to last one day.
            world.clock.set(Date().addingTimeInterval(-2 * 86_400))
            let account = try await world.ledger.account(for: world.principals["viewer"]!, in: world.workspace)
            let expired = try await world.ledger.createToken(for: account.id, workspace: nil, maxRole: nil, expiresInDays: 1).secret
            world.clock.set(Date())
            let old = try await client.execute(uri: "/v1/me", method: .get, headers: Self.headers(expired))
            try Self.expectProblem(old, .unauthorized)
        }
    }

    @Test("another workspace's data is out of reach, by its real id, a forged id or a token limited to a workspace")
    func crossWorkspace() async throws {
        let world = try await World.make()
        // A second workspace where only its own admin works, with an ICP.
        let other = WorkspaceID()
        let ledger = world.ledger
        let boss = try await ledger.registerPrincipal("Bo Boss", in: other)
        try await ledger.createWorkspace(other, name: "Other \(other.description.prefix(8))", by: boss)
        let theirs = ICPID()
        try await ledger.draftICP(theirs, in: other, owner: boss, definition: SampleICPs.fintechPlatforms, by: boss)
        let bossToken = try await ledger.createToken(
            for: try await ledger.account(for: boss, in: other).id, workspace: nil, maxRole: nil, expiresInDays: nil
        ).secret
        // A person in both workspaces (a viewer in the other) with a token limited to the first.
        let account = try await ledger.account(for: world.principals["admin"]!, in: world.workspace)
        let limited = try await ledger.createToken(for: account.id, workspace: world.workspace, maxRole: nil, expiresInDays: nil).secret
        let outsider = try await ledger.createToken(
            for: try await ledger.account(for: world.principals["editor"]!, in: world.workspace).id, workspace: nil, maxRole: nil, expiresInDays: nil
        ).secret
        let adminThere = try await ledger.registerPrincipal("Ada Admin", in: other)
        try await ledger.grantRole(.viewer, to: adminThere, in: other, by: boss)
        try await ledger.link(account.id, to: adminThere, in: other)
        try await world.app.test(.live) { client in
            for uri in [
                "/v1/workspaces/\(other)", "/v1/workspaces/\(other)/icps", "/v1/workspaces/\(other)/icps/\(theirs)",
                "/v1/workspaces/\(WorkspaceID())/icps", "/v1/workspaces/not-a-uuid/icps",
                "/v1/workspaces/\(world.workspace)/icps/\(theirs)",
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: Self.headers(outsider))
                try Self.expectProblem(response, .notFound)
                #expect(!String(buffer: response.body).contains("Other "), "\(uri) leaks the other workspace's name")
            }
            let write = try await client.execute(
                uri: "/v1/workspaces/\(other)/icps/\(theirs)/revisions/1/approve", method: .post, headers: Self.headers(outsider))
            try Self.expectProblem(write, .notFound)
            // The other workspace's own admin sees exactly its own workspace.
            let list = try await client.execute(uri: "/v1/workspaces", method: .get, headers: Self.headers(bossToken))
            let names = (try Self.json(list)["workspaces"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names?.count == 1 && names?.first?.hasPrefix("Other ") == true)
            // The account in both reaches both with its full token, only its own workspace with the limited one.
            let everywhere = try await client.execute(uri: "/v1/workspaces/\(other)/icps", method: .get, headers: Self.headers(world.tokens["admin"]))
            #expect(everywhere.status == .ok, "the account works in both")
            let response = try await client.execute(uri: "/v1/workspaces/\(other)/icps", method: .get, headers: Self.headers(limited))
            try Self.expectProblem(response, .notFound)
            let mine = try await client.execute(uri: "/v1/workspaces/\(world.workspace)/icps", method: .get, headers: Self.headers(limited))
            #expect(mine.status == .ok)
        }
    }

    @Test("a change sent with a stale If-Match is refused with 412 and the current version; a fresh one goes through")
    func staleIfMatch() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let icp = try await Self.draft(client, world)
            let show = try await client.execute(uri: "\(world.base)/icps/\(icp)", method: .get, headers: Self.headers(world.tokens["viewer"]))
            #expect(show.headers[.eTag] == "\"1\"")
            let approve = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post,
                headers: Self.headers(world.tokens["approver"], [.ifMatch: "\"1\""]))
            #expect(approve.status == .ok)
            let stale = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post,
                headers: Self.headers(world.tokens["editor"], [.ifMatch: "\"1\""]))
            try Self.expectProblem(stale, .preconditionFailed, "version-mismatch")
            #expect(stale.headers[.eTag] == "\"2\"")
            #expect(try Self.json(stale)["currentVersion"] as? String == "2")
            #expect(try await world.ledger.icpVersion(try #require(ICPID(icp)), in: world.workspace) == 2)
            let malformed = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: Self.headers(world.tokens["editor"], [.ifMatch: "two"]))
            try Self.expectProblem(malformed, .badRequest)
            let fresh = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post,
                headers: Self.headers(world.tokens["editor"], [.ifMatch: "W/\"2\""]))
            #expect(fresh.status == .ok, "\(String(buffer: fresh.body))")
        }
    }

    @Test("malformed JSON, wrong types, unknown fields, invalid UTF-8, over-long text, a huge body: a 4xx problem each, nothing stored")
    func badBodies() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let definition = String(decoding: try JSONEncoder().encode(SampleICPs.fintechPlatforms), as: UTF8.self)
            var longName = SampleICPs.fintechPlatforms
            longName.name = String(repeating: "n", count: 100_000)
            let cases: [(String, ByteBuffer, HTTPResponse.Status)] = [
                ("malformed", ByteBuffer(string: "{\"definition\": "), .badRequest),
                ("not an object", ByteBuffer(string: "[1,2]"), .badRequest),
                ("wrong type", ByteBuffer(string: #"{"definition": 42}"#), .unprocessableContent),
                ("missing field", ByteBuffer(string: #"{"rationale": "x"}"#), .unprocessableContent),
                ("unknown field", ByteBuffer(string: #"{"definition": \#(definition), "actor": "someone-else"}"#), .unprocessableContent),
                ("invalid UTF-8", ByteBuffer(bytes: Array(#"{"definition": "#.utf8) + [0xC3, 0x28] + Array("}".utf8)), .badRequest),
                ("over-long name", try Self.body(Draft(definition: longName)), .unprocessableContent),
                ("huge body", ByteBuffer(repeating: UInt8(ascii: " "), count: 2 << 20), .contentTooLarge),
            ]
            for (label, body, status) in cases {
                let response = try await client.execute(
                    uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"]), body: body)
                try Self.expectProblem(response, status)
                #expect(response.status == status, "\(label)")
            }
            let unknown = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"]),
                body: ByteBuffer(string: #"{"definition": \#(definition), "actor": "someone-else"}"#))
            let fields = (try Self.json(unknown)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["actor"])
            // A key the definition does not know, deep inside it, is refused the same way, named by its path.
            var nested = try #require(try JSONSerialization.jsonObject(with: Data(definition.utf8)) as? [String: Any])
            var signals = try #require(nested["signals"] as? [String: Any])
            var fit = try #require(signals["fit"] as? [[String: Any]])
            fit[0]["colour"] = "red"
            signals["fit"] = fit
            nested["signals"] = signals
            nested["owner"] = "someone-else"
            let deep = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"]),
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["definition": nested])))
            try Self.expectProblem(deep, .unprocessableContent)
            let deepFields = (try Self.json(deep)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(deepFields == ["definition.owner", "definition.signals.fit[0].colour"], "\(String(buffer: deep.body))")
            let list = try await client.execute(uri: "\(world.base)/icps", method: .get, headers: Self.headers(world.tokens["viewer"]))
            #expect((try Self.json(list)["icps"] as? [Any])?.isEmpty == true, "nothing was stored")
        }
    }

    @Test("the ICP's YAML file drafts an ICP and proposes its next revision; a broken file is a 422 naming the key")
    func yamlFiles() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let yaml: HTTPFields = [.contentType: "application/yaml"]
            let file = ICPFileDocument(definition: SampleICPs.fintechPlatforms).yaml()
            let drafted = try await client.execute(
                uri: "\(world.base)/icps?rationale=From%20the%20file", method: .post, headers: Self.headers(world.tokens["editor"], yaml),
                body: ByteBuffer(string: file))
            #expect(drafted.status == .created, "\(String(buffer: drafted.body))")
            let icp = try #require(try Self.json(drafted)["icp"] as? String)

            var edited = SampleICPs.fintechPlatforms
            edited.statement += " Only regulated firms."
            let next = ICPFileDocument(definition: edited, icp: ICPID(icp)).yaml()
            let unexplained = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions", method: .post, headers: Self.headers(world.tokens["editor"], yaml),
                body: ByteBuffer(string: next))
            try Self.expectProblem(unexplained, .unprocessableContent)
            let proposed = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions?rationale=Regulated%20only", method: .post,
                headers: Self.headers(world.tokens["editor"], yaml), body: ByteBuffer(string: next))
            #expect(proposed.status == .created, "\(String(buffer: proposed.body))")
            #expect(try Self.json(proposed)["revision"] as? Int == 2)

            let broken = file.replacingOccurrences(of: "weight:", with: "wieght:")
            let refused = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"], yaml), body: ByteBuffer(string: broken))
            try Self.expectProblem(refused, .unprocessableContent, "invalid")
            #expect(String(buffer: refused.body).contains("wieght"))
            let aliases =
                "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            let bomb = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"], yaml), body: ByteBuffer(string: aliases))
            try Self.expectProblem(bomb, .unprocessableContent)
        }
    }

    @Test("a read with a write's consistency token shows that write; a malformed token is a 422, one from the future a 503")
    func consistencyToken() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let drafted = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"]),
                body: try Self.body(Draft(definition: SampleICPs.fintechPlatforms)))
            let token = try #require(drafted.headers[HTTPField.Name("ICPLedger-Consistency-Token")!])
            let icp = try #require(try Self.json(drafted)["icp"] as? String)
            let read = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions?after=\(token)", method: .get, headers: Self.headers(world.tokens["viewer"]))
            #expect(read.status == .ok)
            #expect((try Self.json(read)["revisions"] as? [Any])?.count == 1)
            let malformed = try await client.execute(
                uri: "\(world.base)/icps?after=yesterday", method: .get, headers: Self.headers(world.tokens["viewer"]))
            try Self.expectProblem(malformed, .unprocessableContent)
            let parts = token.split(separator: ".")
            let future = "\(UInt64(parts[0])! + 1_000_000).1"
            let waited = try await client.execute(
                uri: "\(world.base)/icps?after=\(future)", method: .get, headers: Self.headers(world.tokens["viewer"]))
            try Self.expectProblem(waited, .serviceUnavailable, "projection-lagging")
            #expect(waited.headers[.retryAfter] != nil)
        }
    }

    @Test("Idempotency-Key: a retried POST takes effect once and gets the same answer; the key with another request is a 422")
    func idempotentRetries() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "draft-2026-12-02-a"]
            let body = try Self.body(Draft(definition: SampleICPs.fintechPlatforms, rationale: "Once."))
            let first = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"], key), body: body)
            #expect(first.status == .created)
            let again = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"], key), body: body)
            #expect(again.status == .created)
            #expect(String(buffer: again.body) == String(buffer: first.body))
            #expect(again.headers[.eTag] == first.headers[.eTag] && again.headers[.location] == first.headers[.location])
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let list = try await client.execute(uri: "\(world.base)/icps", method: .get, headers: Self.headers(world.tokens["viewer"]))
            #expect((try Self.json(list)["icps"] as? [Any])?.count == 1, "stored once")

            let other = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["editor"], key),
                body: try Self.body(Draft(definition: SampleICPs.fintechPlatforms, rationale: "Twice?")))
            try Self.expectProblem(other, .unprocessableContent)
            // The key belongs to the account: another person's identical request is their own.
            let theirs = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: Self.headers(world.tokens["admin"], key), body: body)
            #expect(theirs.status == .created && theirs.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            // A refusal is an answer too: replayed, not re-decided.
            let icp = try #require(try Self.json(first)["icp"] as? String)
            let approveKey: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "approve-own"]
            let refused = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: Self.headers(world.tokens["editor"], approveKey))
            try Self.expectProblem(refused, .forbidden)
            let refusedAgain = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: Self.headers(world.tokens["editor"], approveKey))
            #expect(refusedAgain.status == .forbidden && refusedAgain.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let badKey = try await client.execute(
                uri: "\(world.base)/icps", method: .post,
                headers: Self.headers(world.tokens["editor"], [HTTPField.Name("Idempotency-Key")!: "has space"]),
                body: body)
            try Self.expectProblem(badKey, .unprocessableContent)
        }
    }

    @Test("/metrics: requests and latency by route and status, events appended, projection lag, pool waits, in Prometheus text")
    func metrics() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            _ = try await Self.draft(client, world)
            _ = try await client.execute(uri: "/v1/me", method: .get)
            // Nine callers at once on the server's eight app connections: one of them waits.
            let pool = world.services.appPool
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<9 { group.addTask { try await pool.withConnection { _ in Thread.sleep(forTimeInterval: 0.1) } } }
                try await group.waitForAll()
            }
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            for needle in [
                "icpledger_events_appended_total", "icpledger_projection_events_behind", "icpledger_projection_seconds_behind",
                #"icpledger_pool_wait_seconds_count{pool="app"}"#, "http_server_request_duration", #"http_response_status_code="401""#,
                #"http_route="/v1/workspaces/{workspace}/icps""#,
            ] {
                #expect(text.contains(needle), "\(needle) missing from:\n\(text.prefix(3000))")
            }
        }
    }

    @Test("numbers past what the database holds, in paths and queries, are a 4xx, never a 500 (found by the fuzz run)")
    func outOfRangeNumbers() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let icp = try await Self.draft(client, world)
            for uri in [
                "\(world.base)/icps/\(icp)/diff?from=87178291200&to=1", "\(world.base)/icps/\(icp)/diff?from=1&to=-3",
                "\(world.base)/icps/\(icp)/revisions/87178291200", "\(world.base)/icps/\(icp)/activity?limit=87178291200",
                "\(world.base)/icps/\(icp)/export?revision=99999999999",
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: Self.headers(world.tokens["viewer"]))
                #expect((400..<500).contains(response.status.code), "\(uri): \(String(buffer: response.body))")
            }
        }
    }

    @Test("the in-process cache: changes made through this instance show at once; another instance's, with its consistency token")
    func cacheStaysTrue() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let viewer = world.tokens["viewer"], editor = world.tokens["editor"], approver = world.tokens["approver"]
            let icp = try await Self.draft(client, world)
            _ = try await client.execute(uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: Self.headers(approver))
            _ = try await client.execute(uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: Self.headers(editor))
            let current = "\(world.base)/icps/\(icp)/current"
            #expect(try Self.json(try await client.execute(uri: current, method: .get, headers: Self.headers(viewer)))["revision"] as? Int == 1)

            // Revision 2 published through this instance: the next read shows it, cache or not.
            var changed = SampleICPs.fintechPlatforms
            changed.statement += " Regulated only."
            try await Self.propose(client, world, icp, changed)
            _ = try await client.execute(uri: "\(world.base)/icps/\(icp)/revisions/2/approve", method: .post, headers: Self.headers(approver))
            _ = try await client.execute(uri: "\(world.base)/icps/\(icp)/revisions/2/publish", method: .post, headers: Self.headers(editor))
            #expect(try Self.json(try await client.execute(uri: current, method: .get, headers: Self.headers(viewer)))["revision"] as? Int == 2)

            // Revision 3 published by "another instance" (the ledger directly): with its token, the read shows it.
            changed.statement += " And audited."
            let id = try #require(ICPID(icp))
            let ledger = world.ledger
            let proposed = try await ledger.proposeDefinition(
                id, in: world.workspace, definition: changed, rationale: "r", by: world.principals["editor"]!)
            #expect(proposed.revision == 3)
            try await ledger.approve(id, in: world.workspace, revision: 3, by: world.principals["approver"]!)
            let published = try await ledger.publish(
                id, in: world.workspace, revision: 3, effectiveOn: CalendarDay(Date(), in: .gmt), by: world.principals["editor"]!)
            let token = "\(published.cursor!.transactionID).\(published.cursor!.position)"
            let fresh = try await client.execute(uri: "\(current)?after=\(token)", method: .get, headers: Self.headers(viewer))
            #expect(try Self.json(fresh)["revision"] as? Int == 3)

            // A role taken away through this instance: the very next read is refused.
            let principal = world.principals["viewer"]!.rawValue
            let revoked = try await client.execute(
                uri: "\(world.base)/members/\(principal)", method: .delete, headers: Self.headers(world.tokens["admin"]))
            #expect(revoked.status == .noContent)
            let refused = try await client.execute(uri: current, method: .get, headers: Self.headers(viewer))
            try Self.expectProblem(refused, .forbidden)
        }
    }

    @Test("an unknown path, public or under /v1, is a 404 problem document too")
    func unknownRoutes() async throws {
        let world = try await World.make()
        try await world.app.test(.live) { client in
            let missing = try await client.execute(uri: "/nope", method: .get)
            try Self.expectProblem(missing, .notFound)
            let missingV1 = try await client.execute(uri: "/v1/nope", method: .get, headers: Self.headers(world.tokens["viewer"]))
            try Self.expectProblem(missingV1, .notFound)
        }
    }

    @Test("every routed operation but the web pages is in /openapi.yaml and every operation there is routed")
    func routesMatchTheDocument() async throws {
        let world = try await World.make()
        let services = world.services
        func operations(_ router: Router<LedgerRequestContext>) -> Set<String> {
            Set(
                router.routes.map { route in
                    let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                    return "\(route.method.rawValue) /" + path.joined(separator: "/")
                })
        }
        let router = buildRouter(ledger: services.ledger, appPool: services.appPool) { await services.readiness(maxLagSeconds: 60) }
        // The HTML pages are for browsers, not part of the API's document.
        let pageRouter = Router(context: LedgerRequestContext.self)
        WebRoutes(ledger: services.ledger, cache: HotPathCache(), signer: nil).register(on: pageRouter)
        let pages = operations(pageRouter)
        #expect(pages.count > 10 && pages.isSubset(of: operations(router)))
        let routed = operations(router).subtracting(pages)
        try await world.app.test(.live) { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(text.hasPrefix("openapi: 3.1.0"))
            // The document must parse as YAML and name every operation under `paths`.
            let document = try #require(try Yams.load(yaml: text) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, item) in paths {
                for method in ["get", "post", "put", "patch", "delete"] where item[method] != nil {
                    documented.insert("\(method.uppercased()) \(path)")
                    let operation = item[method] as? [String: Any]
                    #expect(operation?["operationId"] is String && operation?["responses"] is [String: Any], "\(method) \(path)")
                }
            }
            #expect(
                documented == routed,
                "routed only: \(routed.subtracting(documented).sorted()); documented only: \(documented.subtracting(routed).sorted())")
        }
    }
}
