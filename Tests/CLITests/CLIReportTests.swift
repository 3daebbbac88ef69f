import Foundation
import Testing

/// `icpledger report board`: the quarter's report in each format, its checkpoint checked offline.
@Suite("icpledger report")
struct CLIReportTests {
    @Test("report board writes Markdown, HTML and JSON; the checkpoint it prints verifies an export offline")
    func boardReport() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let folder = try CLI.scratchFolder("report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appending(path: "signing.key").path, pub = folder.appending(path: "signing.pub").path
        let made = try await cli.ok(["key", "create", "--out", key])
        try Data((made.lastLine + "\n").utf8).write(to: URL(fileURLWithPath: pub))
        try await cli.ok(["demo", "--workspace", "northwind"])

        let markdown = try await cli.ok(["report", "board", "--workspace", "northwind", "--quarter", "previous", "--key", key, "--as", "maria.chen"])
        #expect(markdown.stdout.hasPrefix("# ICP board report: northwind, FY"), "\(markdown)")
        #expect(markdown.stdout.contains("Mid\\-market SaaS revenue teams"), "\(markdown)")

        let html = folder.appending(path: "board.html").path
        let wrote = try await cli.ok([
            "report", "board", "--workspace", "northwind", "--quarter", "previous", "--format", "html", "--out", html, "--key", key, "--as",
            "maria.chen",
        ])
        #expect(wrote.stderr.contains("checkpoint of") && wrote.stdout.isEmpty, "\(wrote)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && !page.contains("<script"))

        let json = try await cli.ok([
            "report", "board", "--workspace", "northwind", "--quarter", "previous", "--format", "json", "--key", key, "--as", "dev.patel",
        ])
        let report = try #require(try cli.json(json) as? [String: Any])
        let checkpoint = try #require(report["checkpoint"] as? [String: Any])
        let note = try #require(checkpoint["note"] as? String)
        let kept = folder.appending(path: "report.note").path
        try Data(note.utf8).write(to: URL(fileURLWithPath: kept))

        let export = folder.appending(path: "export").path
        try await cli.ok(["export", "--workspace", "northwind", export, "--as", "maria.chen"])
        let offline: [String: String?] = [
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "ICPLEDGER_APP_DATABASE_URL": nil, "ICPLEDGER_SYSTEM_DATABASE_URL": nil,
        ]
        let passed = try await cli.run(["verify", "--offline", export, "--public-key", pub, "--checkpoint", kept], environment: offline)
        #expect(passed.status == 0 && passed.stdout.contains("matches every checkpoint"), "\(passed)")

        // The revision the report shows is proven in its checkpoint, with no database.
        let proofFile = folder.appending(path: "revision.proof").path
        try await cli.ok([
            "proof", "--workspace", "northwind", "--icp", "Mid-market SaaS revenue teams", "--revision", "5", "--out", proofFile, "--as", "dev.patel",
        ])
        let proven = try await cli.run(["verify", "--proof", proofFile, "--public-key", pub], environment: offline)
        #expect(
            proven.status == 0 && proven.stdout.contains("is in the signed checkpoint") && proven.stdout.contains("RevisionPublished"), "\(proven)")
        var proofText = try String(contentsOfFile: proofFile, encoding: .utf8)
        proofText = proofText.replacingOccurrences(of: #"\"revision\":5"#, with: #"\"revision\":6"#)
        try Data(proofText.utf8).write(to: URL(fileURLWithPath: proofFile))
        let forged = try await cli.run(["verify", "--proof", proofFile, "--public-key", pub], environment: offline)
        #expect(forged.status == 3 && forged.stdout.contains("BROKEN"), "\(forged)")

        let all = try await cli.ok(["report", "board", "--all-workspaces", "--format", "json", "--key", key, "--as", "maria.chen"])
        let portfolio = try #require(try cli.json(all) as? [String: Any])
        #expect((portfolio["reports"] as? [Any])?.count == 1 && portfolio["format"] as? String == "icpledger.board-portfolio/1")
    }

    @Test("a quarter that is none, a missing key and a missing workspace are refused with what to do")
    func refusals() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        try await cli.ok(["workspace", "create", "acme"])
        let noKey = try await cli.run(["report", "board", "--workspace", "acme"])
        #expect(noKey.status != 0 && noKey.stderr.contains("ICPLEDGER_SIGNING_KEY"), "\(noKey)")
        let folder = try CLI.scratchFolder("report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appending(path: "signing.key").path
        try await cli.ok(["key", "create", "--out", key])
        let badQuarter = try await cli.run(["report", "board", "--workspace", "acme", "--quarter", "FY2026-Q7", "--key", key])
        #expect(badQuarter.status != 0 && badQuarter.stderr.contains("is not a quarter"), "\(badQuarter)")
        let both = try await cli.run(["report", "board", "--workspace", "acme", "--all-workspaces", "--key", key])
        #expect(both.status != 0 && both.stderr.contains("--all-workspaces"), "\(both)")
        let format = try await cli.run(["report", "board", "--workspace", "acme", "--format", "pdf", "--key", key])
        #expect(format.status != 0 && format.stderr.contains("json, md or html"), "\(format)")
    }
}
