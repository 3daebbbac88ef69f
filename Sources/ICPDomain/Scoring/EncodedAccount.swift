/// An account in the slot-indexed form a ``CompiledScorer`` reads: one fixed slot per attribute key
/// the ICP uses, strings replaced by integer ids. Build it once with ``AccountSchema/encode(_:)``
/// and score it any number of times without hashing or allocating.
public struct EncodedAccount: Hashable, Sendable {
    /// Slot values, indexed by the schema's slot numbers.
    var values: [SlotValue]
    /// String ids of list attributes, referenced by slots.
    var pool: [Int32]
}
