/// One attribute of an encoded account: a plain, trivially copyable record (no references).
struct SlotValue: Hashable, Sendable {
    /// What the slot holds.
    enum Tag: UInt8, Sendable {
        case unknown = 0, string, number, bool, list
    }

    /// The kind of value.
    var tag: Tag
    /// The number, for `.number`.
    var number: Double
    /// String id (−1 when outside the ICP vocabulary), bool as 0/1, or list offset in the pool.
    var a: Int32
    /// List length, for `.list`.
    var b: Int32

    static let unknown = SlotValue(tag: .unknown, number: 0, a: 0, b: 0)
}
