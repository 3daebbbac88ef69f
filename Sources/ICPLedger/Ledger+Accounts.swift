import ByteText
import Crypto
public import Foundation
public import ICPDomain
import Postgres
import Projections

/// The kind of an account's identifier.
public enum AccountKind: IdentifierKind {}
/// A person who signs in: one account, linked to one principal in each workspace they work in.
public typealias AccountID = Identifier<AccountKind>
/// The kind of an API token's identifier.
public enum TokenKind: IdentifierKind {}
/// An API token's public identifier (the secret is never stored).
public typealias TokenID = Identifier<TokenKind>

/// An API token as stored: everything but its secret.
public struct APIToken: Sendable, Hashable, Codable {
    public var id: TokenID
    public var account: AccountID
    /// The one workspace the token may be used in; nil for every workspace the account works in.
    public var workspace: WorkspaceID?
    /// The most the token may do, below the account's own role; nil for the account's role.
    public var maxRole: WorkspaceRole?
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?
}

/// A token just made: the only moment its secret exists outside the client.
public struct IssuedToken: Sendable {
    public var token: APIToken
    /// The bearer secret, `icpl_` and 43 characters of base64url.
    public var secret: String
}

/// Who a live token says is calling.
public struct Caller: Sendable, Hashable {
    public var token: TokenID
    public var account: AccountID
    public var accountName: String
    public var workspace: WorkspaceID?
    public var maxRole: WorkspaceRole?

    /// True when the token may be used in `workspace`.
    public func mayUse(_ workspace: WorkspaceID) -> Bool { self.workspace == nil || self.workspace == workspace }

    /// The role the caller acts with: the account's role in the workspace, capped by the token.
    public func effectiveRole(_ accountRole: WorkspaceRole?) -> WorkspaceRole? {
        guard let accountRole else { return nil }
        guard let maxRole else { return accountRole }
        return min(accountRole, maxRole)
    }
}

/// Errors of accounts and tokens.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case accountNotFound(String)
    case alreadyLinked(principal: String, account: String)
    case tokenNotFound(String)
    case invalidExpiry(Int)
    case invalidLabel(String)

    public var description: String {
        switch self {
        case .accountNotFound(let name):
            "there is no account '\(TextEscaping.visible(name))': make a token limited to a workspace first (--workspace), which creates it"
        case .alreadyLinked(let principal, let account):
            "person '\(TextEscaping.visible(principal))' already belongs to account '\(TextEscaping.visible(account))' in this workspace"
        case .tokenNotFound(let id): "there is no token \(id)"
        case .invalidExpiry(let days): "a token expires after 1 to 3650 days, not \(days)"
        case .invalidLabel(let problem): "the token's label \(problem)"
        }
    }
}

extension Ledger {
    /// The longest a token may live, in days (ten years).
    public static let maxTokenDays = 3650
    /// The prefix of every secret, so a leaked one is recognisable (secret scanners, logs).
    public static let tokenPrefix = "icpl_"

    /// The account a workspace's principal belongs to, creating it (named after the principal) and
    /// the link when the principal has none yet. Operators only (system role).
    public func account(for principal: PrincipalID, in workspace: WorkspaceID) async throws -> (id: AccountID, name: String) {
        try await systemPool.withConnection { connection in
            try connection.transaction { connection in
                if let linked = try connection.query(
                    """
                    SELECT a.account_id::text, a.name FROM account_principals m JOIN accounts a USING (account_id)
                    WHERE m.workspace_id = \(workspace.uuid) AND m.principal_id = \(principal.rawValue)
                    """
                ).first {
                    let (id, name) = try linked.decode((String, String).self)
                    return (try Self.accountID(id), name)
                }
                guard
                    let name = try connection.query(
                        "SELECT name FROM principals WHERE tenant_id = \(workspace.uuid) AND principal_id = \(principal.rawValue)"
                    ).first?.column(0, as: String.self)
                else { throw LedgerError.principalNotFound(principal.rawValue) }
                // Reuse an account of that name when it does not work in this workspace yet.
                let existing = try connection.query(
                    """
                    SELECT a.account_id::text FROM accounts a WHERE lower(a.name) = lower(\(name))
                      AND NOT EXISTS (SELECT FROM account_principals m WHERE m.account_id = a.account_id AND m.workspace_id = \(workspace.uuid))
                    """
                ).first.map { try $0.column(0, as: String.self) }
                let account: AccountID
                if let existing {
                    account = try Self.accountID(existing)
                } else {
                    account = AccountID()
                    // A name taken by an account that already works here belongs to someone else: suffix it.
                    var candidate = name
                    var suffix = 2
                    while try connection.query("SELECT 1 FROM accounts WHERE lower(name) = lower(\(candidate))").first != nil {
                        candidate = "\(name) (\(suffix))"
                        suffix += 1
                    }
                    try connection.query("INSERT INTO accounts (account_id, name) VALUES (\(account.uuid), \(candidate))")
                }
                try connection.query(
                    """
                    INSERT INTO account_principals (account_id, workspace_id, principal_id)
                    VALUES (\(account.uuid), \(workspace.uuid), \(principal.rawValue))
                    """)
                let accountName = try connection.query("SELECT name FROM accounts WHERE account_id = \(account.uuid)").single()
                    .column(0, as: String.self)
                return (account, accountName)
            }
        }
    }

