import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import ICPDomain
import ICPLedger
import LedgerApplication
import LedgerConfiguration
import LedgerDatabase
import Postgres
import PostgresTestSupport
import Testing

/// The HTTP application as `serve` builds it (`buildApplication`), run live on a free port with its
/// services (pools, runner) in the same service group, against a fresh test database.
@Suite("The HTTP application from the one builder", .timeLimit(.minutes(10)))
struct ApplicationTests {
    static let server = LedgerConfiguration.ServerSettings(host: "127.0.0.1", port: 0, maxLagSeconds: 60)

    struct Report: Decodable {
        struct Halted: Decodable {
            var workspace: UUID
            var stream: String
            var version: Int64
            var type: String
            var position: String
        }
        var ready: Bool
        var database: String
        var runner: String
        var eventsBehind: Int
        var haltedWorkspaces: [Halted]
    }

    static func report(_ response: TestResponse) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(buffer: response.body))
    }

    /// GETs `path` until `done` holds for the response (the runner starts with the group), at most 10 s.
    static func poll(_ client: some TestClientProtocol, _ path: String, until done: (TestResponse) throws -> Bool) async throws -> TestResponse {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let response = try await client.execute(uri: path, method: .get)
            if try done(response) || ContinuousClock.now > deadline { return response }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Expects `body` to fail because its pool is closed.
    static func expectPoolClosed(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("the pool still answers", sourceLocation: sourceLocation)
        } catch PostgresError.poolClosed {
        } catch {
            Issue.record("failed otherwise: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("GET /health answers 200 while the database answers; GET /ready is 200 once the live runner has caught up")
    func healthAndReady() async throws {
        let db = try await TestDatabase.create()
        let services = LedgerServices(database: db.ledgerDatabase, role: .server)
        let app = buildApplication(services, server: Self.server)
        try await app.test(.live) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.headers[.contentType] == "application/json")
            #expect(String(buffer: health.body) == #"{"status":"ok","database":"ok"}"# + "\n")
            let ready = try await Self.poll(client, "/ready") { $0.status == .ok }
            #expect(ready.status == .ok, "\(String(buffer: ready.body))")
            let report = try Self.report(ready)
            #expect(report.ready && report.runner == "running" && report.database == "ok" && report.haltedWorkspaces.isEmpty)
        }
    }

    @Test("a workspace halted on an event it cannot apply is listed in /ready with the event's position; the others keep the instance ready")
    func haltedWorkspaceListed() async throws {
        let db = try await TestDatabase.create()
        let services = LedgerServices(database: db.ledgerDatabase, role: .server)
        let ledger = services.ledger
        let sick = WorkspaceID(), healthy = WorkspaceID()
        for workspace in [sick, healthy] {
            let admin = try await ledger.registerPrincipal("admin", in: workspace)
            try await ledger.createWorkspace(workspace, name: "ws-\(workspace.description.prefix(8))", by: admin)
        }
        // Written behind the domain's back, as an older version could have stored it: a day PostgreSQL cannot hold.
        let icp = ICPID()
        let poison = DomainEvent.revisionPublished(
            RevisionPublished(
                icpId: icp, revision: 1, effectiveOn: try #require(CalendarDay(year: 0, month: 6, day: 1)),
                publishedBy: PrincipalID("admin"), publishedAt: Timestamp(Date())))
        let encoded = try EventCodec.encode(poison)
        let store = EventStore(pool: services.appPool)
        let stream = StreamID(tenant: sick.uuid, name: StreamName.icp(icp).description)
        let stored = try await store.append(
            [
                NewEvent(
                    type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload,
                    metadata: EventMetadata(actor: "admin"), occurredAt: Date())
            ],
            to: stream, expecting: try await store.head(of: stream))

        let app = buildApplication(services, server: Self.server)
        try await app.test(.live) { client in
            let ready = try await Self.poll(client, "/ready") { try !Self.report($0).haltedWorkspaces.isEmpty }
            #expect(ready.status == .ok, "\(String(buffer: ready.body))")
            let report = try Self.report(ready)
            #expect(report.ready)
            let halt = try #require(report.haltedWorkspaces.first)
            #expect(report.haltedWorkspaces.count == 1)
            #expect(halt.workspace == sick.uuid && halt.type == "RevisionPublished" && halt.version == 1)
            #expect(halt.stream == stream.name && halt.position == stored.cursor.description)
        }
    }

    @Test("/ready is 503 when no runner follows the feed, and both answer 503 when the database is unreachable")
    func notReady() async throws {
        let db = try await TestDatabase.create()
        // A command's services: nothing runs the read models live.
        let idle = buildApplication(LedgerServices(database: db.ledgerDatabase, role: .command), server: Self.server)
        try await idle.test(.live) { client in
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(try Self.report(ready).runner == "stopped")
        }
        // A server that cannot be reached (nothing listens on port 1).
        let nowhere = PostgresConnectionSettings(connectionString: "host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2")
        let unreachable = LedgerDatabase(
            owner: nowhere, app: nowhere, system: nowhere, cluster: nil, embedded: nil,
            configuration: DatabaseConfiguration(source: .external(connectionString: "")))
        let down = buildApplication(LedgerServices(database: unreachable, role: .server), server: Self.server)
        try await down.test(.live) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .serviceUnavailable)
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            let report = try Self.report(ready)
            #expect(!report.ready && report.database.hasPrefix("unreachable"))
        }
    }

    @Test("when the application stops, every service has stopped with it: the pools are closed")
    func servicesStopWithTheApplication() async throws {
        let db = try await TestDatabase.create()
        let services = LedgerServices(database: db.ledgerDatabase, role: .server)
        try await buildApplication(services, server: Self.server).test(.live) { client in
            _ = try await Self.poll(client, "/ready") { $0.status == .ok }
        }
        #expect(services.runner.subscription.health.state.state == .stopped)
        for pool in [services.appPool, services.systemPool] {
            await Self.expectPoolClosed { _ = try await pool.query("SELECT 1") }
        }
    }

    @Test("a command's services run beside its body and are shut down after it, also when it throws")
    func commandServices() async throws {
        let db = try await TestDatabase.create()
        let services = LedgerServices(database: db.ledgerDatabase, role: .command)
        let workspaces = try await services.run { try await $0.ledger.listWorkspaces().count }
        #expect(workspaces == 0)
        await Self.expectPoolClosed { _ = try await services.appPool.query("SELECT 1") }

        struct Refused: Error {}
        let other = LedgerServices(database: db.ledgerDatabase, role: .command)
        await #expect(throws: Refused.self) { try await other.run { _ in throw Refused() } }
        await Self.expectPoolClosed { _ = try await other.systemPool.query("SELECT 1") }
    }
}
