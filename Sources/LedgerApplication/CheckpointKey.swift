public import EventStore
public import LedgerConfiguration
public import Logging

/// The key that signs checkpoints, as the configuration names it (``LedgerConfiguration/signingKeyFile``).
public enum CheckpointKey {
    /// The signer; nil when no key is configured and none may be made (an external database
    /// without `ICPLEDGER_SIGNING_KEY`). With the embedded database a missing default key is made,
    /// and the log says where and what its public key is: verifiers pin that.
    public static func load(_ configuration: LedgerConfiguration, logger: Logger?) throws -> CheckpointSigner? {
        try load(configuration) { path, signer in
            logger?.notice(
                "made a checkpoint signing key (keep it; verifiers pin its public key)",
                metadata: ["path": "\(path)", "public_key": "\(signer.verifier.text)"])
        }
    }

    /// ``load(_:logger:)``, telling `made` where a key was made (for a command to say so on its terminal).
    public static func load(_ configuration: LedgerConfiguration, made: (String, CheckpointSigner) -> Void) throws -> CheckpointSigner? {
        guard let file = configuration.signingKeyFile else { return nil }
        guard file.createWhenMissing else { return try SigningKeyFile.read(file.path) }
        let (signer, created) = try SigningKeyFile.readOrCreate(file.path)
        if created { made(file.path, signer) }
        return signer
    }
}
