import ArgumentParser
import EventStore
import Foundation
import ICPDomain

/// `icpledger key create|show`: the Ed25519 key that signs checkpoints of the event log. It lives in
/// a file outside the database, shared by every instance; its public half is what a verifier pins.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Make and show the key that signs checkpoints of the event log.",
        subcommands: [Create.self, Show.self])

    /// What `create` and `show` print with --json.
    struct Shown: Encodable {
        var name: String
        var keyId: String
        var verifierKey: String
        var file: String
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new signing key in FILE (owner-only permissions; an existing file is never overwritten).",
            discussion: """
                Keep the file outside the database and give every instance the same one. The public key printed \
                here is what verifiers pin (`icpledger verify --offline … --public-key`).
                """)

        @Option(help: "Where to write the key.") var out: String
        @Option(help: "The key's name, shown in every signature (printable, no spaces or '+').") var name: String = "icpledger"
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let signer = try CheckpointSigner(name: name)
                try SigningKeyFile.create(signer, at: out)
                try KeyCommand.show(signer, file: out, json: output.json, made: true)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key of a signing key file, and its id.")

        @Option(help: "The signing key file.") var key: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CommandFailure.reporting {
                try KeyCommand.show(try SigningKeyFile.read(key), file: key, json: output.json, made: false)
            }
        }
    }

    static func show(_ signer: CheckpointSigner, file: String, json: Bool, made: Bool) throws {
        let verifier = signer.verifier
        if json {
            return try Output.json(Shown(name: signer.name, keyId: verifier.keyID, verifierKey: verifier.text, file: file))
        }
        if made { Terminal.say("Signing key \(verifier.keyID) written to \(TextEscaping.visible(file)) (keep it secret). Its public key:") }
        Terminal.say(verifier.text)
    }
}
