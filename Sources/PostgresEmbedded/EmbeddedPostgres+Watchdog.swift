public import Foundation

/// The detached watchdog that stops the cluster after a process has gone, however it went.
extension EmbeddedPostgres {
    /// Starts a detached watchdog (`sh -c …` in a session of its own, not this process's child) that
    /// waits for process `pid` to exit, then:
    ///
    /// - without `folder` (`serve`): takes the data folder's lock exclusively without waiting
    ///   (`flock -n -x`) and, only if it gets it (no other process uses the cluster) and the cluster is
    ///   marked "autostop" (not left running by `icpledger db start`), stops it;
    /// - with `folder` (throwaway test clusters): stops the cluster at once, whoever uses it, and then
    ///   deletes `folder` (which should hold the data folder and its lock file) and the socket folder.
    ///
    /// Every path is single-quoted for the shell, and pg_ctl gets only the data folder's name (see `checkPaths`).
    /// The script runs as this process's user (it must take the lock file and remove the folder); as root it
    /// runs pg_ctl as the cluster's user through `runuser`, as every other run of pg_ctl does.
    /// Returns once the watchdog is on its way.
    public func stopWhenProcessExits(_ pid: Int32 = getpid(), thenRemoving folder: String? = nil) async throws {
        try checkPaths()
        let binaries = try await PostgresBinaries.locate(binarySearch)
        let quote = Self.shellQuote
        let pgCtl = (runAs.map { "/usr/sbin/runuser -u \(quote($0)) -- " } ?? "") + quote(binaries.pgCtl) + " -D " + quote(folderName)
        var lines = ["while kill -0 \(pid) 2>/dev/null; do sleep 1; done"]
        if let folder {
            lines += [
                "cd \(quote(parentDirectory)) && \(pgCtl) -m immediate -w -t 60 -s stop >/dev/null 2>&1",
                "cd / && rm -rf -- \(quote(folder)) \(quote(socketDirectory))",
            ]
        } else {
            lines += [
                "cd \(quote(parentDirectory)) || exit 0",
                "exec 9<\(quote(lockFile)) || exit 0",
                "flock -n -x 9 || exit 0",
                "[ -e \(quote(autostopFile)) ] || exit 0",
                "\(pgCtl) -m fast -w -t 60 -s stop >/dev/null 2>&1 9<&- && rmdir \(quote(socketDirectory)) 2>/dev/null",
                "exit 0",
            ]
        }
        try await ClusterPrograms.startDetached(script: lines.joined(separator: "\n"))
    }
}
