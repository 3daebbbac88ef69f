import Foundation

/// The common shapes of an export's fields, read straight from their bytes. Each reader answers
/// only when it is sure to give what ``AccountReader`` gives for the same text, and nil otherwise —
/// nil means "read it the long way", never "not readable" — so a row is read quickly when its
/// fields look like nearly every export's fields, and exactly like ``AccountReader`` always.
enum FieldBytes {
    /// Whether the field starts and ends with a printable ASCII character, so that trimming it
    /// changes nothing.
    @inline(__always)
    static func isPlainEdged(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        return first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F
    }

    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }

    static let powersOfTen: [Double] = (0...15).map { pow(10, Double($0)) }

    /// A number as ``AccountReader/number(_:)`` reads it, for ASCII text of the shape `-$1,234.50`:
    /// `$`, spaces and `'` dropped, an optional leading `-`, digits grouped by `,` in threes (or not
    /// at all), an optional `.` with decimals, at most 15 digits in all. Such a number is a whole
    /// number below 2⁵³ divided by a power of ten that a double holds exactly, which one division
    /// rounds correctly — the same double the text gives. Nil for every other shape.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0, decimals = 0, groupDigits = 0, commas = 0
        var negative = false, dot = false, started = false
        for byte in bytes {
            switch byte {
            case 0x30...0x39:
                guard digits < 15 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                digits += 1
                if dot { decimals += 1 } else { groupDigits += 1 }
                started = true
            case UInt8(ascii: "."):
                guard !dot, groupDigits > 0, commas == 0 || groupDigits == 3 else { return nil }
                dot = true
                started = true
            case UInt8(ascii: ","):
                guard !dot, commas == 0 ? (1...3).contains(groupDigits) : groupDigits == 3 else { return nil }
                commas += 1
                groupDigits = 0
                started = true
            case UInt8(ascii: "$"), 0x20, UInt8(ascii: "'"):
                continue
            case UInt8(ascii: "-"):
                guard !started, !negative else { return nil }
                negative = true
            default:
                return nil
            }
        }
        guard digits > 0, !dot || decimals > 0, commas == 0 || dot || groupDigits == 3 else { return nil }
        let value = Double(mantissa) / powersOfTen[decimals]
        return negative ? -value : value
    }

    /// Yes or no as ``AccountReader/boolean(_:)`` reads it, for ASCII words; nil otherwise.
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count <= 5 else { return nil }
        var word: UInt64 = 0
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            word = word << 8 | UInt64((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
        }
        if trueWords.contains(word) { return true }
        if falseWords.contains(word) { return false }
        return nil
    }

    static func packed(_ word: String) -> UInt64 { word.utf8.reduce(0) { $0 << 8 | UInt64($1) } }
    static let trueWords: Set<UInt64> = Set(["true", "yes", "y", "1", "t", "on", "x"].map(packed))
    static let falseWords: Set<UInt64> = Set(["false", "no", "n", "0", "f", "off"].map(packed))
}

/// An ICP's string values by their bytes, ASCII case folded: the ids ``AccountSchema/id(of:)``
/// gives to ASCII text, found without making a string. Holds every value written in ASCII and
/// every other value equal to an ASCII text under Unicode's canonical equivalence (the Kelvin sign
/// is a K), since a string lookup treats those as equal.
struct ByteVocabulary: Sendable {
    var storage: [UInt8] = []
    /// Open addressing: (start in storage, length, id), length −1 for an empty bucket.
    var buckets: [(start: Int32, count: Int32, id: Int32)]
    let mask: Int

    init(_ vocabulary: [String: Int32]) {
        var size = 8
        while size < vocabulary.count * 2 { size <<= 1 }
        buckets = Array(repeating: (0, -1, -1), count: size)
        mask = size - 1
        for (text, id) in vocabulary {
            // (An array, not a set: a set of strings would keep only one of two canonically equal forms.)
            for form in [text, text.precomposedStringWithCanonicalMapping] where form.utf8.allSatisfy({ $0 < 0x80 }) {
                let folded = Array(form.lowercased().utf8)
                let found = folded.withUnsafeBufferPointer { lookup($0) }
                guard found == -1 else { continue }
                var index = Int(truncatingIfNeeded: folded.withUnsafeBufferPointer(Self.hash)) & mask
                while buckets[index].count >= 0 { index = (index + 1) & mask }
                buckets[index] = (Int32(storage.count), Int32(folded.count), id)
                storage.append(contentsOf: folded)
            }
        }
    }

    /// FNV-1a over the bytes with ASCII letters in lower case.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The id of ASCII text (compared ignoring ASCII case), −1 when the ICP never mentions it.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        var index = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
        return storage.withUnsafeBufferPointer { storage in
            while true {
                let bucket = buckets[index]
                if bucket.count < 0 { return -1 }
                if Int(bucket.count) == bytes.count {
                    var same = true
                    var offset = Int(bucket.start)
                    for byte in bytes {
                        if storage[offset] != ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) {
                            same = false
                            break
                        }
                        offset += 1
                    }
                    if same { return bucket.id }
                }
                index = (index + 1) & mask
            }
        }
    }
}
