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

    /// Runs `executable` (a path, or a name looked up on the PATH) with arguments, in `directory`;
    /// as another user through `runuser` when `user` is set.
    static func run(_ executable: String, _ arguments: [String], as user: String? = nil, in directory: String = "/") throws -> Output {
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
        let status = try spawn(argv, in: directory, standardOutput: outPath, standardError: errPath, wait: true)
        return Output(status: status,
                      standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Starts a program in its own session and returns at once (used for the watchdog).
    static func spawnDetached(_ arguments: [String]) throws {
        _ = try spawn(["/usr/bin/setsid"] + arguments, in: "/", standardOutput: "/dev/null", standardError: "/dev/null", wait: false)
    }

    /// posix_spawn with stdin from /dev/null, output to files, no other descriptor of ours, and the
    /// working directory `directory` (via `env -C`, given as an argument, never through a shell; by
    /// default `/`, as the postgres user may not be able to enter the caller's).
    ///
    /// Descriptors beyond 0–2 are closed in the child: `pg_ctl start` leaves a server running, which
    /// would otherwise hold whatever this process inherited, e.g. the pipe or socket a caller watches
    /// to learn that icpledger has exited (Foundation's `Process` on Linux does), for as long as it runs.
    private static func spawn(_ argv: [String], in directory: String, standardOutput: String, standardError: String,
                              wait: Bool) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #if os(Linux)
        closeInheritedDescriptors(&actions)
        #endif
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        #if canImport(Darwin)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
        #endif
        let argv = ["/usr/bin/env", "-C", directory] + argv
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
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

    #if os(Linux)
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Closes every descriptor from 3 up in the child: `posix_spawn_file_actions_addclosefrom_np`
    /// (glibc 2.34+, looked up at run time as Swift's Glibc module does not export it); without it,
    /// marks this process's own descriptors from 3 up close-on-exec (icpledger hands none to a child).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
            return
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            guard let descriptor = Int32(name), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
    #endif
}
