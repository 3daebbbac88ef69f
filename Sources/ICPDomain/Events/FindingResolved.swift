/// Event `FindingResolved` (schema v1): a finding was closed, by a revision or by a recorded decision.
public struct FindingResolved: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.findingResolved

    /// The finding.
    public var findingId: FindingID
    /// How it was resolved.
    public var resolution: FindingResolution
    /// Who resolved it.
    public var resolvedBy: PrincipalID
    /// When.
    public var resolvedAt: Timestamp

    /// Creates the payload.
    public init(findingId: FindingID, resolution: FindingResolution, resolvedBy: PrincipalID, resolvedAt: Timestamp) {
        self.findingId = findingId
        self.resolution = resolution
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
    }
}
