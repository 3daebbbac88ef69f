import ByteText
public import Foundation

/// A stream: an ordered, versioned sequence of events of one tenant.
public struct StreamID: Hashable, Sendable, CustomStringConvertible {
    /// The tenant (workspace) that owns the stream; every key starts with it.
    public var tenant: UUID
    /// The stream's name within the tenant, e.g. `order-42`.
    public var name: String

    public init(tenant: UUID, name: String) {
        self.tenant = tenant
        self.name = name
    }

    public var description: String { "\(UUIDText.lowercase(tenant))/\(name)" }
}
