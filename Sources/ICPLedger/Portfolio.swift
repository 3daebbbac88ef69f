public import Foundation
public import ICPDomain

/// Where an ICP stands against what it owes, most urgent first.
public enum PortfolioStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// An emergency publication waits for its after-the-fact review.
    case owedReview
    /// Its owner lost access; nobody is accountable for it.
    case orphaned
    /// Past its review due day.
    case overdue
    /// Due within 14 days.
    case dueSoon
    /// Reviewed and not due soon.
    case fresh
    /// Never published, so no review is due yet.
    case notPublished

    /// The words a table shows.
    public var label: String {
        switch self {
        case .owedReview: "review owed"
        case .orphaned: "no owner"
        case .overdue: "overdue"
        case .dueSoon: "due soon"
        case .fresh: "fresh"
        case .notPublished: "not published"
        }
    }
}

/// One ICP in a person's portfolio: the fractional CMO's Monday list across their workspaces.
public struct PortfolioEntry: Sendable, Hashable, Codable {
    public var workspace: WorkspaceID
    public var workspaceName: String
    public var icp: ICPID
    public var name: String
    public var owner: PrincipalID
    /// The owner's name, when the caller may see it.
    public var ownerName: String?
    /// The most urgent thing about it.
    public var status: PortfolioStatus
    /// The next periodic review's due day (nil before the first publish).
    public var dueOn: CalendarDay?
    /// Days until it (negative: days overdue).
    public var daysLeft: Int?
    /// After-the-fact reviews still owed.
    public var owedReviews: Int
    /// Since when it has had no owner with access.
    public var orphanedSince: Date?
}

/// One workspace of an account's portfolio, as read for it (``Ledger/portfolioWorkspaces(of:limitedTo:)``).
public struct PortfolioWorkspace: Sendable {
    public var summary: WorkspaceSummary
    public var icps: [ICPSummary]
    /// The account's principal in the workspace.
    public var principal: PrincipalID
    /// That principal's role (not capped by any token).
    public var role: WorkspaceRole
    /// The workspace's people by principal.
    public var names: [PrincipalID: String]
}

extension PortfolioEntry {
    /// The portfolio of the workspaces read for it, most urgent first.
    public static func portfolio(_ workspaces: [PortfolioWorkspace]) -> [PortfolioEntry] {
        portfolio(
            workspaces.map { ($0.summary, $0.icps) },
            names: Dictionary(workspaces.map { ($0.summary.id, $0.names) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The portfolio of the given workspaces, most urgent first: owed reviews, ICPs without owner, then
    /// overdue (longest first), due soon (soonest first), fresh, and never published. Retired ICPs
    /// owe nothing and are left out.
    public static func portfolio(
        _ workspaces: [(WorkspaceSummary, [ICPSummary])], names: [WorkspaceID: [PrincipalID: String]] = [:]
    )
        -> [PortfolioEntry]
    {
        var entries: [PortfolioEntry] = []
        for (workspace, icps) in workspaces {
            for icp in icps where icp.status != .retired {
                let status: PortfolioStatus =
                    if icp.overdueAfterTheFactReviews > 0 {
                        .owedReview
                    } else if icp.orphanedSince != nil {
                        .orphaned
                    } else {
                        switch icp.cadenceStatus {
                        case .overdue: .overdue
                        case .dueSoon: .dueSoon
                        case .fresh: .fresh
                        case .notPublished, .retired: .notPublished
                        }
                    }
                entries.append(
                    PortfolioEntry(
                        workspace: workspace.id, workspaceName: workspace.name, icp: icp.id, name: icp.name, owner: icp.owner,
                        ownerName: names[workspace.id]?[icp.owner], status: status, dueOn: icp.nextReviewDue, daysLeft: icp.daysUntilDue,
                        owedReviews: icp.overdueAfterTheFactReviews, orphanedSince: icp.orphanedSince))
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: PortfolioStatus.allCases.enumerated().map { ($1, $0) })
        return entries.sorted { a, b in
            if a.status != b.status { return rank[a.status]! < rank[b.status]! }
            if a.daysLeft != b.daysLeft { return (a.daysLeft ?? .max) < (b.daysLeft ?? .max) }
            if a.workspaceName != b.workspaceName { return a.workspaceName < b.workspaceName }
            return a.name < b.name
        }
    }
}
