import ByteText
import Foundation

/// The proof that one event is in a signed checkpoint of its workspace's log: the event's stored
/// canonical bytes and hash, its position, the RFC 9162 inclusion proof (sibling hashes from the
/// leaf up) and the checkpoint's signed note. Written by `icpledger proof` as JSON, checked by
/// `icpledger verify --proof` with no database and a public key the verifier pinned.
public struct InclusionProof: Codable, Hashable, Sendable {
    /// The format's name and version.
    public var format = "icpledger.inclusion-proof/1"
    /// The log it belongs to (`icpledger/<workspace id>`).
    public var origin: String
    /// The event's position in the log's feed order, from 0.
    public var index: Int
    /// The checkpoint's size.
    public var size: Int
    /// The event's stored canonical text, as hashed.
    public var canonical: String
    /// The event's stored hash, hex.
    public var hash: String
    /// The sibling subtrees' roots from the leaf up, hex.
    public var proof: [String]
    /// The checkpoint's C2SP signed note.
    public var checkpoint: String

    public init(origin: String, index: Int, size: Int, canonical: String, hash: [UInt8], proof: [MerkleHash], checkpoint: String) {
        self.origin = origin
        self.index = index
        self.size = size
        self.canonical = canonical
        self.hash = Hex.encode(hash)
        self.proof = proof.map(\.description)
        self.checkpoint = checkpoint
    }

    /// What does not hold, checked against `verifier` (empty: the event is in the signed log).
    public func problems(verifiedBy verifier: CheckpointVerifier) -> [String] {
        var problems: [String] = []
        if format != "icpledger.inclusion-proof/1" { problems.append("the format is \(format), not icpledger.inclusion-proof/1") }
        let signed: Checkpoint
        do {
            signed = try verifier.open(checkpoint)
        } catch {
            return problems + ["the checkpoint is not signed by the pinned key: \(error)"]
        }
        if signed.origin != origin { problems.append("the checkpoint is of \(signed.origin), not \(origin)") }
        if signed.size != size { problems.append("the checkpoint covers \(signed.size) events, the proof says \(size)") }
        guard let stored = Hex.decode(Array(hash.utf8)), stored.count == 32 else { return problems + ["the event's hash is not 64 hex digits"] }
        if CanonicalEvent.hash(canonical) != stored { problems.append("the event's bytes do not hash to its stored hash") }
        var path: [MerkleHash] = []
        for text in proof {
            guard let bytes = Hex.decode(Array(text.utf8)), let node = MerkleHash(bytes) else {
                return problems + ["a proof hash is not 64 hex digits"]
            }
            path.append(node)
        }
        let root = MerkleTree.root(fromInclusionProof: path, index: index, size: signed.size, leaf: MerkleTree.leafHash(stored))
        if root != signed.root { problems.append("the proof does not lead from event \(index) to the checkpoint's root") }
        return problems
    }

    /// What the proven event is, read from its own bytes: `RevisionPublished, stream icp-…
    /// version 7, 2025-11-15T12:00:00Z, payload {…}` (the payload cut at 300 characters).
    public var eventSummary: String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(canonical.utf8)) as? [String: Any] else { return "unreadable event" }
        let type = object["type"] as? String ?? "?", stream = object["stream"] as? String ?? "?"
        let version = (object["version"] as? NSNumber)?.int64Value ?? 0
        let occurred = (object["occurred_at"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1_000_000).formatted(.iso8601) } ?? "?"
        var payload = ""
        if let value = object["payload"], let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
            payload = String(decoding: data, as: UTF8.self)
            if payload.count > 300 { payload = String(payload.prefix(300)) + "…" }
        }
        return "\(type), stream \(stream) version \(version), \(occurred), payload \(payload)"
    }
}
