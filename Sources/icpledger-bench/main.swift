import Foundation
import LedgerConfiguration
import Logging

// `swift run -c release icpledger-bench [NAME...]`: runs the named benchmarks (none: all) against
// DATABASE_URL or the embedded default, in a throwaway database, and prints one line per figure:
// `BENCH <name> <value> <unit>[ baseline=<value> ratio=<value>]`.

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

let configuration: LedgerConfiguration
do {
    configuration = try LedgerConfiguration.load()
} catch {
    FileHandle.standardError.write(Data("icpledger-bench: \(error)\n".utf8))
    exit(1)
}
let rounds = configuration.bench.rounds
let all: [(String, @Sendable (BenchContext) async throws -> [BenchLine])] = [
    ("append_1_writer", { try await AppendBenchmarks.single($0, name: "append_1_writer", writers: 1, commitsPerWriter: 1000, rounds: rounds) }),
    ("append_8_writers", { try await AppendBenchmarks.single($0, name: "append_8_writers", writers: 8, commitsPerWriter: 250, rounds: rounds) }),
    ("append_batch_100", { try await AppendBenchmarks.batch($0, batches: 100, rounds: rounds) }),
    ("read_all", { try await AppendBenchmarks.readAll($0, events: 200_000, rounds: rounds) }),
    ("append_profile", { try await AppendProfileBenchmark.run($0) }),
    ("score_accounts", { _ in [BenchLine(name: "score_accounts", value: ScoreAccountsBenchmark.run(), unit: "accounts/s")] }),
    ("import_snapshot", { try await ImportSnapshotBenchmark.run($0) }),
    ("checkpoint", { try await CheckpointBenchmark.run($0) }),
    ("verify_offline", { try await VerifyOfflineBenchmark.run($0) }),
    ("report_board", { try await ReportBoardBenchmark.run($0) }),
    ("rebuild", { try await RebuildBenchmark.run($0) }),
    ("read_current", { try await ReadCurrentBenchmark.run($0) }),
    ("http_current", { try await HTTPCurrentBenchmark.run($0) }),
    ("web_pages", { try await WebPagesBenchmark.run($0) }),
]

let requested = Array(CommandLine.arguments.dropFirst())
let unknown = requested.filter { name in !all.contains { $0.0 == name } }
guard unknown.isEmpty else {
    FileHandle.standardError.write(
        Data("icpledger-bench: unknown benchmark \(unknown.joined(separator: ", ")); known: \(all.map(\.0).joined(separator: ", "))\n".utf8))
    exit(64)
}
let selected = requested.isEmpty ? all : all.filter { requested.contains($0.0) }

do {
    for (name, benchmark) in selected {
        // Each benchmark gets a fresh throwaway database, so earlier ones cannot slow it down.
        let context = try await BenchContext.make(configuration, logger: Logger(label: "icpledger-bench"))
        // Torn down (awaited, so not in a `defer`) before anything is reported, also when the benchmark fails.
        var failure: String? = nil
        do {
            let durable = try context.synchronousCommit()
            if durable != "on" {
                FileHandle.standardError.write(Data("icpledger-bench: warning: synchronous_commit is \(durable), figures are not durable\n".utf8))
            }
            do {
                for line in try await benchmark(context) { print(line.text) }
            } catch {
                failure = "\(name) failed: \(error)"
            }
        } catch {
            failure = "\(error)"
        }
        await context.tearDown()
        if let failure {
            FileHandle.standardError.write(Data("icpledger-bench: \(failure)\n".utf8))
            exit(1)
        }
    }
} catch {
    FileHandle.standardError.write(Data("icpledger-bench: \(error)\n".utf8))
    exit(1)
}
