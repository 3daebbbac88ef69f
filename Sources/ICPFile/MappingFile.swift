public import ICPDomain
import Yams

/// The field mapping as a YAML file (`icpledger mapping set FILE`), read by the ICP files' reader, so
/// a mistake names its line and column and a misspelt key gets the nearest known one:
///
/// ```yaml
/// format: icpledger-mapping/v1
/// columns:
///   Industry: industry                 # the column feeds the key, read as the key's rules expect
///   Employee Range: {key: employees, as: range, pick: lower}
///   Tech Stack: {key: stack, as: list, separator: ","}
///   Funded: {key: recentFunding, as: boolean, true-words: [Series A, Series B], false-words: [Bootstrapped]}
///   Segment:
///     key: industry
///     values: {Financial Services: fintech, Insurance: insurtech}
/// ```
public enum MappingFile {
    /// Reads a mapping file (checked by the domain's rules when it is set, not here).
    public static func parse(_ source: String) throws(ICPFileError) -> FieldMapping {
        var reader = FileReader()
        return try reader.readMapping(source)
    }

    /// The file for a mapping: reading it back gives the same mapping.
    public static func render(_ mapping: FieldMapping) -> String {
        var lines = [
            "# How this workspace's CRM exports feed its ICPs' keys. Columns named like a key need no entry.",
            "# as: auto (as the key's rules expect), text, number, boolean, list, range",
            "format: \(ICPFileKey.mappingFormatV1)",
        ]
        if mapping.columns.isEmpty {
            lines.append("columns: {}")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("columns:")
        for column in mapping.columns {
            let name = YAMLText.string(column.column)
            let plain =
                column.reading == .auto && column.separator == nil && column.trueWords == nil && column.falseWords == nil && column.pick == nil
                && (column.values ?? [:]).isEmpty
            if plain {
                lines.append("  \(name): \(YAMLText.string(column.key))")
                continue
            }
            lines.append("  \(name):")
            lines.append("    key: \(YAMLText.string(column.key))")
            if column.reading != .auto { lines.append("    as: \(column.reading.rawValue)") }
            if let separator = column.separator { lines.append("    separator: \(YAMLText.quoted(separator))") }
            if let pick = column.pick { lines.append("    pick: \(pick.rawValue)") }
            if let words = column.trueWords {
                lines.append("    true-words: [\(words.map { YAMLText.string($0, flow: true) }.joined(separator: ", "))]")
            }
            if let words = column.falseWords {
                lines.append("    false-words: [\(words.map { YAMLText.string($0, flow: true) }.joined(separator: ", "))]")
            }
            if let values = column.values, !values.isEmpty {
                lines.append("    values:")
                for (from, to) in values.sorted(by: { $0.key < $1.key }) { lines.append("      \(YAMLText.string(from)): \(YAMLText.string(to))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension FileReader {
    mutating func readMapping(_ source: String) throws(ICPFileError) -> FieldMapping {
        guard let root = try Self.compose(source), !Self.isNull(root) else {
            throw .invalidValue(path: "(document)", message: "the file is empty; a mapping needs columns", location: nil)
        }
        let top = try mapping(root, path: "", known: ICPFileKey.mapping, what: "a mapping with the keys format and columns")
        if let node = top.optional("format") {
            let format = try text(node, "format")
            guard format == ICPFileKey.mappingFormatV1 else {
                throw .invalidValue(
                    path: "format", message: "expected \(ICPFileKey.mappingFormatV1), found '\(format)'", location: Self.location(node))
            }
        }
        guard let columnsNode = top.optional("columns") else { return FieldMapping() }
        guard case .mapping(let map) = columnsNode else {
            throw .wrongType(
                path: "columns", expected: "a mapping of column names to keys", found: Self.describe(columnsNode),
                location: Self.location(columnsNode))
        }
        var columns: [ColumnMapping] = []
        for (nameNode, value) in map {
            let column = try text(nameNode, "columns")
            let path = "columns.\(column)"
            if case .scalar = value {
                columns.append(ColumnMapping(column: column, key: try text(value, path)))
                continue
            }
            let fields = try mapping(value, path: path, known: ICPFileKey.mappedColumn, what: "a key, or a mapping with key and as")
            var entry = ColumnMapping(column: column, key: try text(try fields.required("key"), path + ".key"))
            if let node = fields.optional("as") {
                entry.reading = try choice(node, path + ".as", ColumnMapping.Reading.allCases.map { ($0.rawValue, $0) }, what: "reading")
            }
            if let node = fields.optional("separator") { entry.separator = try text(node, path + ".separator") }
            if let node = fields.optional("pick") {
                entry.pick = try choice(node, path + ".pick", ColumnMapping.Pick.allCases.map { ($0.rawValue, $0) }, what: "pick")
            }
            if let node = fields.optional("true-words") { entry.trueWords = try words(node, path + ".true-words") }
            if let node = fields.optional("false-words") { entry.falseWords = try words(node, path + ".false-words") }
            if let node = fields.optional("values") {
                guard case .mapping(let pairs) = node else {
                    throw .wrongType(
                        path: path + ".values", expected: "a mapping of values to replacements", found: Self.describe(node),
                        location: Self.location(node))
                }
                var values: [String: String] = [:]
                for (from, to) in pairs { values[try text(from, path + ".values")] = try text(to, path + ".values") }
                entry.values = values
            }
            columns.append(entry)
        }
        return FieldMapping(columns: columns)
    }

    mutating func words(_ node: Node, _ path: String) throws(ICPFileError) -> [String] {
        if case .scalar = node { return [try text(node, path)] }
        var result: [String] = []
        for (index, item) in try sequence(node, path).enumerated() { result.append(try text(item, "\(path)[\(index)]")) }
        return result
    }
}
