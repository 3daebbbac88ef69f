public import Foundation

/// Where a subscription stands.
public struct SubscriptionStatus: Sendable, Equatable {
    public var name: String
    /// The last event handled (or passed over for a halted tenant).
    public var cursor: FeedCursor
    /// Set when the whole subscription was halted (by earlier versions, which halted globally).
    public var haltedAt: Date?
    public var haltReason: String?
    /// The halt of the tenant asked about, if it is halted.
    public var tenantHalt: TenantHalt?
    /// Whether the subscription as a whole is halted.
    public var isHalted: Bool { haltedAt != nil }

    public init(name: String, cursor: FeedCursor, haltedAt: Date? = nil, haltReason: String? = nil, tenantHalt: TenantHalt? = nil) {
        self.name = name
        self.cursor = cursor
        self.haltedAt = haltedAt
        self.haltReason = haltReason
        self.tenantHalt = tenantHalt
    }
}

/// What a subscription's live loop is doing, for readiness checks and status pages.
public final class SubscriptionHealth: @unchecked Sendable {
    /// The loop's state.
    public enum State: Sendable, Equatable {
        /// Not started, or ended (cancelled or its pool closed).
        case stopped
        /// Following the feed.
        case running
        /// The last attempt failed (the text says why); it is being retried.
        case retrying(String)
    }

    private let lock = NSLock()
    private var current: State = .stopped
    private var since = Date()

    public init() {}

    /// The current state and when it began.
    public var state: (state: State, since: Date) { lock.withLock { (current, since) } }

    func set(_ state: State) {
        lock.withLock {
            if current != state { since = Date() }
            current = state
        }
    }
}

/// The subscription stopped because its handler could not apply an event.
public struct SubscriptionHalted: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "subscription \(name) is halted: \(reason)" }
}

/// The subscription did not reach a position in time (an old transaction is holding the feed back).
public struct SubscriptionLagging: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var target: FeedCursor
    public var timeout: Duration
    public var description: String {
        "subscription \(name) did not reach \(target) within \(timeout): a long-running transaction may be holding the feed back"
    }
}

/// A wake-up flag raised by notifications and awaited with a timeout.
final class WakeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() { lock.withLock { raised = true } }

    /// Returns when raised (clearing it) or after the timeout.
    func wait(upTo timeout: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline && !Task.isCancelled {
            if lock.withLock({
                let was = raised
                raised = false
                return was
            }) {
                return
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}
