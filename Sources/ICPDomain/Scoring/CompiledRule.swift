/// A signal or disqualifier lowered to plain numbers for the scoring loop.
struct CompiledRule: Sendable {
    /// Operator codes, in evaluation order of likelihood.
    enum Code: UInt8, Sendable {
        case exists, equalsString, equalsNumber, equalsBool, inSet, notInSet, between, atLeast, atMost, contains
    }

    /// Evaluation outcome of one rule against one account.
    enum Outcome: UInt8, Sendable {
        case match, miss, unknown
    }

    var slot: Int
    var code: Code
    var weight: Double
    /// Number operand, or the lower bound of a range.
    var low: Double
    /// Upper bound of a range.
    var high: Double
    /// String or bool id operand.
    var id: Int32
    /// Start of the id set in the scorer's set pool, for `in`/`notIn`.
    var setStart: Int
    /// Size of the id set.
    var setCount: Int

    /// Evaluates the rule. `values`, `pool` and `sets` are the account's slots, the account's list pool
    /// and the scorer's set pool.
    @inline(__always)
    func evaluate(_ values: UnsafeBufferPointer<SlotValue>, _ pool: UnsafeBufferPointer<Int32>, _ sets: UnsafeBufferPointer<Int32>) -> Outcome {
        let v = values[slot]
        if code == .exists { return v.tag == .unknown ? .miss : .match }
        switch v.tag {
        case .unknown:
            return .unknown
        case .string:
            switch code {
            case .equalsString, .contains: return v.a == id ? .match : .miss
            case .inSet: return inSet(v.a, sets) ? .match : .miss
            case .notInSet: return inSet(v.a, sets) ? .miss : .match
            default: return .miss
            }
        case .number:
            switch code {
            case .equalsNumber: return v.number == low ? .match : .miss
            case .between: return v.number >= low && v.number <= high ? .match : .miss
            case .atLeast: return v.number >= low ? .match : .miss
            case .atMost: return v.number <= low ? .match : .miss
            default: return .miss
            }
        case .bool:
            return code == .equalsBool && v.a == id ? .match : .miss
        case .list:
            let start = Int(v.a), end = start + Int(v.b)
            switch code {
            case .contains:
                for i in start..<end where pool[i] == id { return .match }
                return .miss
            case .inSet:
                for i in start..<end where inSet(pool[i], sets) { return .match }
                return .miss
            case .notInSet:
                for i in start..<end where inSet(pool[i], sets) { return .miss }
                return .match
            default:
                return .miss
            }
        }
    }

    @inline(__always)
    private func inSet(_ value: Int32, _ sets: UnsafeBufferPointer<Int32>) -> Bool {
        var i = setStart
        let end = setStart + setCount
        while i < end {
            if sets[i] == value { return true }
            i += 1
        }
        return false
    }
}
