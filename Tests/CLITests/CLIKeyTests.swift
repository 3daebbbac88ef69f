import Foundation
import Testing

/// `icpledger key`: the checkpoint signing key lives in a file only its owner can read.
@Suite("icpledger key")
struct CLIKeyTests {
    @Test("key create writes an owner-only key file and prints its public key; show prints the same; nothing overwrites a key")
    func createAndShow() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let folder = try CLI.scratchFolder("key")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "signing.key").path

        let made = try await cli.ok(["key", "create", "--out", path, "--name", "acme-ledger"])
        let publicKey = made.lastLine
        #expect(publicKey.hasPrefix("acme-ledger+") && publicKey.split(separator: "+", maxSplits: 2).count == 3, "\(made)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let secret = try String(contentsOfFile: path, encoding: .utf8)
        #expect(secret.hasPrefix("PRIVATE+KEY+acme-ledger+") && !made.stdout.contains(secret.trimmingCharacters(in: .newlines)))

        let shown = try await cli.ok(["key", "show", "--key", path, "--json"])
        let json = try #require(try cli.json(shown) as? [String: Any])
        #expect(json["verifierKey"] as? String == publicKey && json["name"] as? String == "acme-ledger")
        #expect((json["keyId"] as? String)?.count == 8)

        let again = try await cli.run(["key", "create", "--out", path])
        #expect(again.status != 0 && again.stderr.contains("exists already"), "\(again)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == secret, "the key is untouched")
    }

    @Test("a key file others may read, a file that is no key, and a bad name are refused with what to do")
    func refusals() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let folder = try CLI.scratchFolder("key")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "signing.key").path
        try await cli.ok(["key", "create", "--out", path])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let open = try await cli.run(["key", "show", "--key", path])
        #expect(open.status != 0 && open.stderr.contains("chmod 600"), "\(open)")

        let junk = folder.appending(path: "junk.key").path
        FileManager.default.createFile(atPath: junk, contents: Data("hello\n".utf8), attributes: [.posixPermissions: 0o600])
        let notKey = try await cli.run(["key", "show", "--key", junk])
        #expect(notKey.status != 0 && notKey.stderr.contains("holds no signing key"), "\(notKey)")

        let badName = try await cli.run(["key", "create", "--out", folder.appending(path: "other.key").path, "--name", "two words"])
        #expect(badName.status != 0 && !FileManager.default.fileExists(atPath: folder.appending(path: "other.key").path), "\(badName)")
    }

    @Test("checkpoint create signs the workspace's log with the key file and prints the note; list shows it")
    func checkpoint() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let folder = try CLI.scratchFolder("key")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "signing.key").path
        try await cli.ok(["key", "create", "--out", path, "--name", "acme-ledger"])
        try await cli.ok(["workspace", "create", "acme"])

        let made = try await cli.ok(["checkpoint", "create", "--workspace", "acme", "--key", path])
        let lines = made.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("icpledger/") == true && lines.last { !$0.isEmpty }?.hasPrefix("— acme-ledger ") == true, "\(made)")
        let listed = try await cli.ok(["checkpoint", "list", "--workspace", "acme", "--json"])
        let checkpoints = try #require(try cli.json(listed) as? [[String: Any]])
        #expect(checkpoints.count == 1 && (checkpoints[0]["size"] as? Int ?? 0) >= 1)

        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let refused = try await cli.run(["checkpoint", "create", "--workspace", "acme", "--key", path])
        #expect(refused.status != 0 && refused.stderr.contains("chmod 600"), "\(refused)")
    }

    @Test("export writes the log, its checkpoints and keys; verify --offline passes it with the pinned key, and fails an edited one")
    func exportAndVerifyOffline() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let folder = try CLI.scratchFolder("export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appending(path: "signing.key").path, pub = folder.appending(path: "signing.pub").path
        let made = try await cli.ok(["key", "create", "--out", key])
        try Data((made.lastLine + "\n").utf8).write(to: URL(fileURLWithPath: pub))
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "editor", "--workspace", "acme"])
        let note = try await cli.ok(["checkpoint", "create", "--workspace", "acme", "--key", key])
        let kept = folder.appending(path: "kept.note").path
        try Data(note.stdout.utf8).write(to: URL(fileURLWithPath: kept))
        try await cli.ok(["principal", "grant", "carol", "--role", "viewer", "--workspace", "acme"])

        let export = folder.appending(path: "export").path
        let wrote = try await cli.ok(["export", "--workspace", "acme", export])
        #expect(wrote.stdout.contains("events of workspace acme"), "\(wrote)")
        let again = try await cli.run(["export", "--workspace", "acme", export])
        #expect(again.status != 0 && again.stderr.contains("exists already"), "\(again)")

        // No database is needed: the harness's database settings are taken away.
        let offline: [String: String?] = [
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "ICPLEDGER_APP_DATABASE_URL": nil, "ICPLEDGER_SYSTEM_DATABASE_URL": nil,
        ]
        let passed = try await cli.run(["verify", "--offline", export, "--public-key", pub, "--checkpoint", kept], environment: offline)
        #expect(passed.status == 0 && passed.stdout.contains("matches every checkpoint"), "\(passed)")
        let unpinned = try await cli.run(["verify", "--offline", export])
        #expect(unpinned.status != 0 && unpinned.stderr.contains("--public-key"), "\(unpinned)")

        // One byte of an exported event changed: named, exit 3.
        let events = URL(fileURLWithPath: export).appending(path: "events.jsonl")
        var text = try String(contentsOf: events, encoding: .utf8)
        let range = try #require(text.range(of: "\\\"bob\\\"") ?? text.range(of: "editor"))
        text.replaceSubrange(range, with: text[range].replacingOccurrences(of: "o", with: "0"))
        try Data(text.utf8).write(to: events)
        let failed = try await cli.run(["verify", "--offline", export, "--public-key", pub], environment: offline)
        #expect(failed.status == 3 && failed.stdout.contains("BROKEN"), "\(failed)")
    }
}
