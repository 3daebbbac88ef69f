import Crypto
public import Foundation

/// A checkpoint of a log: the size and the RFC 9162 root of its first `size` entries, written in
/// the C2SP `tlog-checkpoint` text format (an origin line naming the log, the size in decimal, the
/// root in base64, then optional extension lines) and signed as a C2SP signed note with Ed25519.
/// Anyone holding the verifier key can check it offline; the signing key never enters the database.
public struct Checkpoint: Hashable, Sendable {
    /// Names the log (for a workspace's events: `icpledger/<workspace id>`).
    public var origin: String
    public var size: Int
    public var root: MerkleHash
    /// When it was made (UTC, whole seconds), written as the extension line `time …`.
    public var time: Date

    public init(origin: String, size: Int, root: MerkleHash, time: Date) {
        self.origin = origin
        self.size = size
        self.root = root
        self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
    }

    /// The body that is signed.
    public var text: String {
        "\(origin)\n\(size)\n\(Data(root.bytes).base64EncodedString())\ntime \(time.formatted(Self.timeFormat))\n"
    }

    /// RFC 3339 in UTC, whole seconds (a value type: safe on any thread).
    static let timeFormat = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)

    /// Reads a checkpoint's body; nil when it is not one.
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.count == 5, !lines[0].isEmpty, lines[0].allSatisfy({ !$0.isNewline }),
            let size = Int(lines[1]), size >= 0, String(size) == lines[1],
            let rootBytes = Data(base64Encoded: String(lines[2])), let root = MerkleHash(rootBytes),
            lines[3].hasPrefix("time "), let time = try? Self.timeFormat.parse(String(lines[3].dropFirst(5)))
        else { return nil }
        self.init(origin: String(lines[0]), size: size, root: root, time: time)
    }
}

/// Why a signed checkpoint is not accepted.
public enum CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unknownKey(String)
    case badSignature

    public var description: String {
        switch self {
        case .malformed(let why): "not a signed checkpoint: \(why)"
        case .unknownKey(let name): "not signed by the pinned key (signatures found: \(name))"
        case .badSignature: "the signature does not match the checkpoint: it was changed after signing, or signed by another key"
        }
    }
}

/// An Ed25519 key for signing checkpoints, named, as C2SP signed notes name keys. Its text form
/// (`PRIVATE+KEY+<name>+<key id>+<base64>`, the Go `note` package's) goes in a key file outside the
/// database; ``verifier`` is the public half, which a verifier pins.
public struct CheckpointSigner: Sendable {
    public let name: String
    /// The key's 32-byte seed (the key types are not `Sendable`).
    let seed: [UInt8]
    var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    /// A new random key.
    public init(name: String) throws(CheckpointError) {
        guard CheckpointVerifier.isValidName(name) else { throw .malformed("a key name is printable text without spaces or '+'") }
        self.name = name
        seed = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// Reads a key file's text.
    public init(text: String) throws(CheckpointError) {
        // The base64 may itself hold '+'; names never do.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", CheckpointVerifier.isValidName(String(parts[2])),
            let raw = Data(base64Encoded: String(parts[4])), raw.count == 33, raw.first == 0x01,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw.dropFirst())
        else { throw .malformed("not a signing key (PRIVATE+KEY+name+id+key)") }
        name = String(parts[2])
        seed = Array(key.rawRepresentation)
        guard String(parts[3]) == verifier.keyID else { throw .malformed("the key id does not match the key") }
    }

    /// The key file's text (secret).
    public var text: String { "PRIVATE+KEY+\(name)+\(verifier.keyID)+\(Data([0x01] + key.rawRepresentation).base64EncodedString())" }

    public var verifier: CheckpointVerifier { CheckpointVerifier(name: name, publicKey: key.publicKey) }

    /// The checkpoint as a signed note: its body, a blank line, and one signature line.
    public func sign(_ checkpoint: Checkpoint) throws -> String { try sign(note: checkpoint.text) }

    /// Any text (ending in a line feed) as a signed note.
    public func sign(note body: String) throws -> String {
        let signature = try key.signature(for: Data(body.utf8))
        return body + "\n— \(name) " + Data(verifier.keyHash + signature).base64EncodedString() + "\n"
    }
}

/// The public half of a ``CheckpointSigner``: `<name>+<key id>+<base64>`.
public struct CheckpointVerifier: Hashable, Sendable {
    public let name: String
    /// The 32-byte public key (the key types are not `Sendable`).
    let rawKey: [UInt8]
    var publicKey: Curve25519.Signing.PublicKey { try! Curve25519.Signing.PublicKey(rawRepresentation: rawKey) }

    init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.rawKey = Array(publicKey.rawRepresentation)
    }

    /// Reads a verifier key's text.
    public init(text: String) throws(CheckpointError) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, Self.isValidName(String(parts[0])), let raw = Data(base64Encoded: String(parts[2])), raw.count == 33,
            raw.first == 0x01, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw.dropFirst())
        else { throw .malformed("not a verifier key (name+id+key)") }
        self.init(name: String(parts[0]), publicKey: key)
        guard String(parts[1]) == keyID else { throw .malformed("the key id does not match the key") }
    }

    public var text: String { "\(name)+\(keyID)+\(Data([0x01] + publicKey.rawRepresentation).base64EncodedString())" }

    /// The first four bytes of SHA-256(name, a line feed, the algorithm byte 0x01, the key).
    var keyHash: [UInt8] { Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + Array(publicKey.rawRepresentation)).prefix(4)) }

    /// The key hash in hex, as key texts carry it.
    public var keyID: String { keyHash.map { String(format: "%02x", $0) }.joined() }

    /// A key name: printable text without spaces or `+` (nothing that could end a field or steer a
    /// terminal), at most 200 bytes.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.value > 0x20 && scalar != "+" && !scalar.properties.isWhitespace
                    && ![.control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator].contains(
                        scalar.properties.generalCategory)
            }
    }

    /// The checkpoint of a signed note this key signed; other signatures on it are ignored.
    public func open(_ note: String) throws(CheckpointError) -> Checkpoint {
        guard let checkpoint = Checkpoint(text: try openNote(note)) else { throw .malformed("the body is not origin, size, root and time") }
        return checkpoint
    }

    /// The text of a signed note this key signed; other signatures on it are ignored.
    public func openNote(_ note: String) throws(CheckpointError) -> String {
        // A note saved from a terminal or an editor may end in extra line feeds.
        var note = note
        while note.hasSuffix("\n\n") { note.removeLast() }
        guard let split = note.range(of: "\n\n", options: .backwards) else { throw .malformed("no signature block") }
        let body = String(note[..<note.index(after: split.lowerBound)])
        // Every signature line must be well formed before any is trusted.
        var signatures: [(name: Substring, blob: Data)] = []
        for line in note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0] == "—", Self.isValidName(String(fields[1])), let blob = Data(base64Encoded: String(fields[2])),
                blob.count > 4
            else {
                throw .malformed("a signature line is not '— name signature'")
            }
            signatures.append((fields[1], blob))
        }
        guard note.hasSuffix("\n"), !signatures.isEmpty else { throw .malformed("no signature lines") }
        let names = signatures.map { String($0.name) }
        for (signer, blob) in signatures where signer == name && blob.count == 68 && Array(blob.prefix(4)) == keyHash {
            guard publicKey.isValidSignature(blob.dropFirst(4), for: Data(body.utf8)) else { throw .badSignature }
            return body
        }
        throw .unknownKey(names.isEmpty ? "none" : names.joined(separator: ", "))
    }
}
