import ByteText
import Crypto
import EventStore
public import Foundation
import ICPDomain
public import Logging
import Metrics
public import Postgres
public import ServiceLifecycle
import Webhooks

/// Records the review notices every ICP is owed (``ReviewNoticePlan``) in its workspace's schedule
/// stream, while this instance holds the scheduler lease.
///
/// A run reads the read models through the system role, computes each workspace's notices from
/// the injectable clock, leaves out those already recorded, and appends the rest with the lease
/// checked in the same transaction. A notice's event id, payload and time derive from the ICP, the
/// due day and the kind, so a repeated run — or a second instance racing this one — records each
/// notice exactly once. One workspace's failure is reported and never stops the others.
///
/// As a service (in `serve`'s group) it runs every third of the lease's length until shutdown,
/// then gives the lease up; `icpledger scheduler run-once` runs it once.
public struct ReviewScheduler: Service {
    /// This instance's name in the lease, e.g. `host:pid:random`.
    public let holder: String
    public let pool: PostgresPool
    public let leaseSeconds: Int
    public let now: @Sendable () -> Date
    public let logger: Logger
    /// Checkpoints of each workspace's log on a schedule, when the service has a key to sign them.
    public let checkpoints: CheckpointSchedule?

    public init(
        pool: PostgresPool, leaseSeconds: Int = 30, holder: String = ReviewScheduler.defaultHolder(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "icpledger.scheduler"),
        checkpoints: CheckpointSchedule? = nil
    ) {
        self.checkpoints = checkpoints
        self.pool = pool
        self.leaseSeconds = leaseSeconds
        self.holder = holder
        self.now = now
        self.logger = logger
    }

    /// `host:pid:8 random hex digits`: unique per process, readable in the lease row.
    public static func defaultHolder() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(100)
        return "\(host):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// What one run did.
    public struct Run: Sendable, Codable, Hashable {
        /// Whether this instance led (held the lease) for the run.
        public var led: Bool
        /// The lease epoch it led under.
        public var epoch: Int64?
        /// Who held the lease instead, when this instance did not lead.
        public var heldBy: SchedulerLease.Held?
        /// Workspaces looked at.
        public var workspaces = 0
        /// Notices recorded now (not counting those recorded before).
        public var recorded = 0
        /// Checkpoints recorded now.
        public var checkpoints = 0
        /// Workspaces whose notices could not be recorded, with the reason.
        public var failures: [String: String] = [:]
    }

    /// Runs once: takes or renews the lease, and if this instance leads, records what is owed.
    public func runOnce() async throws -> Run {
        let acquired = try await pool.withConnection { [holder, leaseSeconds] in
            try SchedulerLease.acquire(holder, seconds: leaseSeconds, on: $0)
        }
        let lease: SchedulerLease
        // Made at each use (the factory keeps one per label), so they report to whatever backend
        // the process bootstrapped.
        let leading = Gauge(label: "icpledger_scheduler_leading")
        switch acquired {
        case .heldBy(let held):
            leading.record(0)
            return Run(led: false, heldBy: held)
        case .leads(let taken):
            leading.record(1)
            lease = taken
        }
        var run = Run(led: true, epoch: lease.epoch)
        let moment = now()
        let workspaces = try await pool.withConnection { connection in
            try connection.query("SELECT tenant_id, time_zone, fiscal_year_start_month FROM workspaces ORDER BY tenant_id").map {
                try $0.decode((UUID, String, Int).self)
            }
        }
        for (tenant, zone, fiscalStart) in workspaces {
            run.workspaces += 1
            let workspace = WorkspaceID(tenant)
            do {
                guard let timeZone = TimeZone(identifier: zone) else { throw ScheduleDataError("unknown time zone \(zone)") }
                let calendar = FiscalCalendar(timeZone: timeZone, fiscalYearStartMonth: fiscalStart)
                let recorded = try await record(workspace, calendar: calendar, at: moment, lease: lease)
                run.recorded += recorded
                if recorded > 0 { Counter(label: "icpledger_review_notices_recorded_total").increment(by: recorded) }
                if let checkpoints, try await checkpointIfDue(workspace, schedule: checkpoints, at: moment, lease: lease) {
                    run.checkpoints += 1
                }
            } catch let error as SchedulerError {
                throw error  // the lease is gone: stop this run altogether
            } catch {
                run.failures[workspace.description] = String(describing: error)
                logger.error(
                    "the scheduler could not record a workspace's notices; the others go on",
                    metadata: ["workspace": "\(workspace)", "error": "\(error)"])
            }
        }
        return run
    }

