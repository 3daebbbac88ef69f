public import Foundation

/// A clock that a script moves by hand (demo data and tests).
public final class ScriptedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// A clock that reads `start` until it is set.
    public init(_ start: Date) { current = start }

    /// The time the clock was last set to.
    public var now: Date { lock.withLock { current } }

    /// Moves the clock (either way).
    public func set(_ date: Date) { lock.withLock { current = date } }
}
