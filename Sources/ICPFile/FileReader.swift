import ICPDomain
import Yams

/// Walks a composed YAML node tree into an ``ICPFileDocument``, refusing unknown keys and recording
/// where every field is so that later errors can name a line.
struct FileReader {
    /// Locations of fields by file path (`signals.fit[0].weight`), filled while reading.
    private(set) var locations: [String: ICPFileLocation] = [:]

    // MARK: Document

    mutating func read(_ source: String, validate: Bool) throws(ICPFileError) -> ICPFileDocument {
        guard let root = try Self.compose(source), !Self.isNull(root) else { throw .emptyFile }
        try checkFormat(root)
        let top = try mapping(root, path: "", known: ICPFileKey.topLevel, what: "the ICP file's top-level keys")

        var document = ICPFileDocument(definition: ICPDefinition(name: "", statement: ""))
        if let node = top.optional("workspace") { document.workspace = try text(node, "workspace") }
        if let node = top.optional("icp") {
            let raw = try text(node, "icp")
            guard let id = ICPID(raw) else {
                throw .invalidValue(
                    path: "icp", message: "'\(raw)' is not an ICP id (a UUID); delete the key for a new ICP",
                    location: Self.location(node))
            }
            document.icp = id
        }
        if let node = top.optional("base-revision") {
            let revision = try integer(node, "base-revision")
            guard revision >= 0 else {
                throw .invalidValue(
                    path: "base-revision", message: "a revision number cannot be negative",
                    location: Self.location(node))
            }
            document.baseRevision = revision
        }
        if let node = top.optional("owner") { document.owner = try text(node, "owner") }
        document.definition = try definition(top)

        if validate {
            let issues = issues(for: document.definition.validate(), in: document.definition)
            if !issues.isEmpty { throw .invalidDefinition(issues) }
        }
        return document
    }

    private func checkFormat(_ root: Node) throws(ICPFileError) {
        guard case .mapping(let map) = root else {
            throw .wrongType(
                path: "(document)", expected: "a mapping of keys starting with 'format: \(ICPFileKey.formatV1)'",
                found: Self.describe(root), location: Self.location(root))
        }
        guard let pair = map.first(where: { $0.key.scalar?.string == "format" }) else {
            throw .unsupportedFormat(found: nil, location: Self.location(root))
        }
        let found = pair.value.scalar?.string ?? Self.describe(pair.value)
        if found != ICPFileKey.formatV1 {
            throw .unsupportedFormat(found: found, location: Self.location(pair.value))
        }
    }

    private mutating func definition(_ top: Fields) throws(ICPFileError) -> ICPDefinition {
        var d = ICPDefinition(
            name: try text(top.required("name"), "name"),
            statement: try text(top.required("statement"), "statement"))
        if let node = top.optional("mode") {
            d.mode = try choice(node, "mode", ICPMode.allCases.map { ($0.rawValue, $0) }, what: "mode")
        }
        if let node = top.optional("cadence") { d.cadence = try cadence(node) }
        if let node = top.optional("missing-data") {
            d.missingDataPolicy = try choice(
                node, "missing-data", MissingDataPolicy.allCases.map { ($0.fileName, $0) },
                what: "missing-data policy")
        }
        if let node = top.optional("tiers") {
            let tiers = try mapping(node, path: "tiers", known: ICPFileKey.tiers, what: "tier thresholds {a, b, c}")
            d.thresholds = TierThresholds(
                a: try number(tiers.required("a"), "tiers.a"),
                b: try number(tiers.required("b"), "tiers.b"),
                c: try number(tiers.required("c"), "tiers.c"))
        }
        if let node = top.optional("signals") {
            let families = try mapping(node, path: "signals", known: ICPFileKey.signals, what: "signal families")
            for family in SignalFamily.allCases {
                guard let list = families.optional(family.fileName) else { continue }
                let path = "signals." + family.fileName
                for (index, item) in try sequence(list, path).enumerated() {
                    d.signals[family].append(try signal(item, path: "\(path)[\(index)]"))
                }
            }
        }
        if let list = top.optional("disqualifiers") {
            for (index, item) in try sequence(list, "disqualifiers").enumerated() {
                d.disqualifiers.append(try disqualifier(item, path: "disqualifiers[\(index)]"))
            }
        }
        if let list = top.optional("committee") {
            for (index, item) in try sequence(list, "committee").enumerated() {
                let path = "committee[\(index)]"
                let fields = try mapping(item, path: path, known: ICPFileKey.committeeRole, what: "a committee seat {role, pain}")
                let kind = try choice(
                    fields.required("role"), path + ".role",
                    CommitteeRoleKind.allCases.map { ($0.fileName, $0) }, what: "committee role")
                d.committee.append(CommitteeRole(kind: kind, pain: try text(fields.required("pain"), path + ".pain")))
            }
        }
        return d
    }

