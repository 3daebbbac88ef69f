import Yams

/// What a YAML scalar means in an ICP file, following the YAML 1.2 core schema for plain scalars.
///
/// Quoted and block scalars are always text. Plain `yes`/`no`/`on`/`off` are refused as ambiguous
/// (YAML 1.1 tools read them as booleans, YAML 1.2 tools as text).
enum PlainScalar: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case ambiguous(String)
    case text(String)

    /// Resolves a scalar node by its style and text.
    init(_ scalar: Node.Scalar) {
        if scalar.style == .plain || scalar.style == .any {
            self = PlainScalar(plain: scalar.string)
        } else {
            self = .text(scalar.string)
        }
    }

    /// Resolves the text of a plain scalar.
    init(plain text: String) {
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE": self = .bool(true)
        case "false", "False", "FALSE": self = .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": self = .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": self = .number(-.infinity)
        case ".nan", ".NaN", ".NAN": self = .number(.nan)
        default:
            if ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
                self = .ambiguous(text)
            } else if PlainScalar.isNumber(text), let value = Double(text) {
                self = .number(value)
            } else {
                self = .text(text)
            }
        }
    }

    /// True for `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the YAML 1.2 core number form.
    static func isNumber(_ text: String) -> Bool {
        var chars = Array(text.utf8)[...]
        func digits() -> Int {
            var n = 0
            while let c = chars.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                chars.removeFirst()
                n += 1
            }
            return n
        }
        if let c = chars.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { chars.removeFirst() }
        let whole = digits()
        var fraction = 0
        if chars.first == UInt8(ascii: ".") {
            chars.removeFirst()
            fraction = digits()
            if whole == 0 && fraction == 0 { return false }
        } else if whole == 0 {
            return false
        }
        if let c = chars.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            chars.removeFirst()
            if let s = chars.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { chars.removeFirst() }
            if digits() == 0 { return false }
        }
        return chars.isEmpty
    }

    /// A short description for error messages, e.g. `the number 20` or `the text 'heavy'`.
    var found: String {
        switch self {
        case .null: "nothing (null)"
        case .bool(let b): "the flag \(b)"
        case .number(let n): "the number \(YAMLText.number(n))"
        case .ambiguous(let s): "'\(s)'"
        case .text(let s): "the text '\(s)'"
        }
    }
}
