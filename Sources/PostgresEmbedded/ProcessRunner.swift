import Foundation

/// Runs a program to completion and captures its output.
///
/// Uses posix_spawn and waitpid directly: Foundation's `Process` can hang in
/// `waitUntilExit` when called from Swift concurrency, and output goes to files,
/// not pipes, because `pg_ctl start` leaves a server running that inherits them.
enum ProcessRunner {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var combined: String { (standardOutput + standardError).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `executable` (a path, or a name looked up on the PATH) with arguments;
    /// as another user through `runuser` when `user` is set.
    static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> Output {
        let argv: [String]
        if let user {
            argv = ["/usr/sbin/runuser", "-u", user, "--", executable] + arguments
        } else if executable.contains("/") {
            argv = [executable] + arguments
        } else {
            argv = ["/usr/bin/env", executable] + arguments
        }
        let folder = FileManager.default.temporaryDirectory.path
        let outPath = "\(folder)/icpledger-\(UUID().uuidString).out"
        let errPath = "\(folder)/icpledger-\(UUID().uuidString).err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let status = try spawn(argv, standardOutput: outPath, standardError: errPath, wait: true)
        return Output(status: status,
                      standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Starts a program in its own session and returns at once (used for the watchdog).
    static func spawnDetached(_ arguments: [String]) throws {
        _ = try spawn(["/usr/bin/setsid"] + arguments, standardOutput: "/dev/null", standardError: "/dev/null", wait: false)
    }

    /// posix_spawn with stdin from /dev/null, the working directory `/` (via `env -C`: the
    /// postgres user may not be able to enter the caller's), and output to files.
    private static func spawn(_ argv: [String], standardOutput: String, standardError: String, wait: Bool) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ["/usr/bin/env", "-C", "/"] + argv
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard result == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: argv[0], output: String(cString: strerror(result)))
        }
        guard wait else { return 0 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw EmbeddedPostgresError.commandFailed(command: argv[0], output: "waitpid failed") }
        }
        // WIFEXITED / WEXITSTATUS
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
