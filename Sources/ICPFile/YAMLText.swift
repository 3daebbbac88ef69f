import ICPDomain

/// Deterministic spelling of scalars in an exported ICP file: fixed number format and fixed quoting rules.
enum YAMLText {
    /// A number as written in the file: whole values without a fraction (`20`, `30000`), others in
    /// the shortest form that reads back to the same `Double` (`0.3`, `12.5`, `1e-07`); `.inf`, `-.inf`, `.nan`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }

    /// A string as written in the file: plain when it reads back as the same text under both YAML 1.1
    /// and 1.2 readers, otherwise double-quoted with escapes. `flow` marks list items inside `[…]`.
    static func string(_ value: String, flow: Bool = false) -> String {
        isPlainSafe(value, flow: flow) ? value : quoted(value)
    }

    /// Always double-quoted, with every non-printable character escaped.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += scalar.value <= 0xFF ? "\\x" + hex(scalar.value, width: 2) : "\\u" + hex(scalar.value, width: 4)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Characters that may appear unescaped in the file (never one that could drive a terminal
    /// or reorder what a reader sees, see ``TextRule/isUnsafe(_:)``).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if TextRule.isUnsafe(scalar) { return false }
        return switch scalar.value {
        case 0x20...0x7E: true
        case 0xA0...0xD7FF: true
        case 0xE000...0xFFFD: scalar.value != 0xFEFF
        case 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// True when `value` can be written without quotes and still read back as exactly this text.
    static func isPlainSafe(_ value: String, flow: Bool) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        guard PlainScalar(plain: value) == .text(value) else { return false }
        if first.properties.isWhitespace || last.properties.isWhitespace { return false }
        if "-?:,[]{}#&*!|>'\"%@`.~<=".unicodeScalars.contains(first) { return false }
        if ("0"..."9").contains(first) || ((first == "+") && value.unicodeScalars.count > 1) { return false }
        if last == ":" { return false }
        var previous: Unicode.Scalar = " "
        for scalar in value.unicodeScalars {
            if !isPrintable(scalar) || scalar == "\\" { return false }
            if scalar == "#" && previous == " " { return false }
            if previous == ":" && scalar == " " { return false }
            if flow && ",[]{}:#".unicodeScalars.contains(scalar) { return false }
            previous = scalar
        }
        return true
    }
}
