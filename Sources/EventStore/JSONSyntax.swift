import ByteText

/// A strict RFC 8259 syntax check for event payloads.
///
/// The store keeps payloads verbatim inside the canonical text and no longer has PostgreSQL
/// parse them into jsonb, so it checks them itself before hashing: the top level must be an
/// object or array, and `\u0000` is refused so every stored event still casts to jsonb.
enum JSONSyntax {
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Whether the bytes are one JSON object or array, with optional surrounding whitespace.
    static func isValidDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var checker = Checker(bytes: bytes)
        checker.whitespace()
        guard checker.index < bytes.count, bytes[checker.index] == UInt8(ascii: "{") || bytes[checker.index] == UInt8(ascii: "[")
        else { return false }
        guard checker.value(depth: 0) else { return false }
        checker.whitespace()
        return checker.index == bytes.count
    }

    private struct Checker {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        static let maxDepth = 512

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func whitespace() {
            while let byte = current, JSONSyntax.isWhitespace(byte) { index += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < Self.maxDepth, let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func object(depth: Int) -> Bool {
            index += 1
            whitespace()
            if consume(UInt8(ascii: "}")) { return true }
            while true {
                whitespace()
                guard string() else { return false }
                whitespace()
                guard consume(UInt8(ascii: ":")) else { return false }
                whitespace()
                guard value(depth: depth + 1) else { return false }
                whitespace()
                if consume(UInt8(ascii: "}")) { return true }
                guard consume(UInt8(ascii: ",")) else { return false }
            }
        }

        mutating func array(depth: Int) -> Bool {
            index += 1
            whitespace()
            if consume(UInt8(ascii: "]")) { return true }
            while true {
                whitespace()
                guard value(depth: depth + 1) else { return false }
                whitespace()
                if consume(UInt8(ascii: "]")) { return true }
                guard consume(UInt8(ascii: ",")) else { return false }
            }
        }

        mutating func string() -> Bool {
            guard consume(UInt8(ascii: "\"")) else { return false }
            while let byte = current {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return true
                case UInt8(ascii: "\\"):
                    guard let escape = current else { return false }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        // jsonb refuses NUL and unpaired surrogates; so does the store.
                        guard let code = hex4(), code != 0, !(0xDC00..<0xE000).contains(code) else { return false }
                        if (0xD800..<0xDC00).contains(code) {
                            guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")),
                                let low = hex4(), (0xDC00..<0xE000).contains(low)
                            else { return false }
                        }
                    default:
                        return false
                    }
                case 0..<0x20:
                    return false
                default:
                    continue
                }
            }
            return false
        }

        mutating func hex4() -> UInt32? {
            guard let code = Hex.fourDigits(in: bytes, at: index) else { return nil }
            index += 4
            return code
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = word.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            index += count
            return matches
        }

        mutating func number() -> Bool {
            _ = consume(UInt8(ascii: "-"))
            guard let first = current, isDigit(first) else { return false }
            index += 1
            if first != UInt8(ascii: "0") { digits() }
            if consume(UInt8(ascii: ".")) {
                guard let byte = current, isDigit(byte) else { return false }
                digits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
                guard let byte = current, isDigit(byte) else { return false }
                digits()
            }
            return true
        }

        mutating func digits() {
            while let byte = current, isDigit(byte) { index += 1 }
        }

        func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
    }
}
