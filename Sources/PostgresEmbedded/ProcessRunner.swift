import Foundation

/// Runs a program to completion and captures its output.
enum ProcessRunner {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var combined: String { (standardOutput + standardError).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `executable` (a path, or a name looked up on the PATH) with arguments;
    /// as another user through `runuser` when `user` is set.
    static func run(_ executable: String, _ arguments: [String], as user: String? = nil,
                    environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", user, "--", executable] + arguments
        } else if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        // The postgres user may not be able to enter the caller's folder.
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        if let environment { process.environment = environment }
        // Output goes to files, not pipes: `pg_ctl start` leaves a server running that
        // inherits the descriptors, and a pipe would then never reach end-of-file.
        let folder = FileManager.default.temporaryDirectory
        let outURL = folder.appendingPathComponent("icpledger-\(UUID().uuidString).out")
        let errURL = folder.appendingPathComponent("icpledger-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        return Output(status: process.terminationStatus,
                      standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Starts a program in its own session and returns at once (used for the watchdog).
    static func spawnDetached(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }
}
