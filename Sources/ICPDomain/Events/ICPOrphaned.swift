/// Event `ICPOrphaned` (schema v1): the ICP's owner lost their role in the workspace; the ICP has no
/// accountable person until it is reassigned.
public struct ICPOrphaned: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.icpOrphaned

    /// The ICP.
    public var icpId: ICPID
    /// The owner who lost access.
    public var owner: PrincipalID
    /// When.
    public var orphanedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, owner: PrincipalID, orphanedAt: Timestamp) {
        self.icpId = icpId
        self.owner = owner
        self.orphanedAt = orphanedAt
    }
}

/// Event `ICPOwnerReassigned` (schema v1): another person became the ICP's accountable owner.
public struct ICPOwnerReassigned: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.icpOwnerReassigned

    /// The ICP.
    public var icpId: ICPID
    /// The owner before.
    public var previousOwner: PrincipalID
    /// The new owner.
    public var owner: PrincipalID
    /// Who reassigned it.
    public var reassignedBy: PrincipalID
    /// When.
    public var reassignedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, previousOwner: PrincipalID, owner: PrincipalID, reassignedBy: PrincipalID, reassignedAt: Timestamp) {
        self.icpId = icpId
        self.previousOwner = previousOwner
        self.owner = owner
        self.reassignedBy = reassignedBy
        self.reassignedAt = reassignedAt
    }
}
