import Foundation
import PostgresEmbedded
import Subprocess
import Testing

/// pg_ctl starts the server through `/bin/sh -c "… -D \"<folder>\" …"`: a data folder's path must never run as a command.
@Suite("A data folder named like a shell command never runs it")
struct EmbeddedShellSafetyTests {
    /// A folder name that would run `touch $<variable>` in a shell, and whether the launcher should accept it.
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var variable: String
        /// Builds the data folder path under the scratch folder, given the injected text.
        var layout: @Sendable (_ scratch: String, _ injection: String) -> String
        var accepted: Bool
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "$(…) in a parent folder", variable: "ICPLEDGER_TEST_MARK_DOLLAR",
            layout: { "\($0)/x$(\($1))y/data" }, accepted: true),
        Case(
            label: "backquotes in a parent folder", variable: "ICPLEDGER_TEST_MARK_BACKQUOTE",
            layout: { "\($0)/x`\($1)`y/data" }, accepted: true),
        Case(
            label: "single quotes around $(…) in a parent folder", variable: "ICPLEDGER_TEST_MARK_QUOTE",
            layout: { "\($0)/x'$(\($1))'y/data" }, accepted: true),
        Case(
            label: "$(…) in the data folder's own name", variable: "ICPLEDGER_TEST_MARK_NAME",
            layout: { "\($0)/data$(\($1))" }, accepted: false),
    ]

    @Test(
        "the cluster starts (and serve's watchdog stops it), or the folder is refused in one line; the command never runs",
        arguments: cases)
    func injection(_ testCase: Case) async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        // The marker goes in a folder the cluster's user may write to, named through an environment
        // variable because a folder name cannot hold a slash.
        let marks = scratch.path + "/marks"
        #expect(mkdir(marks, 0o777) == 0 && chmod(marks, 0o777) == 0)
        let marker = marks + "/ran"
        setenv(testCase.variable, marker, 1)
        let data = testCase.layout(scratch.path, "touch $\(testCase.variable)")
        let embedded = EmbeddedPostgres(dataDirectory: data, durable: false)
        try await embedded.stoppedAfter {
            do {
                // Dropped at once, like a process that died without ending its use: the cluster runs on, unused.
                _ = try await embedded.start()
                #expect(testCase.accepted, "started on \(data)")
                #expect(try await embedded.status().running)
                try await expectWatchdogStops(embedded)
            } catch let error as EmbeddedPostgresError {
                #expect(!testCase.accepted, "\(error)")
                #expect(!error.description.contains("\n"))
                #expect(error.description.contains("/bin/sh"), "\(error)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "the folder name ran as a command")
    }

    /// Runs `serve`'s watchdog (its script names these paths) for a short-lived process; expects it to stop the cluster.
    func expectWatchdogStops(_ embedded: EmbeddedPostgres) async throws {
        // `serve` is a process that sleeps for a second; `run` returns once it has ended.
        _ = try await Subprocess.run(.path("/bin/sleep"), arguments: ["1"], input: .none, output: .discarded, error: .discarded) { serve in
            try await embedded.stopWhenProcessExits(serve.processIdentifier.value)
        }
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, try await embedded.status().running {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await !embedded.status().running, "the watchdog did not stop the cluster")
    }

    @Test("a path with a newline is refused in one line")
    func newline() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let embedded = EmbeddedPostgres(dataDirectory: scratch.path + "/two\nlines/data", durable: false)
        try await embedded.stoppedAfter {
            do {
                _ = try await embedded.start()
                Issue.record("started on a path with a newline")
            } catch let error as EmbeddedPostgresError {
                #expect(!error.description.contains("\n"), "\(error)")
                #expect(error.description.contains("control character"), "\(error)")
            }
        }
    }
}
