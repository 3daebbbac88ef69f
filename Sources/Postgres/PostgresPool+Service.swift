public import ServiceLifecycle

extension PostgresPool: Service {
    /// Keeps the pool open until the service group shuts down (gracefully or by cancellation),
    /// then closes it: idle connections close at once, connections in use when they come back.
    /// Services that use the pool run after it in the group, so they have stopped by then.
    public nonisolated func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
