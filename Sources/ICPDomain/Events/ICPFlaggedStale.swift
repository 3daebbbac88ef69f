/// Event `ICPFlaggedStale` (schema v1): the scheduler found the ICP past its review due date; recorded once per due date.
public struct ICPFlaggedStale: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.icpFlaggedStale

    /// The ICP.
    public var icpId: ICPID
    /// The missed due date.
    public var dueOn: CalendarDay
    /// When it was flagged.
    public var flaggedAt: Timestamp

    /// Creates the payload.
    public init(icpId: ICPID, dueOn: CalendarDay, flaggedAt: Timestamp) {
        self.icpId = icpId
        self.dueOn = dueOn
        self.flaggedAt = flaggedAt
    }
}
