import ByteText
import EventStore
import Foundation
import Postgres
import PostgresEmbedded
import Subprocess

/// pgbench — PostgreSQL's own load generator, C over libpq — sending the store's own INSERT (the
/// same SQL text, from `EventStore.appendQuery`) as a prepared statement, so a figure beside it
/// shows what the Swift client costs on top of the database's own work.
///
/// pgbench sends every value as text and cannot make up a UUID or a string per transaction, so
/// event ids come from `gen_random_uuid()` in the statement and the other values are fixed per
/// run (`-D`): one stored event's canonical text and hashes, a fresh tenant per run, and the stream
/// and version counted per client. Everything else — columns, kinds and sizes of values, the
/// tenant declared by `set_config` in the INSERT, forced row-level security, the RETURNING list,
/// durable commits — is the store's.
struct PgBench {
    let executable: String
    /// The app role's connection, as one libpq keyword string.
    let connection: String

    /// pgbench beside the server's programs, else on the search path; nil when neither has it.
    static func locate(connection settings: PostgresConnectionSettings) async throws -> PgBench? {
        var candidates: [String] = []
        if let binaries = try? await PostgresBinaries.locate() { candidates.append(binaries.directory + "/pgbench") }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/pgbench" }
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        return PgBench(executable: executable, connection: try settings.keywordString())
    }

    /// What one pgbench run measured: transactions per second without connection set-up, and the
    /// CPU seconds its process used.
    struct Run {
        var transactionsPerSecond: Double
        var cpuSeconds: Double
    }

    /// Runs `script` with `clients` connections for `transactions` each.
    func run(script: String, variables: [(String, String)], clients: Int, transactions: Int) async throws -> Run {
        let path = NSTemporaryDirectory() + "icpledger-pgbench-\(getpid())-\(UUID()).sql"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let threads = min(clients, ProcessInfo.processInfo.activeProcessorCount)
        let arguments =
            ["--no-vacuum", "--protocol=prepared", "--client=\(clients)", "--jobs=\(threads)", "--transactions=\(transactions)", "--file=\(path)"]
            + variables.map { "--define=\($0.0)=\($0.1)" } + [connection]
        let before = ClientCPU.children()
        // Both streams are read as pgbench writes them, so one that reports many errors cannot block.
        let outcome = try await Subprocess.run(
            .path(.init(executable)), arguments: .init(arguments), output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        let cpu = ClientCPU.children() - before
        let text = outcome.standardOutput
        guard outcome.terminationStatus.isSuccess else {
            throw BenchFailure("pgbench ended with \(outcome.terminationStatus): \(outcome.standardError.suffix(600))")
        }
        // "tps = 1234.567890 (without initial connection time)"
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") && $0.contains("without initial connection time") }),
            let tps = Double(line.dropFirst("tps = ".count).prefix { $0 != " " })
        else { throw BenchFailure("pgbench printed no throughput: \(text.suffix(600))") }
        return Run(transactionsPerSecond: tps, cpuSeconds: cpu)
    }

    /// One appended event as stored: its canonical text and hashes, the values pgbench sends.
    struct Sample {
        var canonical: String
        var previousHash: [UInt8]
        var hash: [UInt8]
    }

    /// Appends one event to a stream of its own and reads it back as stored.
    static func sample(_ event: NewEvent, store: EventStore, system: PostgresConnectionSettings) async throws -> Sample {
        let stream = StreamID(tenant: UUID(), name: "pgbench-sample")
        try await store.append([event], to: stream, expecting: .empty(for: stream))
        let row = try PostgresConnection(settings: system).query(
            "SELECT canonical, previous_hash, hash FROM events WHERE tenant_id = \(stream.tenant) AND stream_id = \(stream.name)"
        ).single()
        return Sample(
            canonical: try row.column(0, as: String.self), previousHash: try row.column(1, as: PostgresBytes.self).bytes,
            hash: try row.column(2, as: PostgresBytes.self).bytes)
    }

    /// The store's single-event INSERT: each client appends to its own stream (its client number)
    /// of the run's tenant, one event per transaction, versions counting from 1.
    static func singleAppendScript(tenant: UUID, sample: Sample, type: String) throws -> (String, [(String, String)]) {
        let sql = substitute(
            try statement(events: 1),
            [":tenant", ":client_id", ":version", "gen_random_uuid()", ":type", ":schema", ":occurred", ":canonical", ":previous", ":hash"])
        let script = "\\set version :version + 1\n\(sql);\n"
        return (
            script,
            [
                ("tenant", tenant.uuidString.lowercased()), ("version", "0"), ("type", type), ("schema", "1"),
                ("occurred", "2026-12-03 09:00:00.123456+00"), ("canonical", sample.canonical),
                ("previous", "\\x" + Hex.encode(sample.previousHash)), ("hash", "\\x" + Hex.encode(sample.hash)),
            ]
        )
    }

    /// The store's batch INSERT of `size` events: each transaction starts a stream of its own.
    static func batchAppendScript(tenant: UUID, sample: Sample, type: String, size: Int) throws -> (String, [(String, String)]) {
        let sql = substitute(
            try statement(events: 2),
            [
                ":tenant", ":stream", ":versions", "ARRAY(SELECT gen_random_uuid() FROM generate_series(1, \(size)))", ":types", ":schemas",
                ":occurred", ":canonicals", ":previous", ":hashes",
            ])
        let script = "\\set batch :batch + 1\n\\set stream :client_id * 1000000000 + :batch\n\(sql);\n"
        func array(_ element: String) -> String {
            "{" + Array(repeating: element, count: size).joined(separator: ",") + "}"
        }
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return (
            script,
            [
                ("tenant", tenant.uuidString.lowercased()), ("batch", "0"),
                ("versions", "{" + (1...size).map(String.init).joined(separator: ",") + "}"),
                ("types", array(type)), ("schemas", array("1")), ("occurred", array(quoted("2026-12-03 09:00:00.123456+00"))),
                ("canonicals", array(quoted(sample.canonical))), ("previous", array(quoted("\\x" + Hex.encode(sample.previousHash)))),
                ("hashes", array(quoted("\\x" + Hex.encode(sample.hash)))),
            ]
        )
    }

    /// The text of the store's INSERT for one event, or (two or more) for a batch.
    static func statement(events count: Int) throws -> String {
        let stream = StreamID(tenant: UUID(), name: "statement")
        let events = (0..<count).map { _ in NewEvent(type: "Statement.Shown", payload: Data("{}".utf8), occurredAt: Date()) }
        return try EventStore.appendQuery(events, to: stream, expecting: .empty(for: stream)).sql
    }

    /// Replaces `$1…$n` with pgbench variables or SQL, from the highest number down (so `$1` never
    /// eats the start of `$10`).
    static func substitute(_ sql: String, _ replacements: [String]) -> String {
        var text = sql
        for (index, replacement) in replacements.enumerated().reversed() {
            text = text.replacingOccurrences(of: "$\(index + 1)", with: replacement)
        }
        precondition(!text.contains("$"), "the store's INSERT has more parameters than the pgbench script fills: \(text)")
        return text
    }

}
