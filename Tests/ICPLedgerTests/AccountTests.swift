import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import Testing

/// Accounts and tokens against a real database, as the request-path and system roles.
@Suite("Accounts and API tokens", .serialized)
struct AccountTests {
    @Test("a token is stored only as a hash, names its account and limits, and records its last use")
    func tokenRoundTrip() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let account = try await f.ledger.account(for: t.editor, in: t.workspace)
        #expect(account.name == "lena.ortiz")
        #expect(try await f.ledger.account(for: t.editor, in: t.workspace).id == account.id, "the link is found again, not made twice")
        let issued = try await f.ledger.createToken(for: account.id, workspace: t.workspace, maxRole: .viewer, expiresInDays: 30, label: "CI")
        #expect(issued.secret.hasPrefix("icpl_") && issued.secret.count == 48)
        let secret = issued.secret
        let stored = try await f.db.withConnection(f.db.superuser) { connection in
            try connection.query("SELECT encode(secret_hash, 'hex'), last_used_at IS NULL FROM api_tokens").map { try $0.decode((String, Bool).self) }
        }
        #expect(stored.count == 1 && stored[0].1)
        #expect(!stored[0].0.contains(secret) && stored[0].0.count == 64)

        let caller = try #require(try await f.ledger.authenticate(secret))
        #expect(caller.account == account.id && caller.workspace == t.workspace && caller.maxRole == .viewer)
        #expect(caller.effectiveRole(.admin) == .viewer && caller.effectiveRole(nil) == nil)
        let used = try await f.ledger.tokens(of: account.id)
        #expect(used.count == 1 && used[0].lastUsedAt != nil && used[0].label == "CI")

        #expect(try await f.ledger.authenticate(String(secret.dropLast()) + (secret.hasSuffix("A") ? "B" : "A")) == nil)
        #expect(try await f.ledger.authenticate("") == nil)
        #expect(try await f.ledger.authenticate(String(repeating: "x", count: 1_000_000)) == nil)
        try await f.ledger.revokeToken(issued.token.id, of: nil)
        #expect(try await f.ledger.authenticate(secret) == nil)
    }

    @Test("the request path reads no identity table directly and sees only its own account's tokens")
    func requestPathPrivileges() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let editor = try await f.ledger.account(for: t.editor, in: t.workspace)
        let admin = try await f.ledger.account(for: t.admin, in: t.workspace)
        _ = try await f.ledger.createToken(for: editor.id, workspace: nil, maxRole: nil, expiresInDays: nil)
        let adminToken = try await f.ledger.createToken(for: admin.id, workspace: nil, maxRole: nil, expiresInDays: nil)
        for table in ["accounts", "account_principals"] {
            await #expect(throws: PostgresError.self, "\(table)") {
                try await f.db.withConnection(f.db.app) { try $0.query("SELECT * FROM \(identifier: table)") }
            }
        }
        let unscoped = try await f.db.withConnection(f.db.app) {
            try $0.query("SELECT count(*)::int FROM api_tokens").single().column(0, as: Int.self)
        }
        #expect(unscoped == 0, "no account set: no token visible")
        #expect(try await f.ledger.tokens(of: editor.id).map(\.account) == [editor.id])
        // Revoking another account's token through the request path finds nothing.
        await #expect(throws: AccountError.tokenNotFound(adminToken.token.id.description)) {
            try await f.ledger.revokeToken(adminToken.token.id, of: editor.id)
        }
        #expect(try await f.ledger.authenticate(adminToken.secret) != nil)
        // Nor can it write another account's token, nor change anything but revocation.
        await #expect(throws: PostgresError.self) {
            try await f.db.withConnection(f.db.app) { connection in
                try connection.transaction { connection in
                    try connection.query("SELECT set_config('app.account', \(editor.id.description), true)")
                    try connection.query("UPDATE api_tokens SET max_role = 'admin'")
                }
            }
        }
    }

    @Test("an account is one person across workspaces; a principal belongs to one account; names of different people stay apart")
    func linking() async throws {
        let f = try await Fixture.make()
        let a = try await f.team()
        let b = try await f.team()
        let account = try await f.ledger.account(for: a.admin, in: a.workspace)
        try await f.ledger.link(account.id, to: b.approver, in: b.workspace)
        let memberships = try await f.ledger.memberships(of: account.id)
        #expect(Set(memberships.map(\.workspace)) == [a.workspace, b.workspace])
        #expect(try await f.ledger.access(of: account.id, in: b.workspace)?.role == .approver)
        await #expect(throws: AccountError.self) { try await f.ledger.link(account.id, to: b.editor, in: b.workspace) }
        // b's admin has the same name as a's admin, but a's admin already works in b: a new account.
        let other = try await f.ledger.account(for: b.admin, in: b.workspace)
        #expect(other.id != account.id && other.name == "maria.chen (2)")
        await #expect(throws: AccountError.self) { try await f.ledger.account(named: "nobody") }
        #expect(try await f.ledger.account(named: "MARIA.CHEN") == account.id)
    }

    @Test("a token's expiry and label are checked before anything is stored")
    func tokenLimits() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let account = try await f.ledger.account(for: t.editor, in: t.workspace)
        for days in [0, -1, 3651, Int.max] {
            await #expect(throws: AccountError.invalidExpiry(days)) {
                _ = try await f.ledger.createToken(for: account.id, workspace: nil, maxRole: nil, expiresInDays: days)
            }
        }
        await #expect(throws: AccountError.self) {
            _ = try await f.ledger.createToken(for: account.id, workspace: nil, maxRole: nil, expiresInDays: nil, label: "bad\u{1B}[31m")
        }
        await #expect(throws: AccountError.self) {
            _ = try await f.ledger.createToken(
                for: account.id, workspace: nil, maxRole: nil, expiresInDays: nil, label: String(repeating: "l", count: 201))
        }
        #expect(try await f.ledger.tokens(of: nil).isEmpty)
    }
}
