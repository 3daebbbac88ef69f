/// A review owed after an emergency publication. It is overdue from the moment it opens until done.
public struct AfterTheFactReview: Hashable, Sendable {
    /// The emergency-published revision.
    public var revision: Int
    /// The admin who bypassed approval; may not close the review.
    public var publisher: PrincipalID
    /// When the bypass happened.
    public var openedAt: Timestamp
    /// Who closed it, once done.
    public var reviewer: PrincipalID?
    /// When it was closed.
    public var completedAt: Timestamp?

    /// True until an approver has completed it.
    public var isOverdue: Bool { completedAt == nil }
}
