import ArgumentParser
import EventStore
import Foundation

/// `icpledger verify`: checks every stream's hash chain against the stored bytes.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every stream's hash chain; report each edited, missing or reordered event.",
        discussion: "Exits 0 when every chain holds and 3 when any break was found.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let report = try await CommandFailure.reporting {
            try await database.withServices(label: "icpledger.verify") { services in
                try await ChainVerifier(pool: services.systemPool).verify()
            }
        }
        for chainBreak in report.breaks { Terminal.say("BROKEN \(chainBreak)") }
        Terminal.say(
            "checked \(report.eventsChecked) events in \(report.streamsChecked) streams: "
                + (report.isIntact ? "every chain verifies" : "\(report.breaks.count) breaks"))
        if !report.isIntact { throw ExitCode(3) }
    }
}
