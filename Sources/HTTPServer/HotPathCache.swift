import Foundation
import ICPDomain
import ICPLedger
import Synchronization

/// A short-lived, in-process cache for the three look-ups every read repeats: who a token is, what
/// that account may do in a workspace, and the operating ICP's answer.
///
/// What it may serve, and why that is safe:
/// * Every entry lives at most ``ttl`` (one second): a change made through another instance — a
///   revoked token, a new role, a publication — shows on this one within that second.
/// * A change made through this instance is visible to the next request at once: revoking a token
///   drops it, and every command bumps its workspace's generation, which retires that workspace's
///   access and ICP entries. An entry read before such a bump is never stored after it.
/// * A read carrying a consistency token (`?after=`) never uses the cache: it waits for the read
///   models and reads them, so read-your-writes holds across instances.
/// * Each map holds at most ``capacity`` entries; when one fills up it is emptied.
final class HotPathCache: Sendable {
    static let ttl: Duration = .seconds(1)
    static let capacity = 10_000

    private struct Entry<Value: Sendable>: Sendable {
        var value: Value
        var expires: ContinuousClock.Instant
        var generation: UInt64
    }

    private struct AccessKey: Hashable, Sendable {
        var account: AccountID
        var workspace: WorkspaceID
    }

    private struct ICPKey: Hashable, Sendable {
        var workspace: WorkspaceID
        var icp: ICPID
    }

    private struct State: Sendable {
        var callers: [[UInt8]: Entry<Caller>] = [:]
        var memberships: [AccessKey: Entry<Membership>] = [:]
        var current: [ICPKey: Entry<[UInt8]>] = [:]
        var generations: [WorkspaceID: UInt64] = [:]
        var revocations: UInt64 = 0
    }

    private let state = Mutex(State())
    private let clock = ContinuousClock()
    /// Loads in flight, by token hash, by account and workspace, by workspace and ICP.
    /// Keys carry the workspace's generation (or the revocation count): a request that comes after a
    /// change made here never joins a load that started before it.
    let callerLoads = SingleFlight<[UInt8], Caller?>()
    let membershipLoads = SingleFlight<String, Membership?>()
    let currentLoads = SingleFlight<String, [UInt8]>()

    /// An account's principal in a workspace and the principal's role there.
    struct Membership: Sendable {
        var principal: PrincipalID
        var role: WorkspaceRole?
    }

    // MARK: Generations

    /// The workspace's generation now: pass it back when storing what was read after this call.
    func generation(_ workspace: WorkspaceID) -> UInt64 {
        state.withLock { $0.generations[workspace, default: 0] }
    }

    /// Retires every entry of the workspace (a command changed it through this instance).
    func invalidate(_ workspace: WorkspaceID) {
        state.withLock { $0.generations[workspace, default: 0] &+= 1 }
    }

    /// Forgets a token's caller (it was revoked here).
    func forget(token: TokenID) {
        state.withLock { state in
            state.callers = state.callers.filter { $0.value.value.token != token }
            state.revocations &+= 1
        }
    }

    /// How many tokens were revoked here: part of a caller load's key, so a request that comes after
    /// a revocation never joins a load that started before it.
    var revocations: UInt64 { state.withLock { $0.revocations } }

    // MARK: Look-ups

    func caller(_ hash: [UInt8]) -> Caller? {
        let now = clock.now
        return state.withLock { state in
            guard let entry = state.callers[hash], entry.expires > now else { return nil }
            return entry.value
        }
    }

    func store(caller: Caller, for hash: [UInt8]) {
        let entry = Entry(value: caller, expires: clock.now + Self.ttl, generation: 0)
        state.withLock { state in
            if state.callers.count >= Self.capacity { state.callers.removeAll() }
            state.callers[hash] = entry
        }
    }

    func membership(_ account: AccountID, _ workspace: WorkspaceID) -> Membership? {
        let now = clock.now
        return state.withLock { state in
            guard let entry = state.memberships[AccessKey(account: account, workspace: workspace)], entry.expires > now,
                entry.generation == state.generations[workspace, default: 0]
            else { return nil }
            return entry.value
        }
    }

    func store(_ membership: Membership, _ account: AccountID, _ workspace: WorkspaceID, generation: UInt64) {
        let entry = Entry(value: membership, expires: clock.now + Self.ttl, generation: generation)
        state.withLock { state in
            guard generation == state.generations[workspace, default: 0] else { return }
            if state.memberships.count >= Self.capacity { state.memberships.removeAll() }
            state.memberships[AccessKey(account: account, workspace: workspace)] = entry
        }
    }

    func current(_ workspace: WorkspaceID, _ icp: ICPID) -> [UInt8]? {
        let now = clock.now
        return state.withLock { state in
            guard let entry = state.current[ICPKey(workspace: workspace, icp: icp)], entry.expires > now,
                entry.generation == state.generations[workspace, default: 0]
            else { return nil }
            return entry.value
        }
    }

    func store(current body: [UInt8], _ workspace: WorkspaceID, _ icp: ICPID, generation: UInt64) {
        let entry = Entry(value: body, expires: clock.now + Self.ttl, generation: generation)
        state.withLock { state in
            guard generation == state.generations[workspace, default: 0] else { return }
            if state.current.count >= Self.capacity { state.current.removeAll() }
            state.current[ICPKey(workspace: workspace, icp: icp)] = entry
        }
    }
}

/// One load at a time per key: requests that miss the cache together wait for the first one's
/// answer instead of each asking the database (when an entry expires under load, every request in
/// flight misses it at once).
final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let flights = Mutex<[Key: Task<Value, any Error>]>([:])

    func run(_ key: Key, _ load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (task, leads) = flights.withLock { flights -> (Task<Value, any Error>, Bool) in
            if let running = flights[key] { return (running, false) }
            let task = Task { try await load() }
            flights[key] = task
            return (task, true)
        }
        if leads {
            let result = await task.result
            flights.withLock { _ = $0.removeValue(forKey: key) }
            return try result.get()
        }
        return try await task.value
    }
}
