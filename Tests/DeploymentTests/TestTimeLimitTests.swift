import Foundation
import Testing

/// A time limit counts from the moment the test starts, and most tests start by waiting for a
/// database of their own: the whole suite asks for about 250 at once, and `TestDatabase` copies the
/// template one at a time (overlapping copies would hold back every database's feed). On this
/// two-core machine a test waited up to 133 s for its copy in a full run; CI failed once because two
/// event-loop tests that take two seconds alone ran into a two-minute limit there. A limit is a hang
/// detector, so it must leave room for that wait: ten minutes, still inside `.ci/run`'s 15-minute cap.
@Suite("Test time limits leave room for the wait for a test database")
struct TestTimeLimitTests {
    static let minimumMinutes = 10

    /// Every `.timeLimit(…)` in Tests/, as (file, line, minutes); nil minutes for a form the check cannot read.
    static func timeLimits() throws -> [(file: String, line: Int, minutes: Int?)] {
        let tests = Repository.root.appendingPathComponent("Tests")
        guard let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil) else {
            throw DeploymentCheckError("cannot list \(tests.path)")
        }
        let pattern = try Regex(#"\.timeLimit\(\s*\.(minutes|hours)\(\s*(\d+)\s*\)\s*\)"#)
        var found: [(String, Int, Int?)] = []
        for case let url as URL in files where url.pathExtension == "swift" && url.lastPathComponent != "TestTimeLimitTests.swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(".timeLimit(") {
                let minutes = line.firstMatch(of: pattern).flatMap { match -> Int? in
                    guard let unit = match.output[1].substring, let count = match.output[2].substring.flatMap({ Int($0) }) else { return nil }
                    return unit == "hours" ? count * 60 : count
                }
                found.append((String(url.path.dropFirst(Repository.root.path.count + 1)), index + 1, minutes))
            }
        }
        return found
    }

    @Test("every suite's or test's time limit is at least ten minutes, in a form this check reads")
    func limitsLeaveRoom() throws {
        let limits = try Self.timeLimits()
        #expect(!limits.isEmpty, "no .timeLimit found under Tests/: the check reads the wrong folder")
        for limit in limits {
            guard let minutes = limit.minutes else {
                Issue.record("\(limit.file):\(limit.line): a .timeLimit this check cannot read; write .timeLimit(.minutes(N))")
                continue
            }
            #expect(
                minutes >= Self.minimumMinutes,
                "\(limit.file):\(limit.line): .timeLimit of \(minutes) minutes; the wait for a test database alone can take two")
        }
    }
}
