import CEpoll
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One thread that both runs Swift tasks and waits on connection sockets, the way a C client such
/// as pgbench sends a statement, sleeps in the kernel until the answer arrives and reads it, all on
/// one thread.
///
/// It is a `TaskExecutor`: a task that prefers it (`withTaskExecutorPreference(loop)`), and the
/// child tasks it starts, run their code on the loop's thread. A query sent without blocking
/// (``PostgresConnection/query(_:waitingOn:)``) suspends its task until the socket is readable; the
/// loop notices that in `epoll_wait` and runs the task again on the same thread, so a round trip
/// costs no thread handoff at all. Tasks that run elsewhere may wait on the loop too: they are
/// resumed on their own executor, one handoff instead of the worker thread's two.
///
/// A socket is watched from its first wait until it is forgotten before it closes
/// (``forget(_:of:)``). Jobs from other threads arrive through a locked queue and an `eventfd`.
public final class PostgresEventLoop: TaskExecutor, @unchecked Sendable {
    /// The process's loop, started on first use; pools wait on it unless given another.
    public static let shared = PostgresEventLoop(name: "postgres-loop")

    private let epoll: Int32
    private let wakeDescriptor: Int32
    /// Jobs handed over by other threads, work scheduled for later (soonest first), and whether the
    /// loop has been woken for them.
    private let remote = Mutex<(jobs: [UnownedJob], timers: [Timer], woken: Bool)>(([], [], false))

    private struct Timer {
        var deadline: ContinuousClock.Instant
        var work: @Sendable () async -> Void
    }
    /// Per watched socket, the connection it belongs to and the task waiting on it (one at a time:
    /// a connection has one user). libpq closes a broken connection's socket itself, so a number
    /// can come back for another connection while the first still exists: the owner tells them apart.
    private let sockets = Mutex<[Int32: Watched]>([:])

    private struct Watched {
        var owner: ObjectIdentifier
        var waiter: UnsafeContinuation<UInt32, Never>?
    }
    /// The loop thread's own jobs; touched only on that thread.
    private var local: [UnownedJob] = []
    private var running: [UnownedJob] = []
    private nonisolated(unsafe) var threadID = pthread_t()

