public import Foundation

/// The detached watchdog that stops the cluster after a process has gone, however it went.
extension EmbeddedPostgres {
    /// Starts a detached watchdog that stops the cluster once process `pid` has exited,
    /// even if it was killed without a chance to clean up.
    /// With `removingFiles`, it then deletes the data folder too (throwaway test clusters).
    /// Every path is single-quoted for the shell, and pg_ctl gets only the data folder's name (see `checkPaths`).
    public func stopWhenProcessExits(_ pid: Int32 = getpid(), removingFiles: Bool = false) throws {
        try checkPaths()
        let binaries = try PostgresBinaries.locate()
        let quote = Self.shellQuote
        let pgCtl = (runAs.map { "/usr/sbin/runuser -u \(quote($0)) -- " } ?? "") + quote(binaries.pgCtl) + " -D " + quote(folderName)
        var lines = [
            "while kill -0 \(pid) 2>/dev/null; do sleep 1; done",
            "cd \(quote(parentDirectory)) && \(pgCtl) -m \(removingFiles ? "immediate" : "fast") -w stop >/dev/null 2>&1",
        ]
        if removingFiles {
            lines.append("cd / && rm -rf -- \(quote(dataDirectory)) \(quote(socketDirectory))")
        }
        try ProcessRunner.spawnDetached(["/bin/sh", "-c", lines.joined(separator: "\n")])
    }
}
