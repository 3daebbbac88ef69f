/// A review reminder that should go out now.
public struct ReviewReminder: Hashable, Sendable, Codable {
    /// Which reminder in the schedule.
    public enum Kind: Hashable, Sendable, Codable {
        /// A week before the due day.
        case advance
        /// On the due day.
        case dueToday
        /// `weeks` weeks after the due day.
        case overdue(weeks: Int)
    }

    /// Which reminder.
    public var kind: Kind
    /// The day the reminder was scheduled for.
    public var scheduledFor: CalendarDay

    /// Creates a reminder.
    public init(kind: Kind, scheduledFor: CalendarDay) {
        self.kind = kind
        self.scheduledFor = scheduledFor
    }
}