    /// The account with this name (compared ignoring case).
    public func account(named name: String) async throws -> AccountID {
        let found: String? = try await systemPool.withConnection { connection in
            try connection.query("SELECT account_id::text FROM accounts WHERE lower(name) = lower(\(name))").first?.column(0, as: String.self)
        }
        guard let found else { throw AccountError.accountNotFound(name) }
        return try Self.accountID(found)
    }

    /// Links an account to its principal in another workspace. Operators only (system role).
    public func link(_ account: AccountID, to principal: PrincipalID, in workspace: WorkspaceID) async throws {
        try await systemPool.withConnection { connection in
            do {
                try connection.query(
                    """
                    INSERT INTO account_principals (account_id, workspace_id, principal_id)
                    VALUES (\(account.uuid), \(workspace.uuid), \(principal.rawValue))
                    """)
            } catch let error as PostgresError where error.isUniqueViolation {
                let other =
                    try connection.query(
                        """
                        SELECT a.name FROM account_principals m JOIN accounts a USING (account_id)
                        WHERE m.workspace_id = \(workspace.uuid) AND (m.principal_id = \(principal.rawValue) OR m.account_id = \(account.uuid))
                        """
                    ).first?.column(0, as: String.self) ?? "?"
                throw AccountError.alreadyLinked(principal: principal.rawValue, account: other)
            }
        }
    }

    /// Makes a token for an account; its secret is returned once and only its hash is kept.
    /// Operators use it through the system role; an account making its own tokens goes through
    /// ``createOwnToken(for:workspace:maxRole:expiresInDays:label:)``.
    public func createToken(
        for account: AccountID, workspace: WorkspaceID?, maxRole: WorkspaceRole?, expiresInDays: Int?, label: String = ""
    ) async throws -> IssuedToken {
        let (token, secret) = try newToken(account: account, workspace: workspace, maxRole: maxRole, expiresInDays: expiresInDays, label: label)
        try await systemPool.withConnection { connection in try Self.insert(token, secret: secret, on: connection) }
        return IssuedToken(token: token, secret: secret)
    }

    /// The longest a web session lives: a signed-in page asks for the token again after it.
    public static let maxSessionLifetime: TimeInterval = 12 * 3600

