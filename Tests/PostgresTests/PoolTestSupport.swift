import Foundation

@testable import Postgres

/// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
func eventually(within limit: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A fresh `application_name`, so a test's connections can be counted and found on their own.
func uniqueTag(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

extension PostgresPool {
    /// Holds one connection for `seconds` (a server-side sleep), once the returned task runs.
    nonisolated func hold(for seconds: Double) -> Task<Void, any Error> {
        Task { try await withConnection { _ = try $0.query("SELECT pg_sleep(\(seconds))") } }
    }
}
