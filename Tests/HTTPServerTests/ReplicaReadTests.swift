import EventStore
import Foundation
import HTTPTypes
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

@testable import HTTPServer

/// Reads a read replica answers (``ReplicaReads``): the rule on its own, then the routes against
/// servers standing in for a standby — the database itself (caught up), another database whose
/// read models never saw the workspace (a standby that has not replayed the write), and an address
/// where nothing answers (a standby that is down). A real streaming standby with paused replay is
/// the `replica` fault suite's (scripts/fault-suite.sh replica).
@Suite("Reads on a read replica", .timeLimit(.minutes(10)))
struct ReplicaReadTests {
    static let early = FeedCursor(transactionID: 10, position: 5)
    static let late = FeedCursor(transactionID: 20, position: 9)

    static func standing(_ cursor: FeedCursor?, halted: Bool = false, lag: Double = 0) -> ReplicatedStanding {
        ReplicatedStanding(cursor: cursor, tenantHalted: halted, inRecovery: true, replayLagSeconds: lag)
    }

    @Test("with a token, the replica answers only once its read models passed the write; a halted workspace goes to the primary")
    func tokenRule() {
        #expect(ReplicaReads.decide(Self.standing(Self.late), after: Self.early, maxLagSeconds: 5) == .replica)
        #expect(ReplicaReads.decide(Self.standing(Self.late), after: Self.late, maxLagSeconds: 5) == .replica)
        #expect(ReplicaReads.decide(Self.standing(Self.early), after: Self.late, maxLagSeconds: 5) == .wait)
        #expect(ReplicaReads.decide(Self.standing(nil), after: Self.early, maxLagSeconds: 5) == .wait)
        // Lag does not matter when the token is passed, and does not rescue one that is not.
        #expect(ReplicaReads.decide(Self.standing(Self.late, lag: 1_000), after: Self.early, maxLagSeconds: 5) == .replica)
        #expect(ReplicaReads.decide(Self.standing(Self.early, lag: 0), after: Self.late, maxLagSeconds: 5) == .wait)
        #expect(ReplicaReads.decide(Self.standing(Self.late, halted: true), after: Self.early, maxLagSeconds: 5) == .primary)
    }

    @Test("without a token, the replica answers while its replay trails by no more than the bound")
    func lagRule() {
        #expect(ReplicaReads.decide(Self.standing(nil, lag: 0), after: nil, maxLagSeconds: 5) == .replica)
        #expect(ReplicaReads.decide(Self.standing(Self.early, lag: 5), after: nil, maxLagSeconds: 5) == .replica)
        #expect(ReplicaReads.decide(Self.standing(Self.early, lag: 5.01), after: nil, maxLagSeconds: 5) == .primary)
        #expect(ReplicaReads.decide(Self.standing(Self.early, lag: 1e9), after: nil, maxLagSeconds: 0) == .primary)
    }

    @Test("only a lost replica, a cancelled query or a read that must write is handed to the primary")
    func fallbackErrors() {
        let readOnly = PostgresError.server(.init(sqlState: "25006", message: "cannot execute INSERT in a read-only transaction"))
        let conflict = PostgresError.server(.init(sqlState: "40001", message: "canceling statement due to conflict with recovery"))
        let missing = PostgresError.server(.init(sqlState: "42P01", message: "relation does not exist"))
        #expect(ReplicaReads.primaryShouldAnswer(after: readOnly))
        #expect(ReplicaReads.primaryShouldAnswer(after: conflict))
        #expect(!ReplicaReads.primaryShouldAnswer(after: missing))
        #expect(!ReplicaReads.primaryShouldAnswer(after: CancellationError()))
    }

    /// A server whose reads go to `replica` (a libpq keyword string), with a workspace, a token and an ICP.
    struct World {
        let services: LedgerServices
        let app: LedgerHTTPApplication
        let workspace: WorkspaceID
        let token: String

