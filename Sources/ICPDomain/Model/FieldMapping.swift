import Foundation

/// How a workspace's CRM exports map onto its ICPs' keys: for each column that is not named like
/// the key it feeds, the key, and how its text is read. Kept as events (``FieldMappingSet``), so
/// every change to it is in the history; columns named like a key need no entry.
public struct FieldMapping: Hashable, Sendable, Codable {
    /// The mapped columns, in the order the file gave them.
    public var columns: [ColumnMapping]

    public init(columns: [ColumnMapping] = []) { self.columns = columns }

    /// The most columns a mapping may map.
    public static let maxColumns = 200

    /// Every problem, each with its path (`columns[2].separator`).
    public func validate() -> [ValidationError] {
        var errors: [ValidationError] = []
        if columns.count > Self.maxColumns {
            errors.append(.init(.tooMany, at: "columns", "At most \(Self.maxColumns) columns can be mapped; this maps \(columns.count)."))
        }
        var seen: Set<String> = []
        for (index, column) in columns.enumerated() {
            let path = "columns[\(index)]"
            errors += TextRule.name.problems(column.column, at: path + ".column")
            if column.column.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(.init(.empty, at: path + ".column", "A mapped column needs its name."))
            }
            if !seen.insert(column.column).inserted {
                errors.append(.init(.duplicateRule, at: path + ".column", "The column \(column.column) is mapped twice."))
            }
            errors += TextRule.key.problems(column.key, at: path + ".key")
            if column.key.isEmpty { errors.append(.init(.empty, at: path + ".key", "Name the ICP key the column feeds.")) }
            if let separator = column.separator, separator.count != 1 || separator == "\"" || separator.first!.isNewline {
                errors.append(.init(.invalidReference, at: path + ".separator", "A list separator is one character, not a quote or a line break."))
            }
            if column.separator != nil && column.reading != .list {
                errors.append(.init(.invalidReference, at: path + ".separator", "A separator applies to lists (as: list)."))
            }
            if (column.trueWords != nil || column.falseWords != nil) && column.reading != .boolean {
                errors.append(.init(.invalidReference, at: path + ".true", "Words for yes and no apply to yes/no values (as: boolean)."))
            }
            if column.pick != nil && column.reading != .range {
                errors.append(.init(.invalidReference, at: path + ".pick", "pick applies to ranges (as: range)."))
            }
            let words = (column.trueWords ?? []) + (column.falseWords ?? [])
            if words.count > 50 { errors.append(.init(.tooMany, at: path + ".true", "At most 50 words for yes and no.")) }
            for word in words { errors += TextRule.name.problems(word, at: path + ".true") }
            if Set((column.trueWords ?? []).map { $0.lowercased() }).intersection((column.falseWords ?? []).map { $0.lowercased() }).isEmpty == false
            {
                errors.append(.init(.duplicateRule, at: path + ".false", "A word cannot mean both yes and no."))
            }
            if let values = column.values {
                if values.count > 1_000 { errors.append(.init(.tooMany, at: path + ".values", "At most 1,000 value replacements per column.")) }
                for (from, to) in values.sorted(by: { $0.key < $1.key }) {
                    errors += TextRule.name.problems(from, at: path + ".values")
                    errors += TextRule.name.problems(to, at: path + ".values.\(from)")
                }
            }
        }
        return errors
    }

    /// The mapping of a column, if it has one.
    public func mapping(of column: String) -> ColumnMapping? { columns.first { $0.column == column } }
}

/// One mapped column: the key it feeds and how its text is read.
public struct ColumnMapping: Hashable, Sendable, Codable {
    /// How a column's text becomes a value.
    public enum Reading: String, Hashable, Sendable, Codable, CaseIterable {
        /// As the key's rules expect (numbers, yes/no, `;`-lists or text).
        case auto
        case text
        case number
        case boolean
        /// Values separated by ``ColumnMapping/separator`` (default `;`).
        case list
        /// A bucket such as `51-200`, `1000+` or `<50`, read as a number (``ColumnMapping/pick``).
        case range
    }

    /// Which number a range stands for.
    public enum Pick: String, Hashable, Sendable, Codable, CaseIterable {
        case lower, middle, upper
    }

    /// The column's header in the export.
    public var column: String
    /// The ICP key it feeds.
    public var key: String
    public var reading: Reading
    public var separator: String?
    /// Extra words for yes and no (the usual ones — yes/no, true/false, y/n, 1/0 — always count).
    public var trueWords: [String]?
    public var falseWords: [String]?
    /// For ranges; default `middle`.
    public var pick: Pick?
    /// Replacements applied to the text first (to each item of a list), ignoring case:
    /// `Financial Services` → `fintech`.
    public var values: [String: String]?

    public init(
        column: String, key: String, reading: Reading = .auto, separator: String? = nil, trueWords: [String]? = nil,
        falseWords: [String]? = nil, pick: Pick? = nil, values: [String: String]? = nil
    ) {
        self.column = column
        self.key = key
        self.reading = reading
        self.separator = separator
        self.trueWords = trueWords
        self.falseWords = falseWords
        self.pick = pick
        self.values = values
    }

    enum CodingKeys: String, CodingKey {
        case column, key, reading, separator, trueWords, falseWords, pick, values
    }

    /// Reads a column mapping; `reading` may be left out (auto).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        column = try container.decode(String.self, forKey: .column)
        key = try container.decode(String.self, forKey: .key)
        reading = try container.decodeIfPresent(Reading.self, forKey: .reading) ?? .auto
        separator = try container.decodeIfPresent(String.self, forKey: .separator)
        trueWords = try container.decodeIfPresent([String].self, forKey: .trueWords)
        falseWords = try container.decodeIfPresent([String].self, forKey: .falseWords)
        pick = try container.decodeIfPresent(Pick.self, forKey: .pick)
        values = try container.decodeIfPresent([String: String].self, forKey: .values)
    }

    /// The text after the value replacements.
    func replaced(_ text: String) -> String {
        guard let values, !values.isEmpty else { return text }
        let folded = text.lowercased()
        return values.first { $0.key.lowercased() == folded }?.value ?? text
    }

    /// A bucket's number: `51-200` (or `51 – 200`, `51 to 200`), `1000+`, `>1000`, `<50`, `up to 50`, or one number.
    public static func range(_ text: String, pick: Pick) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasSuffix("+") { return AccountReader.number(String(t.dropLast())) }
        if t.hasPrefix(">") { return AccountReader.number(String(t.drop { $0 == ">" || $0 == "=" })) }
        if t.hasPrefix("<") { return AccountReader.number(String(t.drop { $0 == "<" || $0 == "=" })) }
        if t.hasPrefix("up to ") { return AccountReader.number(String(t.dropFirst(6))) }
        for dash in [" to ", "–", "—", "-"] {
            let parts = t.components(separatedBy: dash)
            guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty,
                let low = AccountReader.number(parts[0]), let high = AccountReader.number(parts[1]), low <= high
            else { continue }
            switch pick {
            case .lower: return low
            case .upper: return high
            case .middle: return (low + high) / 2
            }
        }
        return AccountReader.number(t)
    }
}
