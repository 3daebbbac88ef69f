/// Reads until at least `count` items come back (at most 30 s) and returns the last read. For feed
/// reads: the feed horizon is the whole cluster's, so another test's open transaction (a CREATE
/// DATABASE, say) can hold back what is visible for a few seconds.
public func readUntil<T>(atLeast count: Int, _ read: () async throws -> [T]) async throws -> [T] {
    let deadline = ContinuousClock.now + .seconds(30)
    while true {
        let items = try await read()
        if items.count >= count || ContinuousClock.now > deadline { return items }
        try await Task.sleep(for: .milliseconds(50))
    }
}
