import ByteText
import Foundation

/// Accounts to score, read from a CSV export (a header row, then one account per row; `,`, `;` or
/// tab separated, quoted fields, a BOM — see ``CSVParser``) or from JSON (one object, an array of
/// objects, or `{"accounts": [...]}`; values are text, numbers, booleans, lists of text or null).
public struct AccountFile: Sendable {
    /// One account: where it is in the file, a label for people, and its fields.
    public struct Row: Sendable {
        /// The line it begins on (CSV) or its position from 1 (JSON).
        public var row: Int
        /// Its id or name, from the first column called id, account id, account name, account, company
        /// name, company, name, organization or domain (ignoring case, spaces and underscores).
        public var label: String?
        public var fields: [String: AccountReader.Value]
    }

    /// The column names (CSV) or every key seen (JSON).
    public var columns: [String]
    public var rows: [Row]

    /// Why a file cannot be read.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The columns a label is taken from, in order of preference, compared by their letters and
    /// digits only (`Account Name`, `account_name` and `AccountName` are one).
    static let labelColumns = [
        "id", "accountid", "accountname", "account", "companyname", "company", "name", "organization", "organisation", "domain", "website",
    ]

    /// A column name reduced to lower-case letters and digits.
    static func folded(_ column: String) -> String { String(column.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }) }

    /// Reads CSV, or JSON when the first character that is not a space or a BOM is `[` or `{`.
    /// At most `maxRows` accounts.
    public static func read(_ bytes: [UInt8], maxRows: Int = .max) throws(Failure) -> AccountFile {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let first = bytes[start...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") { return try json(Array(bytes[start...]), maxRows: maxRows) }
        return try csv(bytes, maxRows: maxRows)
    }

    static func csv(_ bytes: [UInt8], maxRows: Int) throws(Failure) -> AccountFile {
        let records: [(fields: [String], line: Int)]
        do {
            records = try CSVParser.records(bytes)
        } catch {
            throw Failure("\(error)")
        }
        guard let header = records.first else { throw Failure("the file is empty: a header row naming the columns is needed") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: Set<String> = []
        for column in columns where !column.isEmpty {
            guard seen.insert(column).inserted else { throw Failure("line \(header.line): the column \(column) is named twice") }
        }
        guard records.count - 1 <= maxRows else {
            throw Failure("the file holds \(records.count - 1) accounts; at most \(maxRows) are scored at once")
        }
        let labelIndex = labelColumns.lazy.compactMap { name in columns.firstIndex { folded($0) == name } }.first
        var rows: [Row] = []
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                throw Failure("line \(record.line): \(record.fields.count) fields, but the header names \(columns.count) columns")
            }
            var fields: [String: AccountReader.Value] = [:]
            for (column, value) in zip(columns, record.fields) where !column.isEmpty { fields[column] = .text(value) }
            let label = labelIndex.map { record.fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            rows.append(Row(row: record.line, label: label, fields: fields))
        }
        return AccountFile(columns: columns, rows: rows)
    }

    static func json(_ bytes: [UInt8], maxRows: Int) throws(Failure) -> AccountFile {
        let list: [[String: JSONField]]
        let decoder = JSONDecoder()
        if let array = try? decoder.decode([[String: JSONField]].self, from: Data(bytes)) {
            list = array
        } else if let wrapper = try? decoder.decode(Accounts.self, from: Data(bytes)) {
            list = wrapper.accounts
        } else if let single = try? decoder.decode([String: JSONField].self, from: Data(bytes)) {
            list = [single]
        } else {
            throw Failure(
                "expected an account object, an array of them, or {\"accounts\": [...]}, whose values are text, numbers, true or false, lists of text, or null"
            )
        }
        guard list.count <= maxRows else { throw Failure("the file holds \(list.count) accounts; at most \(maxRows) are scored at once") }
        var columns: [String] = []
        var known: Set<String> = []
        var rows: [Row] = []
        for (index, account) in list.enumerated() {
            for key in account.keys.sorted() where known.insert(key).inserted { columns.append(key) }
            let fields = account.mapValues(\.value)
            let label = labelColumns.lazy.compactMap { name -> String? in
                guard let key = account.keys.sorted().first(where: { folded($0) == name }) else { return nil }
                switch fields[key] {
                case .text(let text)?: return text
                case .number(let number)?: return AccountReader.text(number)
                default: return nil
                }
            }.first
            rows.append(Row(row: index + 1, label: label, fields: fields))
        }
        return AccountFile(columns: columns, rows: rows)
    }

    struct Accounts: Decodable {
        var accounts: [[String: JSONField]]
    }

    /// A JSON value an account field may hold.
    struct JSONField: Decodable {
        var value: AccountReader.Value

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                value = .null
            } else if let flag = try? container.decode(Bool.self) {
                value = .flag(flag)
            } else if let number = try? container.decode(Double.self) {
                value = .number(number)
            } else if let text = try? container.decode(String.self) {
                value = .text(text)
            } else {
                value = .list(try container.decode([String].self))
            }
        }
    }
}

/// One account's score as people and tools read it: the row, its label, and the explained score.
public struct ScoredAccount: Sendable, Hashable, Codable {
    public var row: Int
    public var label: String?
    /// The revision that produced it.
    public var revision: Int
    public var tier: Tier
    /// 0–100, to one decimal.
    public var score: Double
    /// False when a disqualifier matched (the score is still given).
    public var qualified: Bool
    public var disqualifiedBy: [DisqualifierHit]
    /// Keys of disqualifiers that could not be checked: their value is unknown.
    public var uncheckedDisqualifiers: [String]
    public var matched: [SignalRef]
    public var missed: [SignalRef]
    /// Signals whose value is unknown (absent, empty, or a column the file does not have).
    public var unknown: [SignalRef]
    /// The share of signal weight whose value was known, 0–1.
    public var coverage: Double

    public init(row: Int, label: String?, score result: AccountScore, definition: ICPDefinition) {
        self.row = row
        self.label = label
        revision = result.revision
        tier = result.tier
        score = (result.score * 10).rounded() / 10
        qualified = result.qualified
        disqualifiedBy = result.disqualifiedBy
        uncheckedDisqualifiers = result.uncheckedDisqualifiers.map { definition.disqualifiers[$0].key }
        matched = result.matched
        missed = result.missed
        unknown = result.unknown
        coverage = (result.coverage * 1000).rounded() / 1000
    }
}

/// A row that could not be scored, with every field at fault.
public struct UnreadableAccount: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var row: Int
    public var label: String?
    public var problems: [AccountReader.Problem]

    public var description: String {
        "row \(row)\(label.map { " (\(TextEscaping.visible($0, limit: 40)))" } ?? ""): " + problems.map(\.description).joined(separator: "; ")
    }
}

extension CompiledScorer {
    /// Scores every row of a file, its columns read through `mapping`; rows whose fields cannot be
    /// read are returned apart, unscored.
    public func score(_ file: AccountFile, mapping: FieldMapping = FieldMapping()) -> (scores: [ScoredAccount], unreadable: [UnreadableAccount]) {
        let reader = AccountReader(definition: definition, mapping: mapping)
        var scores: [ScoredAccount] = []
        var unreadable: [UnreadableAccount] = []
        for row in file.rows {
            let (attributes, problems) = reader.attributes(row.fields)
            if !problems.isEmpty {
                unreadable.append(UnreadableAccount(row: row.row, label: row.label, problems: problems))
                continue
            }
            scores.append(ScoredAccount(row: row.row, label: row.label, score: score(attributes), definition: definition))
        }
        return (scores, unreadable)
    }
}
