import ByteText
public import EventStore
public import Foundation
public import ICPDomain
import Logging
import Metrics
public import Postgres
public import Projections
public import Webhooks

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
    /// The most a command run in the current task may do, whatever the actor's role: the role limit
    /// of the API token the request came with. Nil (no limit) for operators and the CLI.
    @TaskLocal public static var roleCeiling: WorkspaceRole?

    /// The version the target stream must be at for a command run in the current task (an HTTP
    /// `If-Match`); a command decided on any other version fails with
    /// ``LedgerError/versionMismatch(current:)`` and stores nothing. Nil: no precondition.
    @TaskLocal public static var expectedVersion: Int64?

    /// The identity of the command run in the current task, when the caller names it (an HTTP
    /// `Idempotency-Key`): its event ids then derive from that name, so a retry of the same request
    /// is stored once. Nil: each command gets a fresh identity (or the one passed to it).
    @TaskLocal public static var commandIdentity: CommandIdentity?

    let logger = Logger(label: "icpledger.ledger")
    /// Request-path pool (app role, row-level security by tenant).
    public let appPool: PostgresPool
    /// System-role pool: the projection runner and workspace-name lookup.
    public let systemPool: PostgresPool
    public let store: EventStore
    public let runner: ReadModelRunner
    /// The business clock stamped on events (injectable for tests and demo data).
    public let now: @Sendable () -> Date
    let readYourWritesTimeout: Duration
    /// Where webhook subscriptions may send (checked when one is added).
    public let webhookAddresses: WebhookAddressPolicy
    static let maxAttempts = 3

    public init(
        appPool: PostgresPool, systemPool: PostgresPool, runner: ReadModelRunner? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, readYourWritesTimeout: Duration = .seconds(10),
        webhookAddresses: WebhookAddressPolicy = WebhookAddressPolicy()
    ) {
        self.webhookAddresses = webhookAddresses
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
        /// The revision a proposal made, or the open one it repeated (proposals only).
        public var revision: Int?
        /// The stream's version after the command (its ETag).
        public var version: Int64

        init(events: [DomainEvent], state: State, cursor: FeedCursor?, version: Int64) {
            self.events = events
            self.state = state
            self.cursor = cursor
            self.version = version
        }
    }

    static func streamID(_ workspace: WorkspaceID, _ name: StreamName) -> StreamID {
        StreamID(tenant: workspace.uuid, name: name.description)
    }

    /// Reads and replays a stream, optionally only what was recorded by a moment.
    func load<D: Decider>(_ decider: D.Type, _ stream: StreamID, recordedUpTo: Date? = nil) async throws -> (D.State, StreamHead, Int) {
        let slice = try await store.readStream(stream, recordedUpTo: recordedUpTo)
        return (try Self.replay(D.self, slice.events), slice.head, slice.events.count)
    }

    static func replay<D: Decider>(_ decider: D.Type, _ events: [RecordedEvent]) throws -> D.State {
        D.replay(try events.map { try EventCodec.decode(type: $0.type, schemaVersion: $0.schemaVersion, payload: $0.payload) })
    }

    /// The version of an ICP's stream (its ETag): how many events it holds; 0 when there is no such ICP.
    public func icpVersion(_ icp: ICPID, in workspace: WorkspaceID) async throws -> Int64 {
        try await store.head(of: Self.streamID(workspace, .icp(icp))).version
    }

    /// The workspace aggregate (from its events, not the read model).
    public func workspaceState(_ workspace: WorkspaceID) async throws -> WorkspaceState? {
        try await load(WorkspaceDecider.self, Self.streamID(workspace, .workspace(workspace))).0
    }

    /// A finding a command refers to, and where in the command it is named (for the error).
    struct FindingReference: Sendable {
        var path: String
        var finding: FindingID
    }

    /// Load, decide, append, wait for the read models.
    ///
    /// Each attempt reads everything the decision needs — the target stream, the workspace (roles,
    /// time zone) and any findings the command refers to — once, from one snapshot, so the head it
    /// appends after is the head of exactly the events it decided on. The command's event ids are
    /// fixed before the first attempt (``CommandIdentity``): when the outcome of an append is
    /// unknown (the connection broke around its commit) the same events are sent again, and the
    /// store answers with what it stored.
    func execute<D: Decider>(
        _ decider: D.Type, workspace: WorkspaceID, stream name: StreamName, actor: PrincipalID,
        retryOnConflict: Bool, command given: CommandIdentity = CommandIdentity(),
        referencing findings: [FindingReference] = [],
        alongside: (@Sendable (PostgresConnection, [DomainEvent]) throws -> Void)? = nil,
        _ command: D.Command
    ) async throws -> Outcome<D.State> {
        let stream = Self.streamID(workspace, name)
        let workspaceStream = Self.streamID(workspace, .workspace(workspace))
        let attempts = retryOnConflict ? Self.maxAttempts : 1
        let identity = Self.commandIdentity ?? given
        let correlation = UUIDText.lowercase(identity.id)
        // A command the caller named may have taken effect in an attempt whose answer was lost:
        // its first event is then stored, and the command is not decided again.
        if Self.commandIdentity != nil, let stored = try await store.cursor(ofEvent: identity.eventID(0), tenant: workspace.uuid) {
            let slice = try await store.readStream(stream)
            return Outcome(events: [], state: try Self.replay(D.self, slice.events), cursor: stored, version: slice.head.version)
        }
        var attempt = 1
        while true {
            let streams =
                [stream] + (stream == workspaceStream ? [] : [workspaceStream])
                + findings.map { Self.streamID(workspace, .finding($0.finding)) }
            let slices = try await store.readStreams(streams)
            let workspaceState = try Self.replay(WorkspaceDecider.self, slices[stream == workspaceStream ? 0 : 1].events)
            // Workspace commands take the role from their own state; the others from the workspace's grants.
            let role: WorkspaceRole?
            if case .workspace = name {
                role = nil
            } else {
                guard let workspaceState else { throw LedgerError.workspaceNotFound(workspace.description) }
                role = workspaceState.role(of: actor)
            }
            let missing = zip(findings, slices.suffix(findings.count)).filter { $0.1.head.version == 0 }.map { reference, _ in
                ValidationError(.invalidReference, at: reference.path, "There is no finding \(reference.finding) in this workspace.")
            }
            if !missing.isEmpty { throw LedgerError.refused(.invalid(missing)) }
            if let expected = Self.expectedVersion, slices[0].head.version != expected {
                throw LedgerError.versionMismatch(current: slices[0].head.version)
            }
            let state = try Self.replay(D.self, slices[0].events)
            let zone = workspaceState.flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "UTC")!
            let context = DecisionContext(actor: actor, role: role, now: now(), timeZone: zone, roleCeiling: Self.roleCeiling)
            let decided: [DomainEvent]
            do {
                decided = try D.decide(state, command, context)
            } catch {
                throw LedgerError.refused(error)
            }
            // Free text that may name people goes to the erasable side table in the append's
            // transaction; the events keep a reference to it (shared/DESIGN.md, "Personal data").
            var notes: [PersonalNote] = []
            let events = decided.map { event in
                event.replacingErasableText { _, text in
                    let note = PersonalNote(body: text, author: actor)
                    notes.append(note)
                    return note.reference
                }
            }
            if events.isEmpty { return Outcome(events: [], state: state, cursor: nil, version: slices[0].head.version) }
            let newEvents = try events.enumerated().map { index, event in
                let encoded = try EventCodec.encode(event)
                guard encoded.payload.count <= InputLimits.eventBytes else {
                    throw LedgerError.refused(
                        .invalid([
                            .init(
                                .tooLarge, at: "(command)",
                                "The change takes \(encoded.payload.count / 1024) KiB; at most \(InputLimits.eventBytes / 1024) KiB fit in one event."
                            )
                        ]))
                }
                return NewEvent(
                    id: identity.eventID(index), type: encoded.type, schemaVersion: encoded.schemaVersion,
                    payload: encoded.payload, metadata: EventMetadata(actor: actor.rawValue, correlationID: correlation),
                    occurredAt: context.now)
            }
            // Events subscribers can receive (a publication) are announced through the webhook
            // outbox, written in the append's transaction.
            var messages: [WebhookMessage] = []
            if events.contains(where: { WebhookEventType($0) != nil }) {
                var icpNames: [ICPID: String] = [:]
                if let icp = events.reduce(state, D.evolve) as? ICPState {
                    icpNames[icp.id] = icp.publishedDefinition?.name ?? icp.draftDefinition.name
                }
                messages = Self.webhookMessages(
                    events, ids: newEvents.map(\.id), at: context.now, workspace: workspace, workspaceName: workspaceState?.name ?? "",
                    icpNames: icpNames)
            }
            let result: AppendResult
            var sideWrite: (@Sendable (PostgresConnection) throws -> Void)? = nil
            if alongside != nil || !notes.isEmpty || !messages.isEmpty {
                let (appended, written, announced) = (events, notes, messages)
                sideWrite = { connection in
                    for note in written { try note.store(in: workspace, on: connection) }
                    try alongside?(connection, appended)
                    if !announced.isEmpty { try WebhookOutbox.enqueue(announced, tenant: workspace.uuid, on: connection) }
                }
            }
            do {
                result = try await appendSurvivingLostReplies(newEvents, to: stream, expecting: slices[0].head, alongside: sideWrite)
            } catch EventStoreError.versionConflict(let stream, let expected, let actual) {
                if attempt < attempts {
                    attempt += 1
                    continue
                }
                if Self.expectedVersion != nil { throw LedgerError.versionMismatch(current: actual) }
                throw LedgerError.conflict(stream: stream.name, expected: expected, actual: actual)
            }
            // Made at each use (the factory keeps one per label), so it reports to whatever metrics
            // backend the process bootstrapped, even after this ledger was built.
            Counter(label: "icpledger_events_appended_total").increment(by: newEvents.count)
            try await runner.waitUntilApplied(result.cursor, tenant: workspace.uuid, timeout: readYourWritesTimeout)
            return Outcome(events: events, state: events.reduce(state, D.evolve), cursor: result.cursor, version: result.head.version)
        }
    }

    /// Appends; when the reply is lost (a broken connection, a server going away) sends the very
    /// same events again, up to ``maxAttempts`` times: either they were stored, and the store returns
    /// that result, or they were not, and they are stored now (or meet a real conflict).
    func appendSurvivingLostReplies(
        _ events: [NewEvent], to stream: StreamID, expecting head: StreamHead,
        alongside: (@Sendable (PostgresConnection) throws -> Void)?
    ) async throws -> AppendResult {
        var attempt = 1
        while true {
            do {
                if let alongside { return try await store.append(events, to: stream, expecting: head, alongside: alongside) }
                return try await store.append(events, to: stream, expecting: head)
            } catch let error as PostgresError where error.isTransient && attempt < Self.maxAttempts {
                logger.warning(
                    "the reply to an append was lost; sending the same events again",
                    metadata: [
                        "stream": "\(stream.name)", "attempt": "\(attempt)", "error": "\(error)",
                    ])
                try await Task.sleep(for: .milliseconds(100 * attempt * attempt))
                attempt += 1
            }
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
        let tenant: PostgresQuery = "SELECT set_config('app.tenant', \(UUIDText.lowercase(workspace.uuid)), true)"
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
