import ArgumentParser
import Foundation
import Projections

/// `icpledger rebuild [--projection NAME]`: replay every event into shadow tables and swap them in.
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Recompute every list and history from the events and switch to the new ones at once.",
        discussion: "Readers keep the old tables until the swap commits. Safe while `serve` runs.")

    @Option(help: "The projection to rebuild: \(ReadModelRunner.projectionNames.joined(separator: ", ")).")
    var projection: String = ReadModelRunner.projectionNames[0]

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard ReadModelRunner.projectionNames.contains(projection) else {
            throw ValidationError("unknown projection '\(projection)'; known: \(ReadModelRunner.projectionNames.joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await database.withServices(label: "icpledger.rebuild") { services in
                let onTerminal = isatty(2) == 1
                let db = services.database
                let report = try await ReadModelRebuild(owner: db.owner, system: db.system, logger: services.logger).run { progress in
                    guard onTerminal else { return }
                    let eta = progress.secondsLeft.map { String(format: "ETA %.0fs", $0) } ?? ""
                    let line = String(
                        format: "\r%@: %d/%d events, %.0f events/s %@   ", progress.phase, progress.events,
                        progress.expected, progress.eventsPerSecond, eta)
                    FileHandle.standardError.write(Data(line.utf8))
                }
                if onTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
                Terminal.say(
                    "rebuilt \(projection) from \(report.events) events (\(report.rows) rows) in \(report.duration); checkpoint at \(report.cursor)")
            }
        }
    }
}
