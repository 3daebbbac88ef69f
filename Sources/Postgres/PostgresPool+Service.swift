public import ServiceLifecycle

extension PostgresPool: Service {
    /// Keeps the pool open until the service group shuts down (gracefully or by cancellation),
    /// then closes it: idle connections close at once, connections in use when they come back.
    /// Services that use the pool run after it in the group, so they have stopped by then.
    /// While it runs, it checks every second for connections stuck on a server that stopped
    /// answering (``checkForStalls()``).
    public nonisolated func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    await self.checkForStalls()
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await close()
    }
}

extension PostgresPool {
    /// Runs `body` with the pool, then closes it and waits for the close, whether `body` returns or
    /// throws: the async form of `defer { close() }` for a pool made for one job.
    public nonisolated func closing<T>(after body: (PostgresPool) async throws -> T) async throws -> T {
        let value: T
        do {
            value = try await body(self)
        } catch {
            await close()
            throw error
        }
        await close()
        return value
    }
}