    private func cadence(_ node: Node) throws(ICPFileError) -> ReviewCadence {
        if case .scalar(let s) = node, case .number = PlainScalar(s) {
            return ReviewCadence(months: try integer(node, "cadence"))
        }
        let names = ReviewCadence.fileNames.map { ($0.name, ReviewCadence(months: $0.months)) }
        return try choice(node, "cadence", names, what: "cadence (or a number of months, 1–12)")
    }

    // MARK: Rules

    private mutating func signal(_ node: Node, path: String) throws(ICPFileError) -> Signal {
        let fields = try mapping(node, path: path, known: ICPFileKey.signal, what: "a signal rule {key, operator, value, weight, rationale}")
        let (key, op, value) = try condition(fields)
        let weight = try number(fields.required("weight"), path + ".weight")
        var rationale = ""
        if let node = fields.optional("rationale") { rationale = try text(node, path + ".rationale") }
        return Signal(key: key, op: op, value: value, weight: weight, rationale: rationale)
    }

    private mutating func disqualifier(_ node: Node, path: String) throws(ICPFileError) -> Disqualifier {
        let fields = try mapping(node, path: path, known: ICPFileKey.disqualifier, what: "a disqualifier {key, operator, value, reason}")
        let (key, op, value) = try condition(fields)
        return Disqualifier(key: key, op: op, value: value, reason: try text(fields.required("reason"), path + ".reason"))
    }

    private mutating func condition(_ fields: Fields) throws(ICPFileError) -> (String, SignalOperator, RuleValue?) {
        let key = try text(fields.required("key"), fields.child("key"))
        let op = try choice(
            fields.required("operator"), fields.child("operator"),
            SignalOperator.allCases.map { ($0.fileName, $0) }, what: "operator")
        var value: RuleValue?
        if let node = fields.optional("value") { value = try ruleValue(node, fields.child("value")) }
        return (key, op, value)
    }

    private mutating func ruleValue(_ node: Node, _ path: String) throws(ICPFileError) -> RuleValue? {
        switch node {
        case .scalar(let s):
            switch PlainScalar(s) {
            case .null: return nil
            case .bool(let b): return .bool(b)
            case .number(let n): return .number(n)
            case .text(let t): return .string(t)
            case .ambiguous(let t):
                throw .invalidValue(
                    path: path, message: "'\(t)' is ambiguous in YAML; write true or false for a flag, or \"\(t)\" in quotes for text",
                    location: Self.location(node))
            }
        case .sequence(let items):
            var list: [String] = []
            for (index, item) in items.enumerated() {
                guard case .scalar(let s) = item, PlainScalar(s) != .null else {
                    throw .wrongType(path: "\(path)[\(index)]", expected: "text", found: Self.describe(item), location: Self.location(item))
                }
                list.append(s.string)
            }
            return .stringList(list)
        case .mapping:
            let range = try mapping(node, path: path, known: ICPFileKey.range, what: "a range {min, max}")
            return .numberRange(
                NumberRange(
                    try number(range.required("min"), path + ".min"),
                    try number(range.required("max"), path + ".max")))
        case .alias:
            throw .wrongType(path: path, expected: "a value", found: "an alias", location: Self.location(node))
        }
    }

    // MARK: Typed readers

    /// A mapping's fields by key, after refusing unknown keys.
    struct Fields {
        let path: String
        let location: ICPFileLocation?
        var values: [String: Node] = [:]

        func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

        /// The field's value node, or `missingField`.
        func required(_ key: String) throws(ICPFileError) -> Node {
            guard let node = values[key] else { throw .missingField(path: child(key), location: location) }
            return node
        }

        /// The field's value node; nil when absent or written as null.
        func optional(_ key: String) -> Node? {
            guard let node = values[key], !FileReader.isNull(node) else { return nil }
            return node
        }
    }