    /// Starts a loop on a new thread named `name`; it runs for the life of the process.
    public init(name: String) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeDescriptor = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        precondition(epoll >= 0 && wakeDescriptor >= 0, "cannot create an epoll instance or an eventfd: errno \(errno)")
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(fd: wakeDescriptor))
        precondition(epoll_ctl(epoll, EPOLL_CTL_ADD, wakeDescriptor, &event) == 0, "cannot watch the loop's eventfd")
        let started = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            threadID = pthread_self()
            started.signal()
            run()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
        started.wait()
    }

    /// CPU time the loop's thread has used so far (tests check an idle loop sleeps).
    var threadCPUTime: Duration {
        var clock = clockid_t()
        var time = timespec()
        guard pthread_getcpuclockid(threadID, &clock) == 0, clock_gettime(clock, &time) == 0 else { return .zero }
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// True on the loop's own thread.
    public var isCurrent: Bool { pthread_equal(pthread_self(), threadID) != 0 }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if isCurrent {
            local.append(job)
            return
        }
        let wake = remote.withLock { state -> Bool in
            state.jobs.append(job)
            defer { state.woken = true }
            return !state.woken
        }
        if wake { signal() }
    }

    /// Runs `work` in a new task on the loop once `delay` has passed.
    ///
    /// The loop's own `epoll_wait` times the delay, so work that is due while the loop waits on
    /// sockets anyway costs no other thread's wake-up (a deferred NOTIFY after appends). Not
    /// cancellable; precise to the millisecond.
    public func schedule(after delay: Duration, _ work: @escaping @Sendable () async -> Void) {
        let timer = Timer(deadline: .now + delay, work: work)
        let wake = remote.withLock { state -> Bool in
            let index = state.timers.firstIndex { $0.deadline > timer.deadline } ?? state.timers.endIndex
            state.timers.insert(timer, at: index)
            defer { state.woken = true }
            return !state.woken
        }
        if wake && !isCurrent { signal() }
    }

    /// Suspends the calling task until `socket` is readable, or writable when `writable` is set (a
    /// hang-up or an error counts as both); returns the `epoll` events seen.
    ///
    /// The socket is watched one-shot and level-triggered, armed by each wait: whatever is already
    /// there when the task waits wakes it at once, and a socket nobody waits on wakes nothing.
    @discardableResult
    func wait(for socket: Int32, of owner: ObjectIdentifier, writable: Bool = false) async throws -> UInt32 {
        guard socket >= 0 else { throw PostgresError.connectionFailed("the connection has no socket") }
        let interest = (writable ? EPOLLOUT.rawValue : EPOLLIN.rawValue) | EPOLLRDHUP.rawValue | EPOLLONESHOT.rawValue
        let events = await withUnsafeContinuation { (continuation: UnsafeContinuation<UInt32, Never>) in
            // Stored before the socket is armed, so the loop cannot see the event without the waiter.
            let known = sockets.withLock { states -> Bool in
                defer { states[socket] = Watched(owner: owner, waiter: continuation) }
                return states[socket]?.owner == owner
            }
            var event = epoll_event(events: interest, data: epoll_data_t(fd: socket))
            var armed = epoll_ctl(epoll, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &event) == 0
            if !armed && (errno == ENOENT || errno == EEXIST) {
                // Watched under another owner whose socket libpq closed (the number is new to
                // epoll), or still registered from an owner that never waited to the end.
                armed = epoll_ctl(epoll, known ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, socket, &event) == 0
            }
            if !armed { takeWaiter(socket)?.resume(returning: UInt32.max) }
        }
        guard events != UInt32.max else { throw PostgresError.connectionFailed("cannot watch the connection's socket") }
        return events
    }

    /// Stops watching a socket of `owner`'s; call before it is closed, as its number may be reused at once.
    func forget(_ socket: Int32, of owner: ObjectIdentifier) {
        let known = sockets.withLock { states -> Bool in
            guard states[socket]?.owner == owner else { return false }
            states[socket] = nil
            return true
        }
        if known { _ = epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nil) }
    }

    /// The task waiting on `socket`, no longer waiting.
    private func takeWaiter(_ socket: Int32) -> UnsafeContinuation<UInt32, Never>? {
        sockets.withLock { states in
            guard let index = states.index(forKey: socket) else { return nil }
            defer { states.values[index].waiter = nil }
            return states.values[index].waiter
        }
    }

    private func signal() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, 8)
    }

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            var timeout = takeRemoteJobs()
            while !local.isEmpty {
                swap(&local, &running)
                for job in running { job.runSynchronously(on: asUnownedTaskExecutor()) }
                running.removeAll(keepingCapacity: true)
                timeout = takeRemoteJobs()
            }
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epoll, $0.baseAddress, Int32($0.count), timeout) }
            guard count > 0 else { continue }  // EINTR
            for event in events.prefix(Int(count)) {
                let socket = event.data.fd
                if socket == wakeDescriptor {
                    var value: UInt64 = 0
                    _ = read(wakeDescriptor, &value, 8)
                    continue
                }
                let waiter = takeWaiter(socket)
                waiter?.resume(returning: event.events)
            }
        }
    }

    /// Moves other threads' jobs to the loop's own queue and starts the work that is due; returns
    /// how long `epoll_wait` may sleep, in milliseconds (-1: until a socket or another thread wakes it).
    private func takeRemoteJobs() -> Int32 {
        var due: [Timer] = []
        // The clock is read only while timers wait: most turns of the loop have none.
        let next = remote.withLock { state -> (deadline: ContinuousClock.Instant, now: ContinuousClock.Instant)? in
            state.woken = false
            if !state.jobs.isEmpty {
                local.append(contentsOf: state.jobs)
                state.jobs.removeAll(keepingCapacity: true)
            }
            guard !state.timers.isEmpty else { return nil }
            let now = ContinuousClock.now
            let dueCount = state.timers.prefix { $0.deadline <= now }.count
            if dueCount > 0 {
                due = Array(state.timers.prefix(dueCount))
                state.timers.removeFirst(dueCount)
            }
            return state.timers.first.map { ($0.deadline, now) }
        }
        for timer in due { Task(executorPreference: self, operation: timer.work) }
        if !due.isEmpty { return 0 }  // the new tasks are queued
        guard let next else { return -1 }
        let (seconds, attoseconds) = (next.deadline - next.now).components
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
