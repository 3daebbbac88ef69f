import Foundation

/// A failure a test injects on purpose.
public struct InjectedFailure: Error {
    public init() {}
}

/// A flag one task sets and others read.
public final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    public init() {}

    public var isSet: Bool { lock.withLock { value } }
    public func set() { lock.withLock { value = true } }
}

/// A counter several tasks increment.
public final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    public init() {}

    /// Adds one and returns the new count.
    public func increment() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
