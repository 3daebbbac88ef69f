/// A small, seeded pseudo-random generator (SplitMix64) for property and differential tests:
/// every run generates the same cases, and a failure names a seed that reproduces it.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<upper` (0 when `upper` is not positive).
    public mutating func int(_ upper: Int) -> Int { Int(next() % UInt64(max(upper, 1))) }
    /// A number in the range.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    /// A fair coin.
    public mutating func bool() -> Bool { next() & 1 == 0 }
    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    /// One of the items (which must not be empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}
