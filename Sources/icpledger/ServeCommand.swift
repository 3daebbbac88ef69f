import ArgumentParser
import Foundation
import Hummingbird
import ICPLedger
import LedgerApplication
import LedgerConfiguration
import Logging
import NIOCore
import SampleData

/// `icpledger serve`: migrate, then serve HTTP until SIGINT/SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the service. Without DATABASE_URL it starts (and on exit stops) its own PostgreSQL.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Address to listen on (default: ICPLEDGER_SERVER_HOST or 127.0.0.1).", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on (default: ICPLEDGER_SERVER_PORT or 8080).", valueName: "port"))
    var port: Int?

    @Flag(help: "Load the sample workspace 'demo' on first start (left alone when it exists).")
    var demo = false

    @Option(
        help: ArgumentHelp(
            "GET /ready fails when the read models are more than this many seconds behind the newest event (default: ICPLEDGER_SERVER_MAX_LAG or 60).",
            valueName: "seconds"))
    var maxLag: Double?

    /// Why the server could not listen, in the user's terms.
    static func cannotListen(_ server: LedgerConfiguration.ServerSettings, errno code: Int32) -> String {
        let address = "\(server.host):\(server.port)"
        switch code {
        case EADDRINUSE: return "cannot listen on \(address): another program already listens there; choose another port with --port"
        case EACCES: return "cannot listen on \(address): ports below 1024 need privileges; choose a port from 1024 with --port"
        default: return "cannot listen on \(address): this machine has no such address; choose one with --host (127.0.0.1 or 0.0.0.0)"
        }
    }

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535, not \(port)") }
        if let maxLag, !(0...86_400).contains(maxLag) { throw ValidationError("--max-lag must be from 0 to 86400 seconds, not \(maxLag)") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            var options: [Setting: String] = [:]
            if let host { options[.serverHost] = host }
            if let port { options[.serverPort] = String(port) }
            if let maxLag { options[.serverMaxLag] = String(maxLag) }
            let configuration = try database.configuration(options)
            let logger = Logger(label: "icpledger")
            let services = try await LedgerServices.open(configuration, role: .server, logger: logger)
            var app = buildApplication(services, server: configuration.server)
            if demo {
                // Inside the service group, once the pools run and before the server takes requests.
                app.beforeServerStarts {
                    switch try await DemoWorkspace.load(into: services.ledger) {
                    case .loaded(let id, let events): logger.info("loaded the demo workspace \(id) (\(events) events)")
                    case .alreadyPresent: logger.info("the demo workspace is already there")
                    }
                }
            }
            do {
                try await app.runService()
            } catch let error as IOError where [EADDRINUSE, EACCES, EADDRNOTAVAIL].contains(error.errnoCode) {
                throw CLIError(Self.cannotListen(configuration.server, errno: error.errnoCode))
            }
            logger.info("icpledger stopped")
        }
    }
}
