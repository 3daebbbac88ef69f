import Foundation

/// Reads an account's fields — text from a CSV export, or JSON values — into the attribute values
/// a definition's rules compare, by what each key's rules expect: numbers for ranges and
/// thresholds, yes/no for boolean equality, `;`-separated lists where a rule looks inside a list or
/// a set, text otherwise. Keys the definition does not read are ignored; an empty field is an
/// unknown value (the missing-data policy decides what that costs), never a miss. A value that
/// cannot be read as what its key expects is a problem naming the field, not a guess.
public struct AccountReader: Sendable {
    /// What the rules of a key expect.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// One text value (equality, or only "exists").
        case text
        /// Text that may hold several values separated by `;` (`in`, `not-in`, `contains`).
        case list
        case number
        case boolean
    }

    /// One field as it arrived.
    public enum Value: Sendable, Hashable {
        case text(String)
        case number(Double)
        case flag(Bool)
        case list([String])
        case null
    }

    /// A field that could not be read.
    public struct Problem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
        public var field: String
        public var reason: String
        public var description: String { "\(field): \(reason)" }
    }

    /// The kind of every key the definition reads.
    public let kinds: [String: Kind]
    /// Where each key's value is read from: mapped columns first, in the mapping's order, then the
    /// column named like the key (unless the mapping sends that column to another key).
    let sources: [String: [(column: String, mapping: ColumnMapping?)]]

    public init(definition: ICPDefinition, mapping: FieldMapping = FieldMapping()) {
        var kinds: [String: Kind] = [:]
        let rules: [(String, SignalOperator, RuleValue?)] =
            definition.disqualifiers.map { ($0.key, $0.op, $0.value) } + definition.signals.all.map { ($0.signal.key, $0.signal.op, $0.signal.value) }
        for (key, op, value) in rules {
            let kind: Kind
            switch (op, value) {
            case (.between, _), (.atLeast, _), (.atMost, _), (.equals, .number?): kind = .number
            case (.equals, .bool?): kind = .boolean
            case (.in, _), (.notIn, _), (.contains, _): kind = .list
            default: kind = .text
            }
            // The first rule that says more than "text" decides (a key compared as a number by one rule
            // and as text by another is read as a number).
            if let known = kinds[key], known != .text { continue }
            kinds[key] = kind
        }
        self.kinds = kinds
        var sources: [String: [(column: String, mapping: ColumnMapping?)]] = [:]
        for key in kinds.keys {
            var list = mapping.columns.filter { $0.key == key }.map { (column: $0.column, mapping: Optional($0)) }
            if mapping.mapping(of: key) == nil { list.append((column: key, mapping: nil)) }
            sources[key] = list
        }
        self.sources = sources
    }

    /// The attributes of one account, with every field that could not be read.
    public func attributes(_ fields: [String: Value]) -> (attributes: [String: AttributeValue], problems: [Problem]) {
        var attributes: [String: AttributeValue] = [:]
        var problems: [Problem] = []
        for (key, kind) in kinds {
            // The first source with a value feeds the key; the others are not read.
            for source in sources[key] ?? [] {
                guard let value = fields[source.column] else { continue }
                let outcome = source.mapping.map { read(value, through: $0, as: kind) } ?? read(value, as: kind)
                switch outcome {
                case .success(let attribute?): attributes[key] = attribute
                case .success(nil): continue
                case .failure(let reason):
                    problems.append(Problem(field: source.column == key ? key : "\(source.column) (\(key))", reason: reason.text))
                }
                break
            }
        }
        return (attributes, problems.sorted { $0.field < $1.field })
    }

    /// A value read through a column's mapping: its replacements, then its reading.
    func read(_ value: Value, through mapping: ColumnMapping, as kind: Kind) -> Result<AttributeValue?, Reason> {
        switch (value, mapping.reading) {
        case (.text(let raw), _):
            let text = Self.trimmedField(raw)
            if text.isEmpty { return .success(nil) }
            switch mapping.reading {
            case .auto:
                if kind == .list { return read(.list(Self.list(text).map(mapping.replaced)), as: .list) }
                return read(.text(mapping.replaced(text)), as: kind)
            case .text: return .success(.string(mapping.replaced(text)))
            case .number: return read(.text(mapping.replaced(text)), as: .number)
            case .boolean:
                let word = mapping.replaced(text).lowercased()
                if mapping.trueWords?.contains(where: { $0.lowercased() == word }) == true { return .success(.bool(true)) }
                if mapping.falseWords?.contains(where: { $0.lowercased() == word }) == true { return .success(.bool(false)) }
                return read(.text(word), as: .boolean)
            case .list:
                let separator = mapping.separator?.first ?? ";"
                let items = text.split(separator: separator).map { mapping.replaced(Self.trimmedField($0)) }
                return read(.list(items), as: .list)
            case .range:
                guard let number = ColumnMapping.range(mapping.replaced(text), pick: mapping.pick ?? .middle) else {
                    return .failure(Reason(text: "'\(TextEscaping.visible(text, limit: 40))' is not a range like 51-200, 1000+ or <50"))
                }
                return .success(.number(number))
            }
        case (.list(let items), _):
            return read(.list(items.map(mapping.replaced)), as: mapping.reading == .auto ? kind : .list)
        case (_, .auto), (_, .text), (_, .list): return read(value, as: kind)
        case (_, .number), (_, .range): return read(value, as: .number)
        case (_, .boolean): return read(value, as: .boolean)
        }
    }

    struct Reason: Error { let text: String }

    func read(_ value: Value, as kind: Kind) -> Result<AttributeValue?, Reason> {
        switch (value, kind) {
        case (.null, _): return .success(nil)
        case (.text(let raw), _):
            let text = Self.trimmedField(raw)
            if text.isEmpty { return .success(nil) }
            switch kind {
            case .text: return .success(.string(text))
            case .list:
                let parts = Self.list(text)
                return .success(parts.count == 1 ? .string(parts[0]) : parts.isEmpty ? nil : .stringList(parts))
            case .number:
                guard let number = Self.number(text) else {
                    return .failure(Reason(text: "'\(TextEscaping.visible(text, limit: 40))' is not a number"))
                }
                return .success(.number(number))
            case .boolean:
                guard let flag = Self.boolean(text) else {
                    return .failure(Reason(text: "'\(TextEscaping.visible(text, limit: 40))' is not yes or no (true/false, yes/no, y/n, 1/0)"))
                }
                return .success(.bool(flag))
            }
        case (.number(let number), .number):
            return number.isFinite ? .success(.number(number)) : .failure(Reason(text: "not a finite number"))
        case (.number(let number), .text), (.number(let number), .list):
            return .success(.string(Self.text(number)))
        case (.number, .boolean): return .failure(Reason(text: "expects yes or no, not a number"))
        case (.flag(let flag), .boolean): return .success(.bool(flag))
        case (.flag, _): return .failure(Reason(text: "expects \(kind == .number ? "a number" : "text"), not true or false"))
        case (.list(let items), .list):
            let parts = items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            return .success(parts.isEmpty ? nil : .stringList(parts))
        case (.list, _): return .failure(Reason(text: "expects one value, not a list"))
        }
    }

    /// `;`-separated values, trimmed, empty ones dropped.
    public static func list(_ text: String) -> [String] {
        if !text.utf8.contains(UInt8(ascii: ";")) {
            let one = trimmedField(text)
            return one.isEmpty ? [] : [one]
        }
        return text.split(separator: ";").map { trimmedField($0) }.filter { !$0.isEmpty }
    }

    /// A part of a field without surrounding white space: ASCII spaces, tabs and line breaks are cut
    /// byte by byte; Foundation's trimming takes over when a non-ASCII character is at an edge.
    static func trimmedField(_ part: Substring) -> String {
        let bytes = part.utf8
        var start = bytes.startIndex, end = bytes.endIndex
        func space(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while start < end, space(bytes[start]) { start = bytes.index(after: start) }
        while end > start, space(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if start == end { return "" }
        guard bytes[start] < 0x80, bytes[bytes.index(before: end)] < 0x80 else { return part.trimmingCharacters(in: .whitespacesAndNewlines) }
        return String(part[start..<end])
    }

    /// A field without surrounding white space: the field itself, uncopied, when it starts and ends
    /// with a printable ASCII character — nearly every field of an export — and Foundation's trimming
    /// otherwise.
    @inline(__always)
    static func trimmedField(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A number written plainly — digits, at most one `.`, a leading `-` — read directly; nil for
    /// anything else (which ``number(_:)`` then reads the long way, to the same result).
    static func plainNumber(_ text: String) -> Double? {
        var dots = 0
        var index = 0
        for byte in text.utf8 {
            defer { index += 1 }
            if byte >= 0x30 && byte <= 0x39 { continue }
            if byte == 0x2E {
                dots += 1
                if dots > 1 { return nil }
                continue
            }
            if byte == 0x2D && index == 0 { continue }
            return nil
        }
        guard let number = Double(text), number.isFinite else { return nil }
        return number
    }

    /// A number as exports write amounts and counts: `1200`, `-3.5`, `1,200,000.50`, `1.200.000,50`,
    /// `1 200`, `$1,200`, `1200 €`, `12,5` (a decimal comma). Nil when it is anything else.
    public static func number(_ text: String) -> Double? {
        if let plain = plainNumber(text) { return plain }
        var body: String
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (most exports): the same filtering, byte by byte.
            body = String(decoding: text.utf8.filter { $0 != UInt8(ascii: "$") && $0 != 0x20 && $0 != UInt8(ascii: "'") }, as: UTF8.self)
        } else {
            var scalars = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                switch scalar {
                case "$", "€", "£", "¥", "₹", "\u{A0}", "\u{202F}", "\u{2009}", " ", "'": continue  // currency signs and digit-group spaces
                default: scalars.append(scalar)
                }
            }
            body = String(scalars)
        }
        guard !body.isEmpty else { return nil }
        let hasComma = body.utf8.contains(UInt8(ascii: ",")), hasDot = body.utf8.contains(UInt8(ascii: "."))
        if hasComma && hasDot {
            // The last of the two is the decimal separator; the other groups digits before it.
            let decimalIsComma = body.lastIndex(of: ",")! > body.lastIndex(of: ".")!
            let (group, decimal): (Character, Character) = decimalIsComma ? (".", ",") : (",", ".")
            let cut = body.lastIndex(of: decimal)!
            guard let whole = ungrouped(body[..<cut], by: group), !body[body.index(after: cut)...].contains(group) else { return nil }
            body = whole + "." + body[body.index(after: cut)...]
        } else if hasComma {
            let groups = body.split(separator: ",", omittingEmptySubsequences: false)
            if groups.count == 2 && groups[1].count != 3 {
                body = body.replacingOccurrences(of: ",", with: ".")  // a decimal comma: 12,5
            } else {
                guard let whole = ungrouped(Substring(body), by: ",") else { return nil }
                body = whole
            }
        } else if hasDot, body.split(separator: ".", omittingEmptySubsequences: false).count > 2 {
            guard let whole = ungrouped(Substring(body), by: ".") else { return nil }  // 1.200.000
            body = whole
        }
        guard body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }),
            let number = Double(body), number.isFinite
        else { return nil }
        return number
    }

    /// Digits grouped by `separator` — in threes (1,200,000) or the Indian way (12,34,567) — without
    /// it; nil when the groups are not one of those.
    static func ungrouped(_ text: Substring, by separator: Character) -> String? {
        let groups = text.split(separator: separator, omittingEmptySubsequences: false)
        guard groups.count > 1 else { return String(text) }
        var first = groups[0]
        if first.hasPrefix("-") || first.hasPrefix("+") { first = first.dropFirst() }
        let rest = groups.dropFirst()
        let thousands = (1...3).contains(first.count) && rest.allSatisfy { $0.count == 3 }
        let indian = (1...2).contains(first.count) && rest.last?.count == 3 && rest.dropLast().allSatisfy { $0.count == 2 }
        return thousands || indian ? groups.joined() : nil
    }

    /// A JSON number where text is expected (an id, a zip code): whole numbers without a decimal point.
    public static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// Yes or no as exports write it.
    public static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1", "t", "on", "x": true
        case "false", "no", "n", "0", "f", "off": false
        default: nil
        }
    }
}
