import ByteText
public import Foundation

/// Why an append or read was refused.
public enum EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream moved on since its head was read.
    case versionConflict(stream: StreamID, expected: Int64, actual: Int64)
    /// An event id already stored with different content.
    case eventIDReused(id: UUID)
    /// Some of the batch's event ids are stored and some are not.
    case batchPartlyStored(stored: [UUID], missing: [UUID])
    /// The head handed in belongs to another stream.
    case headOfOtherStream(expected: StreamID, given: StreamID)
    /// Nothing to append.
    case emptyBatch
    /// A payload that is not JSON text.
    case invalidPayload(id: UUID)
    /// A schema version outside 1…2147483647 (the column is a PostgreSQL integer).
    case invalidSchemaVersion(id: UUID, version: Int)
    /// A payload and metadata larger than the store accepts (``EventStore/maxEventBytes``).
    case eventTooLarge(id: UUID, bytes: Int, limit: Int)
    /// One snapshot read covers one tenant's streams only.
    case streamsOfSeveralTenants

    public var description: String {
        switch self {
        case .versionConflict(let stream, let expected, let actual):
            return "stream \(stream.name) is at version \(actual), not \(expected) as expected: re-read it and decide again"
        case .eventIDReused(let id):
            return "event id \(UUIDText.lowercase(id)) is already stored with different content"
        case .batchPartlyStored(let stored, let missing):
            return "\(stored.count) events of the batch are already stored and \(missing.count) are not: a retry must resend the same batch"
        case .headOfOtherStream(let expected, let given):
            return "the stream head given is of \(given), not \(expected)"
        case .emptyBatch:
            return "an append needs at least one event"
        case .invalidPayload(let id):
            return "event \(UUIDText.lowercase(id)) has a payload that is not UTF-8 JSON"
        case .invalidSchemaVersion(let id, let version):
            return "event \(UUIDText.lowercase(id)) has schema version \(version); it must be between 1 and \(Int32.max)"
        case .eventTooLarge(let id, let bytes, let limit):
            return "event \(UUIDText.lowercase(id)) takes \(bytes) bytes; the store accepts at most \(limit)"
        case .streamsOfSeveralTenants:
            return "one snapshot read covers the streams of one tenant only"
        }
    }
}
