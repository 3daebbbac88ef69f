import Foundation

/// Runs blocking work (libpq calls, a lock) on a thread of its own.
///
/// Swift's cooperative pool has one thread per core — two on the CI machine. A test that blocks
/// one of them (`Task.detached` runs there too) slows every other test in the process, and a test
/// that holds a transaction open while its next step waits for a free thread holds back the
/// gap-safe feed of every database on its cluster for as long.
public enum Blocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }
}
