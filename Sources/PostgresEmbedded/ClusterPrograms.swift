import Foundation
import Subprocess

/// Runs the programs the embedded cluster needs (initdb, pg_ctl, pg_config, test) and starts the
/// detached watchdog, through swift-subprocess. No shell is involved except the watchdog's own script.
///
/// What every run guarantees, all of it set up by Subprocess (glibc's `posix_spawn`) in the child:
/// - standard input is `/dev/null`, and standard output and error go to unnamed temporary files, not
///   pipes: `pg_ctl start` leaves a server running, and a pipe it inherited would stay open (and a
///   reader of it waiting) for as long as that server runs;
/// - no other descriptor of this process is inherited (Subprocess closes every one from 3 up), so the
///   server never holds icpledger's lock file, sockets, or whatever icpledger itself inherited, e.g. the
///   pipe a caller watches to learn that icpledger has exited;
/// - the working directory is `directory` (by default `/`, as the cluster's user may not be able to
///   enter the caller's);
/// - with `user` set (icpledger runs as root), the program runs as that user through
///   `/usr/sbin/runuser -u USER --`, which sets its uid, its groups and `HOME`, `USER`, `LOGNAME` and `SHELL`.
///
/// Why `runuser` and not Subprocess's own `PlatformOptions.userID`/`groupID`/`supplementaryGroups`:
/// in swift-subprocess 1.0.2 those options make it fork the child with a raw `clone3` and then call
/// glibc's `setgroups`/`setgid`/`setuid` in it. glibc still believes the child has the parent's threads
/// and waits for them to take part in the change, so in a process with many threads (every icpledger
/// process) the child can hang for ever before `exec`, and with it Subprocess's spawning thread and
/// every later run in the process (seen in the test suite: a child stuck in `__nptl_setxid`). Without
/// those options Subprocess uses `posix_spawn`, which has no such problem on glibc 2.34 or later
/// (Debian 12 has 2.36); on an older glibc it would fall back to the same fork path for every run.
///
/// A run is awaited without blocking a thread of the cooperative pool (Subprocess watches the child
/// through a pidfd on a thread of its own). It always runs to its end: cancelling the calling task does
/// not kill the program (Subprocess would), since an initdb or pg_ctl killed halfway leaves a data
/// folder or a server in a state the next start cannot use; pg_ctl's own `-t` bounds its waits.
enum ClusterPrograms {
    /// What one run did.
    struct Output: Sendable {
        /// The exit code, or 128 + the signal number for a program killed by a signal.
        var status: Int32
        var standardOutput: String
        var standardError: String
        var combined: String { (standardOutput + standardError).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `executable` (a path, or a name looked up on the PATH) with `arguments`, in `directory`, as
    /// `user` when set, and waits for it to exit. A program that cannot be started throws
    /// `EmbeddedPostgresError.commandFailed` (one line); one that runs and fails returns its exit code.
    static func run(_ executable: String, _ arguments: [String], as user: String? = nil, in directory: String = "/") async throws -> Output {
        // An unstructured task does not inherit the caller's cancellation (see above).
        try await Task { try await runToEnd(executable, arguments, as: user, in: directory) }.value
    }

    private static func runToEnd(_ executable: String, _ arguments: [String], as user: String?, in directory: String) async throws -> Output {
        let program: Executable
        let argv: [String]
        if let user {
            program = .path("/usr/sbin/runuser")
            argv = ["-u", user, "--", executable] + arguments
        } else {
            program = executable.contains("/") ? .path(.init(executable)) : .name(executable)
            argv = arguments
        }
        let standardOutput = try CaptureFile(for: executable)
        let standardError = try CaptureFile(for: executable)
        let result: ExecutionResult<Void, FileDescriptorOutput, FileDescriptorOutput>
        do {
            // `FilePath` and `FileDescriptor` (swift-system) are named through Subprocess's own signatures.
            result = try await Subprocess.run(
                program,
                arguments: Arguments(argv),
                workingDirectory: .init(directory),
                input: .none,
                output: .fileDescriptor(.init(rawValue: standardOutput.descriptor), closeAfterSpawningProcess: false),
                error: .fileDescriptor(.init(rawValue: standardError.descriptor), closeAfterSpawningProcess: false))
        } catch let error as SubprocessError {
            throw EmbeddedPostgresError.commandFailed(command: executable, output: "\(error)")
        }
        return Output(
            status: exitCode(result.terminationStatus),
            standardOutput: standardOutput.text(), standardError: standardError.text())
    }

    /// Starts `/bin/sh -c script` in a session of its own, detached from this process, and returns once
    /// it is on its way; the script's output is discarded.
    ///
    /// Subprocess always waits for the process it starts, so it starts a short-lived shell, made the
    /// leader of a new session (`createSession`, i.e. `POSIX_SPAWN_SETSID`), that puts the script in the
    /// background and exits at once. The script then belongs to no terminal and is not this process's
    /// child: it outlives this process, and never lingers as a zombie of it when it ends first.
    static func startDetached(script: String) async throws {
        var options = PlatformOptions()
        options.createSession = true
        let launcher = "/bin/sh -c \"$0\" </dev/null >/dev/null 2>&1 &"
        let status = try await Task {
            do {
                return try await Subprocess.run(
                    .path("/bin/sh"), arguments: ["-c", launcher, script], workingDirectory: "/",
                    platformOptions: options, input: .none, output: .discarded, error: .discarded
                )
                .terminationStatus
            } catch let error as SubprocessError {
                throw EmbeddedPostgresError.commandFailed(command: "/bin/sh", output: "\(error)")
            }
        }.value
        guard status.isSuccess else {
            throw EmbeddedPostgresError.commandFailed(command: "/bin/sh", output: "the watchdog could not be started (\(status))")
        }
    }

    /// The exit code, or 128 + the signal number, as a shell reports it.
    static func exitCode(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }
}

/// A temporary file a child writes one of its output streams to. It is unlinked as soon as it is made,
/// so nothing is left behind however icpledger ends, and closed when this value goes.
private final class CaptureFile {
    let descriptor: Int32

    init(for executable: String) throws {
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("icpledger-output-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw EmbeddedPostgresError.commandFailed(
                command: executable, output: "no temporary file for its output (\(String(cString: strerror(errno))))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Everything written to the file, as UTF-8 (invalid bytes repaired).
    func text() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk.prefix(count)
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
