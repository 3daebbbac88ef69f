public import Foundation

/// The identifier of a finding, a UUID that encodes as a plain string.
public struct FindingID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) { self.uuid = uuid }

    /// A fresh random identifier.
    public init() { self.uuid = UUID() }

    /// Parses a UUID string (either case); nil when malformed.
    public init?(_ string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }

    public init(from decoder: any Decoder) throws {
        uuid = try decoder.singleValueContainer().decode(UUID.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uuid.uuidString.lowercased())
    }

    /// The lowercase textual form used in stream names.
    public var description: String { uuid.uuidString.lowercased() }

    public static func < (lhs: FindingID, rhs: FindingID) -> Bool { lhs.description < rhs.description }
}
