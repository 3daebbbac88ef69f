import Foundation
import LedgerConfiguration
import Postgres
import PostgresTestSupport
import Subprocess
import TestFixtures
import Testing

/// What one run of the `icpledger` binary did.
struct CLIResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The last non-empty line of standard output.
    var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs the built `icpledger` binary as a user would, against one fresh test database
/// (passed as `DATABASE_URL`, a libpq keyword string for the owner login).
struct CLI: Sendable {
    let database: TestDatabase
    let binary: URL
    /// Changes to the test process's environment for every run (nil removes a variable).
    let environment: [String: String?]
    let folder: URL

    /// A CLI over a fresh database on `cluster` (a test that pauses a process which may be inside a
    /// transaction takes the second cluster, so the paused transaction holds back no other test's feed).
    static func make(on cluster: TestCluster = .shared) async throws -> CLI {
        let database = try await TestDatabase.create(on: cluster)
        let folder = try scratchFolder("icpledger-cli")
        var environment = baseEnvironment()
        // The owner login migrates; the test cluster has separate logins for the request-path and
        // system roles (the owner is not a member of them), so those are passed as well.
        environment["DATABASE_URL"] = keywordString(database.owner)
        environment["ICPLEDGER_APP_DATABASE_URL"] = keywordString(database.app)
        environment["ICPLEDGER_SYSTEM_DATABASE_URL"] = keywordString(database.system)
        return CLI(database: database, binary: try binaryURL(), environment: environment, folder: folder)
    }

    /// A new, empty folder under the temporary folder, named `prefix-<uuid>`.
    static func scratchFolder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Changes that take every icpledger setting and libpq's own variables out of the inherited
    /// environment (the binary must not find the developer's database), and set the repository's schema
    /// folder, quiet logs and `alice` as the acting person.
    static func baseEnvironment() -> [String: String?] {
        var environment: [String: String?] = [:]
        for setting in Setting.all where setting != .searchPath && setting != .osUser {
            environment[setting.environmentVariable] = .some(nil)
        }
        for variable in libpqVariables { environment[variable] = .some(nil) }
        environment["ICPLEDGER_SCHEMA_DIR"] = repository.appendingPathComponent("Schema").path
        environment["ICPLEDGER_LOG_LEVEL"] = "error"
        environment["ICPLEDGER_ACTOR"] = "alice"
        return environment
    }

    /// The variables libpq reads for defaults it would otherwise take from a connection string.
    static let libpqVariables = [
        "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE",
        "PGOPTIONS", "PGAPPNAME", "PGSSLMODE", "PGREQUIRESSL", "PGSSLCERT", "PGSSLKEY", "PGSSLROOTCERT", "PGSSLCRL",
        "PGREQUIREPEER", "PGKRBSRVNAME", "PGGSSLIB", "PGCONNECT_TIMEOUT", "PGCLIENTENCODING", "PGTARGETSESSIONATTRS",
        "PGLOADBALANCEHOSTS", "PGDATESTYLE", "PGTZ", "PGGEQO", "PGSYSCONFDIR", "PGLOCALEDIR", "PGCHANNELBINDING",
        "PGSSLNEGOTIATION", "PGSSLCOMPRESSION", "PGSSLMINPROTOCOLVERSION", "PGSSLMAXPROTOCOLVERSION", "PGGSSENCMODE",
    ]

    /// The repository root (this file is Tests/CLITests/CLIHarness.swift).
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `host=… port=… user=… dbname=…` from the settings' keyword overrides (values quoted for libpq).
    static func keywordString(_ settings: PostgresConnectionSettings) -> String {
        func quote(_ value: String) -> String {
            "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        let keywords = settings.overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value))" }
        return ([settings.connectionString].filter { !$0.isEmpty } + keywords).joined(separator: " ")
    }

    /// The `icpledger` executable built next to the test bundle (`swift build` builds it before `swift test`
    /// runs), or `ICPLEDGER_BINARY`.
    static func binaryURL() throws -> URL {
        if let explicit = TestEnvironment.settings.binary {
            return URL(fileURLWithPath: explicit)
        }
        var candidates: [URL] = []
        for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("icpledger"))
                folder = folder.deletingLastPathComponent()
            }
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("icpledger"))
        }
        if let found = candidates.first(where: { url in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && !isFolder.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }) {
            return found
        }
        throw CLIHarnessError(
            """
            the icpledger binary was not found next to the test bundle (looked in \
            \(Set(candidates.map { $0.deletingLastPathComponent().path }).sorted().joined(separator: ", "))); \
            build it first with 'swift build --scratch-path <same path>' or set ICPLEDGER_BINARY
            """)
    }

    /// Runs `icpledger ARGS…` (acting as `actor` when given) and waits for it. `environment` changes
    /// the harness's variables for this run (nil removes one).
    @discardableResult
    func run(_ arguments: [String], as actor: String? = nil, environment changes: [String: String?] = [:]) async throws -> CLIResult {
        var environment = environment
        for (key, value) in changes { environment[key] = .some(value) }
        return try await Self.launch(binary, arguments + (actor.map { ["--as", $0] } ?? []), environment: environment, in: folder)
    }

    /// The subprocess environment: this process's, changed by `changes`.
    static func subprocessEnvironment(_ changes: [String: String?]) -> Subprocess.Environment {
        .inherit.updating(Dictionary(uniqueKeysWithValues: changes.map { (Environment.Key(stringLiteral: $0.key), $0.value) }))
    }

    /// Runs `binary ARGS…` with this process's environment changed by `environment`, in `folder` (where its output is kept until it ends), and waits for it.
    ///
    /// The output goes to files, not pipes: the harness never waits for the end of a stream that a
    /// process icpledger leaves behind (a server, a watchdog) might hold open, only for icpledger to exit.
    static func launch(_ binary: URL, _ arguments: [String], environment: [String: String?], in folder: URL) async throws -> CLIResult {
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)")
        let err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        let result = try await Subprocess.run(
            .path(.init(binary.path)),
            arguments: Arguments(arguments),
            environment: subprocessEnvironment(environment),
            workingDirectory: .init(folder.path),
            input: .none,
            output: .fileDescriptor(.init(rawValue: outHandle.fileDescriptor), closeAfterSpawningProcess: false),
            error: .fileDescriptor(.init(rawValue: errHandle.fileDescriptor), closeAfterSpawningProcess: false))
        try? outHandle.close()
        try? errHandle.close()
        return CLIResult(
            status: exitStatus(result.terminationStatus),
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// The exit code, or 128 + the signal number for a process killed by a signal (as a shell shows it).
    static func exitStatus(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// Runs and expects exit 0.
    @discardableResult
    func ok(_ arguments: [String], as actor: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIResult {
        let result = try await run(arguments, as: actor)
        #expect(result.status == 0, "icpledger \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Writes a file in the working folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
    }

    /// How many events and principals are stored (system role), to prove that nothing was stored.
    func stored() async throws -> [Int] {
        try await database.withConnection(database.system) { connection in
            [
                try connection.query("SELECT count(*)::int FROM events").single().column(0, as: Int.self),
                try connection.query("SELECT count(*)::int FROM principals").single().column(0, as: Int.self),
            ]
        }
    }

    /// Parses JSON output.
    func json(_ result: CLIResult) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
    }
}

struct CLIHarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