    /// Gives up the lease a run led under, so another instance need not wait for it to expire.
    public func release(after run: Run) async throws {
        guard let epoch = run.epoch else { return }
        let lease = SchedulerLease(holder: holder, epoch: epoch, expiresAt: Date())
        try await pool.withConnection { try lease.release(on: $0) }
    }

    /// Records the notices `workspace` is owed at `moment` and not yet recorded; returns how many.
    func record(_ workspace: WorkspaceID, calendar: FiscalCalendar, at moment: Date, lease: SchedulerLease) async throws -> Int {
        let icps = try await scheduledICPs(workspace)
        let planned = icps.flatMap { ReviewNoticePlan.notices(for: $0, in: workspace, calendar: calendar, now: moment) }
        guard !planned.isEmpty else { return 0 }
        let stream = StreamID(tenant: workspace.uuid, name: StreamName.schedule(workspace).description)
        let events = try planned.map { notice in
            let encoded = try EventCodec.encode(.reviewNoticed(notice))
            return NewEvent(
                id: Self.eventID(type: encoded.type, payload: encoded.payload), type: encoded.type,
                schemaVersion: encoded.schemaVersion, payload: encoded.payload, metadata: EventMetadata(actor: "scheduler"),
                occurredAt: ReviewNoticePlan.occurredAt(notice, calendar: calendar))
        }
        let store = EventStore(pool: pool)
        // Only the planned ids are looked up (through the (tenant, event id) key), never the whole
        // stream, which grows by every notice ever recorded.
        let ids = PostgresArray(events.map { UUIDText.lowercase($0.id) })
        for attempt in 1...3 {
            let recorded = try await pool.withConnection { connection in
                Set(
                    try connection.query(
                        "SELECT event_id FROM events WHERE tenant_id = \(workspace.uuid) AND event_id = ANY(\(ids)::uuid[])"
                    ).map { try $0.column(0, as: UUID.self) })
            }
            let missing = events.filter { !recorded.contains($0.id) }
            guard !missing.isEmpty else { return 0 }
            let head = try await store.head(of: stream)
            // Subscribers hear of each notice through the webhook outbox, written with it.
            let messages = try await webhookMessages(for: missing, planned: Array(zip(events, planned)), workspace: workspace)
            do {
                try await store.append(missing, to: stream, expecting: head) { connection in
                    try lease.check(on: connection)
                    try WebhookOutbox.enqueue(messages, tenant: workspace.uuid, on: connection)
                }
                return missing.count
            } catch EventStoreError.versionConflict where attempt < 3 {
                continue  // someone appended meanwhile (a former leader's last write): look again
            }
        }
        return 0
    }

    /// The webhook messages of the notices about to be recorded, with the workspace's and ICPs' names.
    func webhookMessages(
        for missing: [NewEvent], planned: [(NewEvent, ReviewNoticed)], workspace: WorkspaceID
    ) async throws -> [WebhookMessage] {
        let (workspaceName, icpNames) = try await pool.withConnection { connection in
            let name = try connection.query("SELECT name FROM workspaces WHERE tenant_id = \(workspace.uuid)").first?.column(0, as: String.self)
            let names = try connection.query("SELECT icp_id, name FROM icp_list WHERE tenant_id = \(workspace.uuid)").map {
                try $0.decode((UUID, String).self)
            }
            return (name ?? "", Dictionary(names.map { (ICPID($0.0), $0.1) }, uniquingKeysWith: { first, _ in first }))
        }
        let context = WebhookMessage.Context(workspace: workspace, workspaceName: workspaceName, icpNames: icpNames)
        let wanted = Set(missing.map(\.id))
        return planned.compactMap { event, notice in
            guard wanted.contains(event.id) else { return nil }
            return WebhookMessage(.reviewNoticed(notice), id: event.id, occurredAt: event.occurredAt, context: context)
        }
    }