    mutating func mapping(_ node: Node, path: String, known: [String], what: String) throws(ICPFileError) -> Fields {
        guard case .mapping(let map) = node else {
            throw .wrongType(path: path, expected: what, found: Self.describe(node), location: Self.location(node))
        }
        var fields = Fields(path: path, location: Self.location(node))
        for (keyNode, value) in map {
            guard case .scalar(let keyScalar) = keyNode else {
                throw .wrongType(
                    path: path.isEmpty ? "(key)" : path, expected: "text keys", found: Self.describe(keyNode),
                    location: Self.location(keyNode))
            }
            let key = keyScalar.string
            let child = fields.child(key)
            guard known.contains(key) else {
                throw .unknownKey(path: child, suggestion: KeySuggestion.nearest(to: key, in: known), location: Self.location(keyNode))
            }
            fields.values[key] = value
            locations[child] = Self.location(keyNode)
        }
        return fields
    }

    mutating func sequence(_ node: Node, _ path: String) throws(ICPFileError) -> [Node] {
        guard case .sequence(let items) = node else {
            throw .wrongType(path: path, expected: "a list", found: Self.describe(node), location: Self.location(node))
        }
        for (index, item) in items.enumerated() { locations["\(path)[\(index)]"] = Self.location(item) }
        return Array(items)
    }

    /// Text; plain numbers and flags are taken as written (`name: 2024` is the name "2024").
    func text(_ node: Node, _ path: String) throws(ICPFileError) -> String {
        guard case .scalar(let s) = node, PlainScalar(s) != .null else {
            throw .wrongType(path: path, expected: "text", found: Self.describe(node), location: Self.location(node))
        }
        return s.string
    }

    func number(_ node: Node, _ path: String) throws(ICPFileError) -> Double {
        guard case .scalar(let s) = node, case .number(let n) = PlainScalar(s) else {
            throw .wrongType(path: path, expected: "a number", found: Self.describe(node), location: Self.location(node))
        }
        return n
    }

    private func integer(_ node: Node, _ path: String) throws(ICPFileError) -> Int {
        guard case .scalar(let s) = node, case .number(let n) = PlainScalar(s), n == n.rounded(), abs(n) < 1e15 else {
            throw .wrongType(path: path, expected: "a whole number", found: Self.describe(node), location: Self.location(node))
        }
        return Int(n)
    }

    func choice<T>(_ node: Node, _ path: String, _ options: [(String, T)], what: String) throws(ICPFileError) -> T {
        let raw = try text(node, path)
        if let match = options.first(where: { $0.0 == raw }) { return match.1 }
        let names = options.map(\.0)
        let hint =
            KeySuggestion.nearest(to: raw, in: names).map { " — did you mean '\($0)'?" }
            ?? " — expected one of: \(names.joined(separator: ", "))"
        throw .invalidValue(path: path, message: "unknown \(what) '\(raw)'" + hint, location: Self.location(node))
    }

    // MARK: Helpers

    /// The YAML text's node tree (nil for a file with no document), after ``YAMLPreScan`` has
    /// checked it against ``ICPFileLimits``; Yams' errors become ``ICPFileError/syntax(message:location:)``
    /// or ``ICPFileError/duplicateKey(key:location:)``.
    static func compose(_ source: String) throws(ICPFileError) -> Node? {
        try YAMLPreScan.check(source)
        do {
            return try Yams.compose(yaml: source)
        } catch {
            throw syntaxError(error, in: source)
        }
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node { return PlainScalar(s) == .null }
        return false
    }

    static func location(_ node: Node) -> ICPFileLocation? {
        node.mark.map { ICPFileLocation(line: $0.line, column: $0.column) }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): PlainScalar(s).found
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    static func syntaxError(_ error: any Error, in text: String) -> ICPFileError {
        guard let error = error as? YamlError else { return .syntax(message: "\(error)", location: nil) }
        func mark(_ m: Mark) -> ICPFileLocation { ICPFileLocation(line: m.line, column: m.column) }
        func message(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let m, _), .parser(let context, let problem, let m, _),
            .composer(let context, let problem, let m, _):
            return .syntax(message: message(problem, context), location: mark(m))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .duplicateKey(key: duplicates.first ?? "?", location: mark(context.mark))
        case .reader(let problem, let offset, _, _):
            return .syntax(message: problem, location: offset.map { lineAndColumn(ofCharacter: $0, in: text) })
        default:
            return .syntax(message: error.description, location: nil)
        }
    }

    private static func lineAndColumn(ofCharacter offset: Int, in text: String) -> ICPFileLocation {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return ICPFileLocation(line: line, column: column)
    }
}
