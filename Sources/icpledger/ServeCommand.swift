import ArgumentParser
import HTTPServer
import Hummingbird
import ICPLedger
import Logging
import Foundation
import Postgres
import Projections
import SampleData

/// `icpledger serve`: migrate, then serve HTTP until SIGINT/SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the service. Without DATABASE_URL it starts (and on exit stops) its own PostgreSQL.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Flag(help: "Load the sample workspace 'demo' on first start (left alone when it exists).")
    var demo = false

    @Option(help: "GET /ready fails when the read models are more than this many seconds behind the newest event.")
    var maxLag: Double = 60

    /// The readiness report: the database answers, the runner runs, the read models are not too far behind.
    static func readiness(runner: ReadModelRunner, maxLagSeconds: Double) async -> ReadinessReport {
        let loop = runner.subscription.health.state
        let runnerState: String
        switch loop.state {
        case .running: runnerState = "running"
        case .stopped: runnerState = "stopped"
        case .retrying(let reason): runnerState = "retrying since \(ISO8601DateFormatter().string(from: loop.since)): \(reason)"
        }
        do {
            let status = try await runner.status()
            let halted = status.haltedTenants.map {
                ReadinessReport.HaltedWorkspace(workspace: $0.tenant, stream: $0.stream, version: $0.streamVersion, type: $0.eventType,
                                                position: $0.cursor.description, reason: $0.reason)
            }
            let retryingLong = if case .retrying = loop.state { Date().timeIntervalSince(loop.since) > 30 } else { false }
            let ready = loop.state != .stopped && !retryingLong && status.secondsBehind <= maxLagSeconds && status.haltReason == nil
            return ReadinessReport(ready: ready, database: "ok", runner: runnerState, eventsBehind: status.eventsBehind,
                                   secondsBehind: status.secondsBehind, haltedWorkspaces: halted)
        } catch {
            return ReadinessReport(ready: false, database: "unreachable: \(error)", runner: runnerState, eventsBehind: 0,
                                   secondsBehind: 0, haltedWorkspaces: [])
        }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = Logger(label: "icpledger")
            let db = try database.openMigrated(logger: logger)
            defer { db.shutdown() }
            if let embedded = db.embedded {
                // Once serve has gone, even killed without cleaning up, stops the cluster if no other
                // process uses it and it was started for one-off use (not by `icpledger db start`).
                try embedded.stopWhenProcessExits()
            }
            let appPool = PostgresPool(settings: db.app, maxConnections: 8, logger: logger)
            // The read-model runner follows the feed live (LISTEN on its own system connection, plus polling).
            let systemPool = PostgresPool(settings: db.system, maxConnections: 2, logger: logger)
            let runner = ReadModelRunner(systemPool: systemPool, listenerSettings: db.system, logger: logger)
            let ledger = Ledger(appPool: appPool, systemPool: systemPool, runner: runner)
            let projecting = Task {
                do {
                    try await runner.run()
                } catch is CancellationError {
                } catch {
                    logger.error("the read-model runner stopped: \(error)")
                }
            }
            let lagBound = maxLag
            if demo {
                switch try await DemoWorkspace.load(into: ledger) {
                case .loaded(let id, let events): logger.info("loaded the demo workspace \(id) (\(events) events)")
                case .alreadyPresent: logger.info("the demo workspace is already there")
                }
            }
            let app = buildApplication(configuration: ServerConfiguration(host: host, port: port), appPool: appPool, logger: logger) {
                await Self.readiness(runner: runner, maxLagSeconds: lagBound)
            }
            try await app.runService()
            projecting.cancel()
            _ = await projecting.result
            await systemPool.close()
            await appPool.close()
            logger.info("icpledger stopped")
        }
    }
}
