import Foundation
import Testing

/// `icpledger token` and `account`: an operator makes the first token of an installation.
@Suite("icpledger token and account")
struct CLITokenTests {
    @Test("token create prints the token alone on its last line; list shows it without the secret; revoke stops it")
    func createListRevoke() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])

        let made = try await cli.ok(["token", "create", "--principal", "bob", "--workspace", "acme", "--role", "viewer", "--expires", "30"])
        let secret = made.lastLine
        #expect(secret.hasPrefix("icpl_") && secret.count == 48, "\(made)")
        #expect(!made.stdout.dropLast(secret.count + 1).contains(secret))

        let listed = try await cli.ok(["token", "list", "--json"])
        #expect(!listed.stdout.contains(secret))
        let tokens = try #require(try cli.json(listed) as? [[String: Any]])
        #expect(tokens.count == 1 && tokens[0]["maxRole"] as? String == "viewer" && tokens[0]["expiresAt"] != nil)
        let id = try #require(tokens[0]["id"] as? String)

        // Without --workspace the name is an account, which bob's first token created.
        let everywhere = try await cli.ok(["token", "create", "--principal", "bob", "--json"])
        #expect((try cli.json(everywhere) as? [String: Any])?["secret"] as? String != secret)

        try await cli.ok(["token", "revoke", id])
        let after = try await cli.ok(["token", "list", "--json"])
        let revoked = try #require(try cli.json(after) as? [[String: Any]]).first { $0["id"] as? String == id }
        #expect(revoked?["revokedAt"] != nil)
    }

    @Test("clear refusals: an unknown person or account, a bad role or expiry, a malformed id; nothing made")
    func refusals() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        for (arguments, fragment) in [
            (["token", "create", "--principal", "nobody", "--workspace", "acme"], "nobody"),
            (["token", "create", "--principal", "nobody"], "no account"),
            (["token", "create", "--principal", "alice", "--workspace", "acme", "--role", "owner"], "role"),
            (["token", "create", "--principal", "alice", "--workspace", "acme", "--expires", "0"], "--expires"),
            (["token", "revoke", "not-an-id"], "not a token id"),
            (["token", "revoke", UUID().uuidString], "no token"),
        ] {
            let result = try await cli.run(arguments)
            #expect(result.status != 0, "\(arguments): \(result)")
            #expect(result.stderr.contains(fragment), "\(arguments): \(result)")
            #expect(!result.stdout.contains("icpl_"))
        }
        let listed = try await cli.ok(["token", "list", "--json"])
        #expect((try cli.json(listed) as? [Any])?.isEmpty == true)
    }
}