    /// Starts a web session for a caller who signed in with a token: a new token of the same account,
    /// limited exactly as the one signed in with (workspace, role), labelled `web session`, expiring after
    /// `lifetime` (at most ``maxSessionLifetime``) and never after the token signed in with, whose expiry
    /// is read in the same transaction. Signing out revokes it like any token, on every instance.
    public func createSession(for caller: Caller, lifetime: TimeInterval = maxSessionLifetime) async throws -> IssuedToken {
        try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(caller.account, on: connection)
                let expiry = try connection.query("SELECT expires_at FROM api_tokens WHERE token_id = \(caller.token.uuid)").first
                    .flatMap { try $0.column(0, as: Date?.self) }
                var seconds = min(max(lifetime, 60), Self.maxSessionLifetime)
                if let expiry { seconds = min(seconds, expiry.timeIntervalSince(self.now())) }
                guard seconds > 0 else { throw AccountError.invalidExpiry(0) }
                let (token, secret) = try self.newToken(
                    account: caller.account, workspace: caller.workspace, maxRole: caller.maxRole, expiresInDays: nil, label: "web session",
                    lifetime: seconds)
                try Self.insert(token, secret: secret, on: connection)
                return IssuedToken(token: token, secret: secret)
            }
        }
    }

    /// Makes a token for the calling account itself, never beyond the caller's own token: limited
    /// to the caller's workspace and role when the caller's token is.
    public func createOwnToken(
        for caller: Caller, workspace: WorkspaceID?, maxRole: WorkspaceRole?, expiresInDays: Int?, label: String = ""
    ) async throws -> IssuedToken {
        let scope = caller.workspace ?? workspace
        let cap: WorkspaceRole? =
            switch (caller.maxRole, maxRole) {
            case (nil, let wanted): wanted
            case (let limit?, nil): limit
            case (let limit?, let wanted?): min(limit, wanted)
            }
        let (token, secret) = try newToken(account: caller.account, workspace: scope, maxRole: cap, expiresInDays: expiresInDays, label: label)
        try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(caller.account, on: connection)
                try Self.insert(token, secret: secret, on: connection)
            }
        }
        return IssuedToken(token: token, secret: secret)
    }

    /// The tokens of an account, newest first; every account's for operators (nil).
    public func tokens(of account: AccountID?) async throws -> [APIToken] {
        let select: PostgresQuery = """
            SELECT token_id::text, account_id::text, workspace_id::text, max_role, label,
                   created_at, expires_at, revoked_at, last_used_at
            FROM api_tokens
            """
        if let account {
            return try await appPool.withConnection { connection in
                try connection.transaction { connection in
                    try Self.setAccount(account, on: connection)
                    return try connection.query("\(select) ORDER BY created_at DESC, token_id").map(Self.token)
                }
            }
        }
        return try await systemPool.withConnection { connection in
            try connection.query("\(select) ORDER BY created_at DESC, token_id").map(Self.token)
        }
    }

    /// Revokes a token at once. With an account, only that account's own token (the request path);
    /// without, any token (operators). Revoking a revoked token changes nothing.
    public func revokeToken(_ id: TokenID, of account: AccountID?) async throws {
        let update: PostgresQuery = "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, \(now())) WHERE token_id = \(id.uuid)"
        let changed: Int
        if let account {
            changed = try await appPool.withConnection { connection in
                try connection.transaction { connection in
                    try Self.setAccount(account, on: connection)
                    return try connection.query(update).affectedRows
                }
            }
        } else {
            changed = try await systemPool.withConnection { connection in try connection.query(update).affectedRows }
        }
        guard changed == 1 else { throw AccountError.tokenNotFound(id.description) }
    }

    /// The caller a bearer secret names, or nil when it names no live token (unknown, revoked,
    /// expired, or not shaped like a token at all).
    public func authenticate(_ secret: String) async throws -> Caller? {
        guard let hash = Self.secretHash(secret) else { return nil }
        let at = now()
        let row = try await appPool.withConnection { connection in
            try connection.query(
                """
                SELECT token_id::text, account_id::text, account_name, workspace_id::text, max_role FROM authenticate_token(\(PostgresBytes(hash)), \(at))
                """
            ).first.map { try $0.decode((String, String, String, String?, String?).self) }
        }
        guard let (token, account, name, workspace, role) = row else { return nil }
        return Caller(
            token: try Self.tokenID(token), account: try Self.accountID(account), accountName: name,
            workspace: try workspace.map(Self.workspaceID), maxRole: role.flatMap(WorkspaceRole.init(rawValue:)))
    }

    /// The workspaces an account works in, with its principal in each.
    public func memberships(of account: AccountID) async throws -> [(workspace: WorkspaceID, principal: PrincipalID)] {
        try await appPool.withConnection { connection in
            try connection.query("SELECT workspace_id::text, principal_id FROM account_memberships(\(account.uuid)) ORDER BY 1").map { row in
                let (workspace, principal) = try row.decode((String, String).self)
                return (try Self.workspaceID(workspace), PrincipalID(principal))
            }
        }
    }

    /// The principal an account acts as in one workspace, nil when it does not work there.
    public func principal(of account: AccountID, in workspace: WorkspaceID) async throws -> PrincipalID? {
        try await memberships(of: account).first { $0.workspace == workspace }?.principal
    }

    /// What an account may do in one workspace, in one round trip: its principal there and that
    /// principal's role (nil when it holds none any more); nil when the account does not work there.
    public func access(of account: AccountID, in workspace: WorkspaceID) async throws -> (principal: PrincipalID, role: WorkspaceRole?)? {
        let rows = try await readOne(
            workspace,
            """
            SELECT m.principal_id, w.role FROM account_memberships(\(account.uuid)) m
            LEFT JOIN workspace_members w ON w.tenant_id = m.workspace_id AND w.principal_id = m.principal_id
            WHERE m.workspace_id = \(workspace.uuid)
            """)
        guard let row = rows.first else { return nil }
        let (principal, role) = try row.decode((String, String?).self)
        return (PrincipalID(principal), role.flatMap(WorkspaceRole.init(rawValue:)))
    }

    /// One workspace's settings, read as that workspace (row-level security).
    public func workspaceSummary(_ workspace: WorkspaceID) async throws -> WorkspaceSummary? {
        try await readOne(workspace, "SELECT \(WorkspaceRow.table.selectList()) FROM workspaces").first.map {
            WorkspaceSummary(try WorkspaceRow.table.decode($0))
        }
    }

    // MARK: Helpers

    /// The SHA-256 of a well-formed secret (a token's unless another `prefix` is given); nil for
    /// anything else (no database round trip for junk).
    public static func secretHash(_ secret: String, prefix: String = tokenPrefix) -> [UInt8]? {
        guard secret.hasPrefix(prefix), secret.utf8.count == prefix.utf8.count + 43,
            secret.utf8.dropFirst(prefix.utf8.count).allSatisfy(Self.isBase64URL)
        else { return nil }
        return Array(SHA256.hash(data: Array(secret.utf8)))
    }

    /// A new secret: `prefix` and 32 random bytes in base64url (43 characters).
    static func newSecret(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + base64URL((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    private func newToken(
        account: AccountID, workspace: WorkspaceID?, maxRole: WorkspaceRole?, expiresInDays: Int?, label: String,
        lifetime: TimeInterval? = nil
    ) throws -> (APIToken, String) {
        if let days = expiresInDays, !(1...Self.maxTokenDays).contains(days) { throw AccountError.invalidExpiry(days) }
        if label.utf8.count > 200 { throw AccountError.invalidLabel("is longer than 200 bytes") }
        if !TextRule.name.problems(label, at: "label").isEmpty, !label.isEmpty {
            throw AccountError.invalidLabel("holds control or bidirectional-override characters")
        }
        let secret = Self.newSecret(prefix: Self.tokenPrefix)
        // Whole microseconds, as the database keeps them, so the expiry is exactly the lifetime after it.
        let created = Date(timeIntervalSince1970: (now().timeIntervalSince1970 * 1_000_000).rounded(.down) / 1_000_000)
        let token = APIToken(
            id: TokenID(), account: account, workspace: workspace, maxRole: maxRole, label: label,
            createdAt: created,
            expiresAt: lifetime.map { created.addingTimeInterval($0) } ?? expiresInDays.map { created.addingTimeInterval(Double($0) * 86_400) },
            revokedAt: nil, lastUsedAt: nil)
        return (token, secret)
    }

    private static func insert(_ token: APIToken, secret: String, on connection: PostgresConnection) throws {
        guard let hash = secretHash(secret) else { preconditionFailure("a secret made here is well formed") }
        try connection.query(
            """
            INSERT INTO api_tokens (token_id, account_id, secret_hash, workspace_id, max_role, label, created_at, expires_at)
            VALUES (\(token.id.uuid), \(token.account.uuid), \(PostgresBytes(hash)), \(token.workspace?.uuid), \(token.maxRole?.rawValue),
                    \(token.label), \(token.createdAt), \(token.expiresAt))
            """)
    }

    static func setAccount(_ account: AccountID, on connection: PostgresConnection) throws {
        try connection.query("SELECT set_config('app.account', \(UUIDText.lowercase(account.uuid)), true)")
    }

    private static func token(_ row: PostgresRow) throws -> APIToken {
        let (id, account, workspace, role, label, created, expires, revoked, used) = try row.decode(
            (String, String, String?, String?, String, Date, Date?, Date?, Date?).self)
        return APIToken(
            id: try tokenID(id), account: try accountID(account), workspace: try workspace.map(workspaceID),
            maxRole: role.flatMap(WorkspaceRole.init(rawValue:)), label: label, createdAt: created, expiresAt: expires,
            revokedAt: revoked, lastUsedAt: used)
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func uuid(_ text: String) throws -> UUID {
        guard let uuid = UUID(uuidString: text) else { throw LedgerError.inconsistentHistory("an identifier '\(text)' that is not a UUID") }
        return uuid
    }
    static func accountID(_ text: String) throws -> AccountID { AccountID(try uuid(text)) }
    static func tokenID(_ text: String) throws -> TokenID { TokenID(try uuid(text)) }
    static func workspaceID(_ text: String) throws -> WorkspaceID { WorkspaceID(try uuid(text)) }
}
