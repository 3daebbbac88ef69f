import ByteText
public import Foundation

/// An opaque identifier of a person or service acting in a workspace.
///
/// Principals are deliberately opaque: events and state never carry names or e-mail
/// addresses, so erasing a person means erasing a lookup table outside the event log.
public struct PrincipalID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The opaque identifier text.
    public let rawValue: String

    /// Wraps an opaque identifier string.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Wraps a UUID, using its lowercase textual form.
    public init(_ uuid: UUID) { self.rawValue = UUIDText.lowercase(uuid) }

    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: PrincipalID, rhs: PrincipalID) -> Bool { lhs.rawValue < rhs.rawValue }
}
