/// Where a revision stands in the workflow.
public enum RevisionStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Waiting for a second person's approval.
    case proposed
    /// Approved; may be published.
    case approved
    /// Rejected; closed.
    case rejected
    /// Published after approval.
    case published
    /// Published by an admin without approval.
    case emergencyPublished

    /// True while the revision can still be amended, approved, rejected or published.
    public var isOpen: Bool { self == .proposed || self == .approved }
}
