import Foundation

/// CPU time (user + system) from getrusage: this process's own, and that of the child processes it
/// has waited for (pgbench). A figure's client CPU is the difference over its measured rounds only.
enum ClientCPU {
    /// Seconds of CPU this process has used so far, all threads.
    static func own() -> Double { seconds(RUSAGE_SELF.rawValue) }

    /// Seconds of CPU used by child processes that have ended and been waited for.
    static func children() -> Double { seconds(RUSAGE_CHILDREN.rawValue) }

    /// Runs `body` and returns its result with the CPU seconds this process spent meanwhile.
    static func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let before = own()
        let result = try await body()
        return (result, own() - before)
    }

    static func measureSync<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let before = own()
        let result = try body()
        return (result, own() - before)
    }

    private static func seconds(_ who: Int32) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
