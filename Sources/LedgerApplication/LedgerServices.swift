public import EventStore
public import Foundation
public import ICPLedger
public import LedgerConfiguration
public import LedgerDatabase
public import Logging
public import Postgres
public import PostgresEmbedded
public import Projections
public import Scheduler
public import ServiceLifecycle
public import WebhookDelivery
import Webhooks

/// The parts of icpledger that run, built in one place from one configuration: the opened
/// database, a pool per database role, the read-model runner, and the application layer over them.
///
/// `serve`, every CLI command, the HTTP tests and the benchmarks get their ledger here. The
/// long-running parts are swift-service-lifecycle services (``services``), listed in the order
/// they depend on each other: a service group starts them in that order and stops them in reverse,
/// so nothing outlives what it uses.
public struct LedgerServices: Sendable {
    /// What the process is for, which decides the pool sizes and whether the runner follows the feed live.
    public enum Role: Sendable {
        /// A one-off command: small pools; the read models catch up when a command waits for them.
        case command
        /// The long-running server: larger pools, and the runner follows the feed (LISTEN and polling).
        case server
    }

    public let role: Role
    /// The opened database: each role's login, and the embedded cluster when one was started.
    public let database: LedgerDatabase
    /// The request path's pool (`icpledger_app`, row-level security by workspace).
    public let appPool: PostgresPool
    /// The system role's pool: the read-model runner and cross-workspace lookups.
    public let systemPool: PostgresPool
    /// Keeps the read models current.
    public let runner: ReadModelRunner
    /// The application layer.
    public let ledger: Ledger
    /// A server's reads on the read replica, when one is configured (nil otherwise).
    public let replicaReads: ReplicaReads?
    /// The read replica's pools (request-path role, and the system role's probe), when configured.
    let replicaPools: [PostgresPool]
    /// The review scheduler a server runs (nil for commands, or when switched off).
    public let scheduler: ReviewScheduler?
    /// The key that signs checkpoints (reports, the scheduler's), when one is configured.
    public let signer: CheckpointSigner?
    /// The webhook dispatcher a server runs (nil for commands, or when switched off).
    public let webhookDispatcher: WebhookDispatcher?
    public let logger: Logger

    /// Builds the parts over a database that is already open (and migrated).
    /// - Parameters:
    ///   - now: the clock stamped on events and read by the scheduler (tests script it).
    ///   - scheduler: the scheduler's settings for a server; nil runs none.
    ///   - webhooks: where webhooks may go (every role) and, for a server, how the dispatcher sends;
    ///     nil: the defaults, and no dispatcher.
    public init(
        database: LedgerDatabase, role: Role, now: @escaping @Sendable () -> Date = { Date() },
        scheduler: LedgerConfiguration.SchedulerSettings? = nil, webhooks: LedgerConfiguration.WebhookSettings? = nil,
        signer: CheckpointSigner? = nil, server: LedgerConfiguration.ServerSettings = .init(), logger: Logger = Logger(label: "icpledger")
    ) {
        self.signer = signer
        self.role = role
        self.database = database
        self.logger = logger
        let sizes = Self.poolSizes(role)
        appPool = PostgresPool(settings: database.app, maxConnections: sizes.app, name: "app", logger: logger)
        systemPool = PostgresPool(settings: database.system, maxConnections: sizes.system, name: "system", logger: logger)
        runner = ReadModelRunner(systemPool: systemPool, listenerSettings: role == .server ? database.listen : nil, logger: logger)
        let addresses = WebhookAddressPolicy(allowInternal: webhooks?.allowInternal ?? false)
        ledger = Ledger(appPool: appPool, systemPool: systemPool, runner: runner, now: now, webhookAddresses: addresses)
        if role == .server, let replica = database.replica {
            let replicaApp = PostgresPool(settings: replica.app, maxConnections: sizes.app, name: "replica", logger: logger)
            // A busy probe pool is a verdict too: past a second's wait the read goes to the primary.
            let probe = PostgresPool(
                settings: replica.system, maxConnections: 2, acquireTimeout: .seconds(1), name: "replica-probe", logger: logger)
            replicaPools = [replicaApp, probe]
            replicaReads = ReplicaReads(
                ledger: Ledger(appPool: replicaApp, systemPool: systemPool, runner: runner, now: now, webhookAddresses: addresses),
                probePool: probe, wait: .milliseconds(Int64(server.replicaWaitSeconds * 1000)), maxLagSeconds: server.replicaMaxLagSeconds,
                logger: logger)
        } else {
            replicaPools = []
            replicaReads = nil
        }
        self.scheduler =
            if role == .server, let scheduler, scheduler.enabled {
                ReviewScheduler(
                    pool: systemPool, leaseSeconds: scheduler.leaseSeconds, now: now, logger: logger,
                    checkpoints: signer.flatMap { signer in
                        scheduler.checkpointHours > 0 ? CheckpointSchedule(signer: signer, interval: Double(scheduler.checkpointHours) * 3600) : nil
                    })
            } else {
                nil
            }
        self.webhookDispatcher =
            if role == .server, let webhooks, webhooks.enabled {
                WebhookDispatcher(
                    pool: systemPool, sender: WebhookSender(policy: addresses, timeout: .seconds(webhooks.timeoutSeconds)),
                    retry: WebhookRetryPolicy(maxAttempts: webhooks.attempts, firstDelay: Double(webhooks.firstRetrySeconds)), logger: logger)
            } else {
                nil
            }
    }

