/// How an ICP stands against its review due date.
public enum ReviewStatus: Hashable, Sendable, Codable {
    /// More than the due-soon window away.
    case fresh(daysLeft: Int)
    /// Within the window, or due today (0 days left).
    case dueSoon(daysLeft: Int)
    /// Past the due day.
    case overdue(daysOverdue: Int)

    /// True when overdue.
    public var isOverdue: Bool {
        if case .overdue = self { return true }
        return false
    }
}
