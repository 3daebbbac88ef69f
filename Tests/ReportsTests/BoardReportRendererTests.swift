import Foundation
import ICPDomain
import Reports
import Testing

/// The rendered report: Markdown and HTML against golden files (`ICPLEDGER_TEST_GOLDEN_UPDATE=on`
/// rewrites them), the JSON read back whole, and hostile text kept inert in every format.
@Suite struct BoardReportRendererTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Golden")

    func matchesGolden(_ text: String, _ name: String) throws {
        let url = Self.golden.appending(path: name)
        if ProcessInfo.processInfo.environment["ICPLEDGER_TEST_GOLDEN_UPDATE"] == "on" {
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if text != expected {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false),
                want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                "\(name) differs from its golden file at line \(line + 1): got \(line < got.count ? String(got[line]) : "<end>") — expected \(line < want.count ? String(want[line]) : "<end>")"
            )
        }
    }

    @Test func markdownMatchesItsGoldenFile() throws {
        try matchesGolden(BoardReportRenderer.render(try BoardReportBuilderTests.report(), as: .md), "board-report.md")
    }

    @Test func htmlMatchesItsGoldenFile() throws {
        try matchesGolden(BoardReportRenderer.render(try BoardReportBuilderTests.report(), as: .html), "board-report.html")
    }

    @Test func jsonReadsBackAsTheSameReport() throws {
        let report = try BoardReportBuilderTests.report()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(BoardReport.self, from: Data(BoardReportRenderer.json(report).utf8))
        // ISO 8601 keeps whole seconds; the story's times are whole seconds.
        #expect(back == report)
    }

    @Test func hostileTextStaysInert() throws {
        let report = try BoardReportBuilderTests.report()
        let html = BoardReportRenderer.render(report, as: .html)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("javascript:x\">"))
        let markdown = BoardReportRenderer.render(report, as: .md)
        // Markdown shows a backslash-escaped character as itself: every < and ] a person wrote is escaped.
        #expect(markdown.contains(#"\<script\>"#))
        #expect(!markdown.contains("](javascript"))
        let bytes = Array(markdown.utf8)
        for index in bytes.indices where bytes[index] == UInt8(ascii: "<") { #expect(index > 0 && bytes[index - 1] == UInt8(ascii: "\\")) }
        // Every table row of the Markdown keeps its table's number of cells: no text opened a new one.
        var columns: Int? = nil
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            var cells = 0, escaped = false
            for character in line {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "|" { cells += 1 }
            }
            if let columns { #expect(cells == columns, "\(line)") } else { columns = cells }
        }
        #expect(!markdown.contains("\nsecond line"))
    }

    @Test func severalWorkspacesMakeOnePage() throws {
        let one = try BoardReportBuilderTests.report()
        var other = one
        other.workspace.name = "Acme"
        let html = BoardReportRenderer.render([one, other], as: .html)
        #expect(html.components(separatedBy: "<article").count == 3)
        #expect(html.contains("id=\"r1-icp-1\"") && html.contains("id=\"r2-icp-1\""))
        let json = BoardReportRenderer.render([one, other], as: .json)
        #expect(json.contains("\"icpledger.board-portfolio/1\""))
    }
}
