import ArgumentParser
import EventStore
import Foundation

/// `icpledger verify`: checks every stream's hash chain against the stored bytes.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every stream's hash chain; report each edited, missing or reordered event.",
        discussion: "Exits 0 when every chain holds and 3 when any break was found.")

    @Option(help: "Check an export (`icpledger export`) in this folder instead, with no database.") var offline: String?
    @Option(help: "With --offline: the public key to check checkpoints against (a file holding `name+id+key`).") var publicKey: String?
    @Option(help: "With --offline: a checkpoint kept outside the database (a signed note file); repeatable.") var checkpoint: [String] = []
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if offline != nil && publicKey == nil {
            throw ValidationError("--offline needs --public-key FILE: the key is yours to pin, never taken from the export")
        }
        if offline == nil && (publicKey != nil || !checkpoint.isEmpty) {
            throw ValidationError("--public-key and --checkpoint go with --offline DIR")
        }
    }

    func run() async throws {
        if let offline, let publicKey { return try OfflineVerification.run(folder: offline, publicKey: publicKey, checkpoints: checkpoint) }
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
