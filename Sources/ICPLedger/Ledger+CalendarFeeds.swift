public import Foundation
public import ICPDomain
import Postgres

/// A review calendar feed: its URL carries a secret, because calendar apps cannot send headers.
public struct CalendarFeed: Sendable, Hashable, Codable {
    public var id: UUID
    /// Limited to this workspace; nil: every workspace the account works in.
    public var workspace: WorkspaceID?
    public var createdAt: Date
    public var revokedAt: Date?
}

extension Ledger {
    /// The prefix of a feed secret (a token's is `icpl_`), so one is never mistaken for the other.
    public static let feedPrefix = "icpc_"

    /// Makes a feed for `account` (optionally limited to `workspace`); the secret is returned once
    /// and only its SHA-256 is kept.
    public func createCalendarFeed(for account: AccountID, workspace: WorkspaceID?) async throws -> (feed: CalendarFeed, secret: String) {
        let secret = Self.newSecret(prefix: Self.feedPrefix)
        let feed = CalendarFeed(id: UUID(), workspace: workspace, createdAt: now(), revokedAt: nil)
        guard let hash = Self.secretHash(secret, prefix: Self.feedPrefix) else { preconditionFailure("a secret made here is well formed") }
        try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(account, on: connection)
                try connection.query(
                    """
                    INSERT INTO calendar_feeds (feed_id, account_id, secret_hash, workspace_id, created_at)
                    VALUES (\(feed.id), \(account.uuid), \(PostgresBytes(hash)), \(workspace?.uuid), \(feed.createdAt))
                    """)
            }
        }
        return (feed, secret)
    }

    /// The account's feeds, newest first (revoked ones too, marked).
    public func calendarFeeds(of account: AccountID) async throws -> [CalendarFeed] {
        try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(account, on: connection)
                return try connection.query(
                    "SELECT feed_id, workspace_id, created_at, revoked_at FROM calendar_feeds ORDER BY created_at DESC, feed_id"
                ).map { row in
                    let (id, workspace, created, revoked) = try row.decode((UUID, UUID?, Date, Date?).self)
                    return CalendarFeed(id: id, workspace: workspace.map(WorkspaceID.init), createdAt: created, revokedAt: revoked)
                }
            }
        }
    }

    /// Revokes one of the account's feeds at once; false when it has no such feed.
    public func revokeCalendarFeed(_ id: UUID, of account: AccountID) async throws -> Bool {
        let at = now()
        return try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(account, on: connection)
                return try connection.query(
                    "UPDATE calendar_feeds SET revoked_at = coalesce(revoked_at, \(at)) WHERE feed_id = \(id)"
                ).affectedRows == 1
            }
        }
    }

    /// The account and workspace limit of the live feed `secret` names; nil for anything else.
    public func calendarFeed(secret: String) async throws -> (account: AccountID, workspace: WorkspaceID?)? {
        guard let hash = Self.secretHash(secret, prefix: Self.feedPrefix) else { return nil }
        return try await appPool.withConnection { connection in
            try connection.query("SELECT account_id, workspace_id FROM calendar_feed(\(PostgresBytes(hash)))").first.map { row in
                let (account, workspace) = try row.decode((UUID, UUID?).self)
                return (AccountID(account), workspace.map(WorkspaceID.init))
            }
        }
    }

    /// The portfolio of an account: every workspace it works in (limited to `workspace` when given)
    /// where it still holds a role, most urgent first, with owners' names.
    public func portfolio(
        of account: AccountID, limitedTo workspace: WorkspaceID? = nil, maxRole: WorkspaceRole? = nil
    ) async throws
        -> [PortfolioEntry]
    {
        PortfolioEntry.portfolio(try await portfolioWorkspaces(of: account, limitedTo: workspace))
    }

    /// What a portfolio is made from, read once per workspace: every workspace the account works in
    /// (limited to `workspace` when given) where it still holds a role, with its ICPs, the account's
    /// principal and role there, and the names of its people. A page that also needs the role or the
    /// ICPs reads them from here instead of asking again.
    public func portfolioWorkspaces(of account: AccountID, limitedTo workspace: WorkspaceID? = nil) async throws -> [PortfolioWorkspace] {
        var found: [PortfolioWorkspace] = []
        for membership in try await memberships(of: account) where workspace == nil || membership.workspace == workspace {
            guard let access = try await access(of: account, in: membership.workspace), let role = access.role,
                let summary = try await workspaceSummary(membership.workspace)
            else { continue }
            found.append(
                PortfolioWorkspace(
                    summary: summary, icps: try await listICPs(in: summary.id), principal: access.principal, role: role,
                    names: Dictionary(try await principals(in: summary.id).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })))
        }
        return found
    }
}
