public import Foundation

extension Ledger {
    /// The same ledger (pools, runner) with another business clock.
    public func with(clock now: @escaping @Sendable () -> Date) -> Ledger {
        Ledger(appPool: appPool, systemPool: systemPool, runner: runner, now: now, readYourWritesTimeout: readYourWritesTimeout)
    }
}
