import Foundation
import ICPDomain
import ICPLedger
import Synchronization
import Testing

@testable import HTTPServer

/// The in-process cache's rules, without a server.
@Suite("The hot-path cache")
struct HotPathCacheTests {
    @Test("an entry read before a workspace's generation moved is never stored, and a stored one is retired by the move")
    func generations() {
        let cache = HotPathCache()
        let ws = WorkspaceID(), icp = ICPID()
        let before = cache.generation(ws)
        cache.invalidate(ws)
        cache.store(current: [1], ws, icp, generation: before)
        #expect(cache.current(ws, icp) == nil, "read before the change: not stored")
        cache.store(current: [2], ws, icp, generation: cache.generation(ws))
        #expect(cache.current(ws, icp) == [2])
        cache.invalidate(ws)
        #expect(cache.current(ws, icp) == nil, "retired by the change")
        cache.store(current: [3], WorkspaceID(), icp, generation: 0)
        #expect(cache.current(ws, icp) == nil, "workspaces do not share entries")
    }

    @Test("requests that miss together share one load; a later key loads again")
    func singleFlight() async throws {
        let flights = SingleFlight<String, Int>()
        let loads = Tally()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    try await flights.run("k") {
                        loads.add()
                        try await Task.sleep(for: .milliseconds(100))
                        return 7
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: 7, count: 32))
        #expect(loads.count == 1)
        _ = try await flights.run("k") {
            loads.add()
            return 8
        }
        #expect(loads.count == 2, "a finished load is not reused")
        await #expect(throws: CancellationError.self) { try await flights.run("e") { throw CancellationError() } }
    }
}

/// A count several tasks add to.
final class Tally: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
