public import EventStore
public import Foundation
public import ICPDomain
import Logging
public import Postgres
public import Projections

/// The application layer: the single place that loads a stream, replays it with the domain's
/// `evolve`, calls `decide`, appends with the head it read as the expectation, and waits until
/// the read models show the change (read-your-writes) before it returns. The CLI and the HTTP
/// server call it; neither touches SQL.
///
/// Retries: a version conflict is retried (re-read, re-decide, at most ``maxAttempts`` times)
/// only for commands whose meaning does not depend on what the actor saw — proposing a
/// revision, recording a review or finding, granting and revoking roles, resolving a finding,
/// flagging. Approving, rejecting, publishing, amending and retiring refer to a revision the
/// actor looked at, so a conflict is reported (``LedgerError/conflict``) instead.
public final class Ledger: Sendable {
    /// Request-path pool (app role, row-level security by tenant).
    public let appPool: PostgresPool
    /// System-role pool: the projection runner and workspace-name lookup.
    public let systemPool: PostgresPool
    public let store: EventStore
    public let runner: ReadModelRunner
    /// The business clock stamped on events (injectable for tests and demo data).
    public let now: @Sendable () -> Date
    let readYourWritesTimeout: Duration
    static let maxAttempts = 3

    public init(appPool: PostgresPool, systemPool: PostgresPool, runner: ReadModelRunner? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, readYourWritesTimeout: Duration = .seconds(10)) {
        self.appPool = appPool
        self.systemPool = systemPool
        self.store = EventStore(pool: appPool)
        self.runner = runner ?? ReadModelRunner(systemPool: systemPool)
        self.now = now
        self.readYourWritesTimeout = readYourWritesTimeout
    }

    /// What a command did.
    public struct Outcome<State: Sendable>: Sendable {
        /// The events appended (empty when the command changed nothing).
        public var events: [DomainEvent]
        /// The aggregate after them.
        public var state: State
        /// The feed position of the append (nil when nothing was appended).
        public var cursor: FeedCursor?
    }

    static func streamID(_ workspace: WorkspaceID, _ name: StreamName) -> StreamID {
        StreamID(tenant: workspace.uuid, name: name.description)
    }

    /// Reads and replays a stream, optionally only what was recorded by a moment.
    func load<D: Decider>(_ decider: D.Type, _ stream: StreamID, recordedUpTo: Date? = nil) async throws -> (D.State, StreamHead, Int) {
        let slice = try await store.readStream(stream, recordedUpTo: recordedUpTo)
        let events = try slice.events.map { try EventCodec.decode(type: $0.type, schemaVersion: $0.schemaVersion, payload: $0.payload) }
        return (D.replay(events), slice.head, events.count)
    }

    /// The workspace aggregate (from its events, not the read model).
    public func workspaceState(_ workspace: WorkspaceID) async throws -> WorkspaceState? {
        try await load(WorkspaceDecider.self, Self.streamID(workspace, .workspace(workspace))).0
    }

    /// Load, decide, append, wait for the read models.
    func execute<D: Decider>(_ decider: D.Type, workspace: WorkspaceID, stream name: StreamName, actor: PrincipalID,
                             retryOnConflict: Bool, _ command: D.Command) async throws -> Outcome<D.State> {
        let stream = Self.streamID(workspace, name)
        let attempts = retryOnConflict ? Self.maxAttempts : 1
        let correlation = UUID().uuidString.lowercased()
        var attempt = 1
        while true {
            // Workspace commands take the role from their own state; the others from the workspace's grants.
            let role: WorkspaceRole?
            if case .workspace = name {
                role = nil
            } else {
                guard let workspaceState = try await workspaceState(workspace) else {
                    throw LedgerError.workspaceNotFound(workspace.description)
                }
                role = workspaceState.role(of: actor)
            }
            let (state, head, _) = try await load(D.self, stream)
            let context = DecisionContext(actor: actor, role: role, now: now())
            let events: [DomainEvent]
            do {
                events = try D.decide(state, command, context)
            } catch {
                throw LedgerError.refused(error)
            }
            if events.isEmpty { return Outcome(events: [], state: state, cursor: nil) }
            let newEvents = try events.map { event in
                let encoded = try EventCodec.encode(event)
                return NewEvent(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: encoded.payload,
                                metadata: EventMetadata(actor: actor.rawValue, correlationID: correlation), occurredAt: context.now)
            }
            let result: AppendResult
            do {
                result = try await store.append(newEvents, to: stream, expecting: head)
            } catch EventStoreError.versionConflict(let stream, let expected, let actual) {
                if attempt < attempts {
                    attempt += 1
                    continue
                }
                throw LedgerError.conflict(stream: stream.name, expected: expected, actual: actual)
            }
            try await runner.waitUntilApplied(result.cursor, timeout: readYourWritesTimeout)
            return Outcome(events: events, state: events.reduce(state, D.evolve), cursor: result.cursor)
        }
    }

    /// Runs a read on the app pool inside a transaction scoped to the workspace (row-level security).
    func read<T: Sendable>(_ workspace: WorkspaceID, _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try EventStore.setTenant(workspace.uuid, on: connection)
                return try body(connection)
            }
        }
    }

    /// One query in a transaction scoped to the workspace, sent in a single round trip (pipeline).
    func readOne(_ workspace: WorkspaceID, _ query: PostgresQuery) async throws -> PostgresRows {
        let tenant: PostgresQuery = "SELECT set_config('app.tenant', \(workspace.uuid.uuidString.lowercased()), true)"
        return try await appPool.withConnection { connection in
            try connection.pipeline(["BEGIN", tenant, query, "COMMIT"])[2]
        }
    }

    /// Closes both pools.
    public func close() async {
        await appPool.close()
        await systemPool.close()
    }
}