    /// Connections per pool: a server answers requests concurrently; a command does one thing.
    static func poolSizes(_ role: Role) -> (app: Int, system: Int) {
        switch role {
        case .command: (app: 2, system: 2)
        case .server: (app: 8, system: 2)
        }
    }

    /// Opens the configured database (starting the embedded cluster when no server is configured),
    /// applies pending migrations unless `migrate` is false, and builds the parts over it.
    ///
    /// `policy` says what becomes of an embedded cluster started here once nobody uses it. A server
    /// also leaves a watchdog that stops such a cluster when the process ends, however it ends.
    public static func open(
        _ configuration: LedgerConfiguration, role: Role, policy: EmbeddedStopPolicy = .stopWhenUnused,
        migrate: Bool = true, now: (@Sendable () -> Date)? = nil,
        logger: Logger = Logger(label: "icpledger")
    ) async throws -> LedgerServices {
        // A server's signing key first: a key file that cannot be read stops it before the database starts.
        let signer = role == .server ? try CheckpointKey.load(configuration, logger: logger) : nil
        let database = try await LedgerDatabase.open(configuration.database, logger: logger, policy: policy)
        do {
            if migrate {
                for migration in try database.migrate() { logger.info("applied migration \(migration.version) \(migration.name)") }
            }
            if role == .server, let embedded = database.embedded { try await embedded.stopWhenProcessExits() }
        } catch {
            await database.shutdown()
            throw error
        }
        return LedgerServices(
            database: database, role: role, now: now ?? configuration.clock.now, scheduler: configuration.scheduler,
            webhooks: configuration.webhooks, signer: signer, server: configuration.server, logger: logger)
    }

    /// The long-running parts in dependency order: the database's lease (the embedded cluster is
    /// released last), the two pools, and for a server the live read-model runner, the scheduler and
    /// the webhook dispatcher.
    public var services: [any Service] {
        let base: [any Service] = [DatabaseLease(database: database), appPool, systemPool] + replicaPools
        guard role == .server else { return base }
        return base + [runner] + (scheduler.map { [$0] } ?? []) + (webhookDispatcher.map { [$0] } ?? [])
    }

    /// Runs `body` while ``services`` run in a service group, then shuts the group down gracefully and
    /// waits for every service to finish — the pools closed, the embedded cluster released — whether
    /// `body` returned or threw.
    public func run<T>(_ body: (LedgerServices) async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        async let running: Void = group.run()
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(self))
        } catch {
            outcome = .failure(error)
        }
        await group.triggerGracefulShutdown()
        try await running
        return try outcome.get()
    }

    /// Closes the pools and releases the database without a service group having run: for a
    /// failure between ``open(_:role:policy:migrate:now:logger:)`` and running the services.
    public func close() async {
        await appPool.close()
        await systemPool.close()
        for pool in replicaPools { await pool.close() }
        await database.shutdown()
    }
}

/// Holds the process's use of the database until the group shuts down, then ends it: an embedded
/// cluster started for one-off use stops once no other process uses it.
struct DatabaseLease: Service {
    let database: LedgerDatabase

    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}
