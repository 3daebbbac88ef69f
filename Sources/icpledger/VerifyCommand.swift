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
    @Option(help: "Check an inclusion proof (`icpledger proof`) against --public-key, with no database; repeatable.") var proof: [String] = []
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if !proof.isEmpty && publicKey == nil {
            throw ValidationError("--proof needs --public-key FILE: the key is yours to pin, never taken from the proof")
        }
        if offline != nil && publicKey == nil {
            throw ValidationError("--offline needs --public-key FILE: the key is yours to pin, never taken from the export")
        }
        if offline == nil && proof.isEmpty && publicKey != nil {
            throw ValidationError("--public-key goes with --offline DIR or --proof FILE")
        }
        if offline == nil && !checkpoint.isEmpty {
            throw ValidationError("--checkpoint goes with --offline DIR")
        }
    }

    func run() async throws {
        if let publicKey, !proof.isEmpty {
            try OfflineVerification.proofs(proof, publicKey: publicKey, thenFolder: offline.map { ($0, checkpoint) })
            return
        }
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