        static func make(replica: (TestDatabase) async throws -> String) async throws -> World {
            let db = try await TestDatabase.create()
            let base = db.ledgerDatabase
            let database = LedgerDatabase(
                owner: base.owner, app: base.app, system: base.system, cluster: nil, embedded: nil,
                configuration: DatabaseConfiguration(source: .external(connectionString: ""), replicaConnectionString: try await replica(db)))
            let services = LedgerServices(
                database: database, role: .server, server: .init(port: 0, replicaWaitSeconds: 0.3, replicaMaxLagSeconds: 5))
            let app = buildApplication(services, server: .init(host: "127.0.0.1", port: 0))
            let ledger = services.ledger
            let workspace = WorkspaceID()
            let admin = try await ledger.registerPrincipal("Ada Admin", in: workspace)
            try await ledger.createWorkspace(workspace, name: "Replica \(workspace.description.prefix(8))", by: admin)
            let account = try await ledger.account(for: admin, in: workspace)
            let token = try await ledger.createToken(for: account.id, workspace: nil, maxRole: nil, expiresInDays: nil).secret
            return World(services: services, app: app, workspace: workspace, token: token)
        }

        var headers: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

        /// Records a finding; returns its summary and the write's consistency token.
        func write(_ client: some TestClientProtocol) async throws -> (summary: String, token: String) {
            let summary = "replica check \(UUID())"
            let response = try await client.execute(
                uri: "/v1/workspaces/\(workspace)/findings", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"audit":"customer","summary":"\#(summary)","severity":"low","recommendation":"Watch."}"#))
            #expect(response.status == .created, "\(String(buffer: response.body))")
            return (summary, try #require(response.headers[HTTPField.Name.consistencyToken]))
        }

        func findings(_ client: some TestClientProtocol, after token: String? = nil) async throws -> (body: String, source: String?) {
            let response = try await client.execute(
                uri: "/v1/workspaces/\(workspace)/findings" + (token.map { "?after=\($0)" } ?? ""), method: .get, headers: headers)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            return (String(buffer: response.body), response.headers[HTTPField.Name.readSource])
        }
    }

    @Test("a caught-up replica answers reads, with and without a write's token, and says so")
    func caughtUpReplicaAnswers() async throws {
        let world = try await World.make { db in try db.superuser.keywordString() }
        try await world.app.test(.live) { client in
            let (summary, token) = try await world.write(client)
            let after = try await world.findings(client, after: token)
            #expect(after.source == "replica")
            #expect(after.body.contains(summary))
            #expect(try await world.findings(client).source == "replica")
            // Writes never go to the replica.
            let write = try await client.execute(
                uri: "/v1/workspaces/\(world.workspace)/findings", method: .post, headers: world.headers,
                body: ByteBuffer(string: #"{"audit":"customer","summary":"another","severity":"low","recommendation":"Watch."}"#))
            #expect(write.status == .created)
            #expect(write.headers[HTTPField.Name.readSource] == nil)
        }
    }

    @Test("a replica that has not replayed a write never answers a read carrying its token: the primary does, within the wait")
    func laggingReplicaIsPassedOver() async throws {
        // Another database of the same shape stands in for a standby that stopped replaying before the write.
        let world = try await World.make { _ in try (try await TestDatabase.create()).superuser.keywordString() }
        try await world.app.test(.live) { client in
            let (summary, token) = try await world.write(client)
            let began = ContinuousClock.now
            let after = try await world.findings(client, after: token)
            #expect(after.source == "primary")
            #expect(after.body.contains(summary))
            // The replica is given 0.3 s; the rest is the primary waiting for its own read models,
            // which took 5.3 s once on a loaded CI machine.
            #expect(ContinuousClock.now - began < .seconds(10))
            // Without a token the stand-in answers, as a replica within the lag bound would: the
            // write is not there, which is what a read without a token may see.
            let plain = try await world.findings(client)
            #expect(plain.source == "replica")
            #expect(!plain.body.contains(summary))
        }
    }

    @Test("a replica that cannot be reached costs no read: the primary answers each one")
    func unreachableReplicaFallsBack() async throws {
        let world = try await World.make { _ in "host=/nonexistent/icpledger-replica port=1 dbname=icpledger connect_timeout=2" }
        try await world.app.test(.live) { client in
            let (summary, token) = try await world.write(client)
            for after in [token, nil] {
                let read = try await world.findings(client, after: after)
                #expect(read.source == "primary")
                #expect(read.body.contains(summary))
            }
        }
    }
}
