public import ByteText
public import Foundation

/// What an ``Identifier`` names. Conforming types are empty enums, used only as the identifier's
/// type parameter, so that a workspace's id cannot be passed where an ICP's is expected.
public protocol IdentifierKind {}

/// The identifier of one entity of the domain (a workspace, an ICP, a finding): a UUID that is
/// written as lowercase text, in stream names, descriptions and JSON alike.
///
/// `Kind` is a phantom type: it is never stored, every kind has the same representation and the
/// same encoded form, and identifiers of different kinds are different types. Use the aliases
/// ``WorkspaceID``, ``ICPID`` and ``FindingID``.
public struct Identifier<Kind: IdentifierKind>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    @inlinable public init(_ uuid: UUID) { self.uuid = uuid }

    /// A fresh random identifier.
    @inlinable public init() { self.uuid = .random() }

    /// Parses a UUID string (either case); nil when malformed.
    @inlinable public init?(_ string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }

    /// Decodes the UUID from a string, as `UUID` itself decodes (either case).
    public init(from decoder: any Decoder) throws {
        uuid = try decoder.singleValueContainer().decode(UUID.self)
    }

    /// Encodes the lowercase text (`UUID` alone would encode uppercase).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The lowercase textual form used in stream names.
    @inlinable public var description: String { UUIDText.lowercase(uuid) }

    /// Orders by the lowercase text.
    @inlinable public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.description < rhs.description }
}