    /// The ICPs of a workspace as the scheduler needs them, from the read models; the ICP's stream
    /// is read only for an owed after-the-fact review (the read model counts them, without dates).
    func scheduledICPs(_ workspace: WorkspaceID) async throws -> [ScheduledICP] {
        try await pool.withConnection { connection in
            let rows = try connection.query(
                """
                SELECT icp_id, status, cadence_months, review_clock_started_at, published_revision IS NOT NULL,
                       overdue_after_the_fact, orphaned_since
                FROM icp_list WHERE tenant_id = \(workspace.uuid) ORDER BY icp_id
                """
            ).map { try $0.decode((UUID, String, Int, Date?, Bool, Int, Date?).self) }
            return try rows.map { id, status, months, clockStart, published, owed, orphaned in
                let icp = ICPID(id)
                var owedReviews: [(revision: Int, openedAt: Date)] = []
                if owed > 0 {
                    var state: ICPState? = nil
                    let stream = StreamID(tenant: workspace.uuid, name: StreamName.icp(icp).description)
                    for event in try EventStore.readStream(stream, before: Int64.max, on: connection) {
                        state = ICPDecider.evolve(
                            state, try EventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payload: event.payload))
                    }
                    owedReviews = state?.overdueAfterTheFactReviews.map { ($0.revision, $0.openedAt.date) } ?? []
                }
                return ScheduledICP(
                    icpId: icp, cadence: ReviewCadence(months: months), reviewClockStartedAt: published ? clockStart : nil,
                    isRetired: status == "retired", owedAfterTheFactReviews: owedReviews, orphanedSince: orphaned)
            }
        }
    }

    /// A notice's event id: a version-8 UUID from the SHA-256 of its type and payload, so the same
    /// notice always has the same id.
    static func eventID(type: String, payload: Data) -> UUID {
        var bytes = Array(SHA256.hash(data: Array("icpledger.schedule\u{0}\(type)\u{0}".utf8) + Array(payload)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// Runs every third of the lease's length until the service group shuts down, then gives the
    /// lease up. Failures are logged and the next round tries again.
    public func run() async throws {
        let pause = Duration.milliseconds(max(200, leaseSeconds * 1000 / 3))
        let led = LeadEpoch()
        await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            while !Task.isCancelled {
                let started = clock.now
                do {
                    let outcome = try await runOnce()
                    if outcome.epoch != led.value {
                        logger.info(
                            outcome.led ? "this instance leads the scheduler" : "another instance leads the scheduler",
                            metadata: ["holder": "\(holder)", "epoch": "\(outcome.epoch ?? outcome.heldBy?.epoch ?? 0)"])
                        led.value = outcome.epoch
                    }
                    if outcome.recorded > 0 { logger.info("recorded review notices", metadata: ["count": "\(outcome.recorded)"]) }
                } catch is CancellationError {
                    break
                } catch {
                    logger.warning("the scheduler's round failed; it tries again", metadata: ["error": "\(error)"])
                }
                // Rounds start a third of a lease apart however long one took, so the lease is renewed in time.
                try? await Task.sleep(until: started.advanced(by: pause), clock: clock)
            }
        }
        // Give the lease up, so another instance takes over at once rather than after it expires.
        if let epoch = led.value {
            let lease = SchedulerLease(holder: holder, epoch: epoch, expiresAt: Date())
            try? await pool.withConnection { try lease.release(on: $0) }
        }
    }
}

/// The epoch this instance last led under (nil while it does not lead).
final class LeadEpoch: @unchecked Sendable {
    private let lock = NSLock()
    private var epoch: Int64?
    var value: Int64? {
        get { lock.withLock { epoch } }
        set { lock.withLock { epoch = newValue } }
    }
}

/// A workspace whose data the scheduler cannot use (reported, never fatal to other workspaces).
struct ScheduleDataError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
