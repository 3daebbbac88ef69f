/// When a failed delivery is tried again: exponential backoff with jitter, up to a bound.
///
/// The n-th retry waits between half and all of `firstDelay × 2ⁿ⁻¹` (capped at `maxDelay`), so
/// receivers that fail together are not hit again together. After `maxAttempts` attempts the
/// delivery is given up and the failure recorded. The defaults — 30 seconds doubling to a cap of
/// six hours over 12 attempts — keep trying for about a day.
public struct WebhookRetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    /// Seconds before the first retry (before jitter).
    public var firstDelay: Double
    /// The longest wait between two attempts, in seconds (before jitter).
    public var maxDelay: Double

    public init(maxAttempts: Int = 12, firstDelay: Double = 30, maxDelay: Double = 6 * 3600) {
        self.maxAttempts = max(1, maxAttempts)
        self.firstDelay = max(0.001, firstDelay)
        self.maxDelay = max(self.firstDelay, maxDelay)
    }

    /// Whether a delivery that failed its `attempt`-th attempt (from 1) is tried again.
    public func retries(after attempt: Int) -> Bool { attempt < maxAttempts }

    /// Seconds to wait after the `attempt`-th attempt failed; `unit` is a random number in 0..<1.
    public func delay(after attempt: Int, unit: Double) -> Double {
        let exponent = Double(min(max(attempt, 1) - 1, 60))
        let ceiling = min(firstDelay * pow2(exponent), maxDelay)
        return ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1)
    }

    /// Seconds to wait after the `attempt`-th attempt failed, with fresh jitter.
    public func delay(after attempt: Int) -> Double { delay(after: attempt, unit: Double.random(in: 0..<1)) }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) {
            result *= 2
            if result > 1e12 { break }
        }
        return result
    }
}
