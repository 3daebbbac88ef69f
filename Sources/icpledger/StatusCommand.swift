import ArgumentParser
import ByteText
import EventStore
import Foundation
import ICPLedger
import LedgerApplication
import Logging
import Postgres
import PostgresEmbedded
import Projections
import Scheduler
import SchemaMigrations
import Webhooks

/// `icpledger status [--json]`: the database, the schema, and each projection's state and lag.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database, the schema and each projection: how far behind it is, and any workspace it halted for.",
        discussion: """
            Reads only; it does not start a stopped embedded cluster or apply migrations.
            Exit codes: 0 everything is current, 4 a projection is halted for some workspace or migrations are \
            missing, 1 the database cannot be reached.
            """)

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    struct Report: Encodable {
        struct Database: Encodable {
            var kind: String
            var dataDirectory: String?
            var running: Bool
            var port: Int?
        }
        struct Schema: Encodable {
            var applied: Int
            var known: Int
        }
        struct Halt: Encodable {
            var workspace: UUID
            var workspaceName: String?
            var stream: String
            var version: Int64
            var type: String
            var position: String
            var since: Date
            var reason: String
        }
        struct Projection: Encodable {
            var name: String
            var checkpoint: String
            var eventsBehind: Int
            var secondsBehind: Double
            var state: String
            var halted: [Halt]
        }
        var database: Database
        var schema: Schema?
        var projections: [Projection]
        /// The scheduler's lease as it stands: who leads, under which epoch, until when (nil before any ran).
        var scheduler: SchedulerLease.Held?
        /// The webhook outbox: deliveries waiting (and since when) and given up (nil before its migration).
        var webhooks: WebhookOutbox.Summary?
        var healthy: Bool
    }

    func run() async throws {
        let report = try await CommandFailure.reporting { try await gather() }
        if output.json {
            try Output.json(report)
        } else {
            print(report)
        }
        if !report.healthy { throw ExitCode(4) }
    }

    func gather() async throws -> Report {
        let configuration = try database.configuration()
        if case .embedded(let folder) = configuration.database.source {
            let embedded = EmbeddedPostgres(dataDirectory: folder, binaries: configuration.database.postgresBinaries)
            let (running, port) = try await embedded.status()
            guard running else {
                return Report(
                    database: .init(kind: "embedded", dataDirectory: embedded.dataDirectory, running: false, port: port),
                    schema: nil, projections: [], scheduler: nil, webhooks: nil, healthy: false)
            }
        }
        let services = try await LedgerServices.open(configuration, role: .command, migrate: false, logger: Logger(label: "icpledger.status"))
        return try await services.run(gather)
    }

    /// The report of a database that is running and open.
    func gather(_ services: LedgerServices) async throws -> Report {
        let db = services.database, ledger = services.ledger
        let known = try Migration.load(from: db.configuration.resolvedSchemaDirectory())
        let applied = try await Task.detached {
            try Migrator(migrations: known).appliedMigrations(try PostgresConnection(settings: db.owner)).count
        }.value
        let status = try await ledger.runner.status()
        let names = Dictionary(try await ledger.listWorkspaces().map { ($0.id.uuid, $0.name) }, uniquingKeysWith: { a, _ in a })
        let halts = status.haltedTenants.map { halt in
            Report.Halt(
                workspace: halt.tenant, workspaceName: names[halt.tenant], stream: halt.stream, version: halt.streamVersion,
                type: halt.eventType, position: halt.cursor.description, since: halt.haltedAt, reason: halt.reason)
        }
        let state = status.haltReason.map { "halted: \($0)" } ?? (status.eventsBehind == 0 ? "current" : "behind")
        let projection = Report.Projection(
            name: status.name, checkpoint: status.cursor.description, eventsBehind: status.eventsBehind,
            secondsBehind: (status.secondsBehind * 10).rounded() / 10, state: state, halted: halts)
        var kind = "external", folder: String? = nil, port: Int? = nil
        if let cluster = db.cluster {
            (kind, folder, port) = ("embedded", cluster.dataDirectory, cluster.port)
        }
        // Read only when the lease's table exists (a database behind on its migrations may lack it).
        let current = applied == known.count
        let scheduler = current ? try await services.systemPool.withConnection { try SchedulerLease.current(on: $0) } : nil
        let webhooks = current ? try await services.systemPool.withConnection { try WebhookOutbox.summary(on: $0) } : nil
        return Report(
            database: .init(kind: kind, dataDirectory: folder, running: true, port: port),
            schema: .init(applied: applied, known: known.count), projections: [projection], scheduler: scheduler,
            webhooks: webhooks, healthy: applied == known.count && halts.isEmpty && status.haltReason == nil)
    }

    func print(_ report: Report) {
        let db = report.database
        switch (db.kind, db.running) {
        case ("embedded", true):
            Terminal.say("database: embedded PostgreSQL in \(db.dataDirectory ?? "?"), running on port \(db.port.map(String.init) ?? "?")")
        case ("embedded", false): Terminal.say("database: embedded PostgreSQL in \(db.dataDirectory ?? "?") is stopped (icpledger db start)")
        default: Terminal.say("database: external server (DATABASE_URL), reachable")
        }
        if let schema = report.schema {
            Terminal.say(
                "schema: \(schema.applied) of \(schema.known) migrations applied"
                    + (schema.applied < schema.known ? " — run icpledger migrate" : ""))
        }
        if let lease = report.scheduler {
            let until = ISO8601DateFormatter().string(from: lease.expiresAt)
            Terminal.say(
                lease.expiresAt > Date()
                    ? "scheduler: led by \(lease.holder) (epoch \(lease.epoch)), lease until \(until)"
                    : "scheduler: no instance leads now (the last lease, epoch \(lease.epoch), ended \(until))")
        } else if report.schema != nil {
            Terminal.say("scheduler: has not run yet (serve runs it; so does icpledger scheduler run-once)")
        }
        if let outbox = report.webhooks {
            let since = outbox.oldestPending.map { " (the oldest since \(ISO8601DateFormatter().string(from: $0)))" } ?? ""
            Terminal.say(
                "webhooks: \(outbox.pending) \(outbox.pending == 1 ? "delivery" : "deliveries") pending\(since), \(outbox.failed) given up"
                    + (outbox.failed > 0 ? " (icpledger webhook list shows why)" : ""))
        }
        for projection in report.projections {
            let lag =
                projection.eventsBehind == 0 ? "current" : "\(projection.eventsBehind) events behind, oldest waiting \(projection.secondsBehind) s"
            Terminal.say("projection \(projection.name): \(lag) (checkpoint \(projection.checkpoint))")
            if projection.halted.isEmpty { continue }
            Terminal.say("  halted for \(projection.halted.count) workspace(s); the others are projected as usual:")
            for halt in projection.halted {
                Terminal.say(
                    "  - \(halt.workspaceName ?? UUIDText.lowercase(halt.workspace)): event \(halt.version) of \(halt.stream) "
                        + "(\(halt.type), position \(halt.position)) since \(ISO8601DateFormatter().string(from: halt.since))")
                Terminal.say("    \(halt.reason)")
            }
            Terminal.say("  after a fix: icpledger rebuild")
        }
    }
}
