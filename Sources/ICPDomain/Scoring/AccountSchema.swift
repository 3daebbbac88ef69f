/// Maps attribute keys to slots and string values to ids for one compiled ICP.
///
/// Strings are compared case-insensitively (both sides are lowercased once, when compiling and when
/// encoding). A string the ICP never mentions gets id −1: no rule can equal it, and `notIn` treats it
/// as "not in the list" — exactly what the text comparison would have said.
public struct AccountSchema: Hashable, Sendable {
    /// Attribute key → slot.
    public let slots: [String: Int]
    /// Lowercased string value → id.
    let vocabulary: [String: Int32]
    /// The same ids by bytes, for ASCII text (made from `vocabulary`).
    let byteVocabulary: ByteVocabulary

    init(keys: [String], strings: [String]) {
        var slots: [String: Int] = [:]
        for key in keys where slots[key] == nil { slots[key] = slots.count }
        var vocabulary: [String: Int32] = [:]
        for s in strings {
            let folded = s.lowercased()
            if vocabulary[folded] == nil { vocabulary[folded] = Int32(vocabulary.count) }
        }
        self.slots = slots
        self.vocabulary = vocabulary
        self.byteVocabulary = ByteVocabulary(vocabulary)
    }

    public static func == (a: AccountSchema, b: AccountSchema) -> Bool { a.slots == b.slots && a.vocabulary == b.vocabulary }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slots)
        hasher.combine(vocabulary)
    }

    /// The id of a string value, −1 when the ICP never mentions it.
    func id(of string: String) -> Int32 {
        // Text already in lower case (most values) is looked up as it is, without making a copy.
        let lower = string.utf8.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) }
        return vocabulary[lower ? string : string.lowercased()] ?? -1
    }

    /// Encodes an account once. Attributes the ICP does not read are dropped; absent ones are unknown.
    public func encode(_ attributes: [String: AttributeValue]) -> EncodedAccount {
        var values = [SlotValue](repeating: .unknown, count: slots.count)
        var pool: [Int32] = []
        for (key, value) in attributes {
            guard let slot = slots[key] else { continue }
            values[slot] = slotValue(value, pool: &pool)
        }
        return EncodedAccount(values: values, pool: pool)
    }

    /// One attribute as a slot; a list's ids go to the end of `pool`.
    func slotValue(_ value: AttributeValue, pool: inout [Int32]) -> SlotValue {
        switch value {
        case .string(let s):
            return SlotValue(tag: .string, number: 0, a: id(of: s), b: 0)
        case .number(let n):
            return n.isNaN ? .unknown : SlotValue(tag: .number, number: n, a: 0, b: 0)
        case .bool(let flag):
            return SlotValue(tag: .bool, number: 0, a: flag ? 1 : 0, b: 0)
        case .stringList(let list):
            let start = Int32(pool.count)
            pool.append(contentsOf: list.map(id(of:)))
            return SlotValue(tag: .list, number: 0, a: start, b: Int32(list.count))
        }
    }
}
