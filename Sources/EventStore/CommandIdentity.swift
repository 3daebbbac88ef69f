public import ByteText
import Crypto
public import Foundation

/// The identity of one command across all its attempts.
///
/// The ids of the events a command appends derive from the command's id and each event's index,
/// so they are fixed before the first attempt: a retry after an unknown commit outcome (the
/// connection lost after COMMIT was sent) sends the same ids, and the store, idempotent by event
/// id, answers with what it stored the first time instead of storing it twice.
public struct CommandIdentity: Sendable, Hashable {
    /// The command's id; an HTTP `Idempotency-Key` can name it.
    public let id: UUID

    /// A fresh identity, or a given one.
    public init(_ id: UUID = .random()) {
        self.id = id
    }

    /// The id of the command's `index`-th event: the first 16 bytes of SHA-256 over the command id
    /// and the index, marked as a version 8 (custom) RFC 9562 UUID.
    public func eventID(_ index: Int) -> UUID {
        var input = withUnsafeBytes(of: id.uuid) { Array($0) }
        withUnsafeBytes(of: UInt64(index).bigEndian) { input.append(contentsOf: $0) }
        return Self.digestUUID(input)
    }

    /// The first 16 bytes of SHA-256 over `input`, marked as a version 8 (custom) RFC 9562 UUID.
    static func digestUUID(_ input: [UInt8]) -> UUID {
        var bytes = Array(SHA256.hash(data: input).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}

extension CommandIdentity {
    /// The identity a name gives within a namespace (an account and its `Idempotency-Key`): the
    /// same pair always names the same command, so a request retried after its process died
    /// appends events with the ids the first attempt may already have stored.
    public static func named(_ name: String, in namespace: UUID) -> CommandIdentity {
        var input = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        input.append(contentsOf: Array(name.utf8))
        return CommandIdentity(digestUUID(input))
    }
}
