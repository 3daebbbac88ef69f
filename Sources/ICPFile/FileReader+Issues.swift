import ICPDomain

extension FileReader {
    /// The domain's validation errors, re-pathed into the file's key names, located, and with
    /// operator/value messages rewritten in the file's vocabulary.
    func issues(for errors: [ValidationError], in definition: ICPDefinition) -> [ICPFileIssue] {
        errors.map { error in
            let path = Self.filePath(fromDomain: error.path)
            return ICPFileIssue(
                code: error.code, path: path, message: Self.message(for: error, in: definition),
                location: location(of: path))
        }
    }

    /// The location of `path`, or of its nearest recorded ancestor.
    func location(of path: String) -> ICPFileLocation? {
        var current = Substring(path)
        while !current.isEmpty {
            if let location = locations[String(current)] { return location }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            current = current[..<cut]
        }
        return nil
    }

    /// Translates a domain path (`signals.trigger[0].weight`, `thresholds`, `cadence.months`) into the
    /// file's key names (`signals.triggers[0].weight`, `tiers`, `cadence`).
    static func filePath(fromDomain path: String) -> String {
        if path == "cadence.months" { return "cadence" }
        if path == "thresholds" || path.hasPrefix("thresholds.") { return "tiers" + path.dropFirst("thresholds".count) }
        for family in SignalFamily.allCases where family.rawValue != family.fileName {
            let prefix = "signals.\(family.rawValue)["
            if path.hasPrefix(prefix) { return "signals.\(family.fileName)[" + path.dropFirst(prefix.count) }
        }
        return path
    }

    private static func message(for error: ValidationError, in definition: ICPDefinition) -> String {
        switch error.code {
        case .operatorValueMismatch:
            guard let (op, value) = rule(at: error.path, in: definition) else { return error.message }
            guard let value else { return "\(op.fileName) needs \(op.fileExpectation)" }
            if op == .exists { return "exists takes no value, but \(value.fileKindName) was given; remove 'value'" }
            return "\(op.fileName) needs \(op.fileExpectation), not \(value.fileKindName)"
        case .empty where error.path.hasPrefix("committee["):
            guard let index = index(in: error.path), definition.committee.indices.contains(index) else { return error.message }
            return "Name the pain the \(definition.committee[index].kind.fileName) owns."
        default:
            return error.message
        }
    }

    /// The operator and value of the rule a domain path points into.
    private static func rule(at path: String, in d: ICPDefinition) -> (SignalOperator, RuleValue?)? {
        guard let index = index(in: path) else { return nil }
        if path.hasPrefix("disqualifiers[") {
            guard d.disqualifiers.indices.contains(index) else { return nil }
            return (d.disqualifiers[index].op, d.disqualifiers[index].value)
        }
        for family in SignalFamily.allCases where path.hasPrefix("signals.\(family.rawValue)[") {
            guard d.signals[family].indices.contains(index) else { return nil }
            return (d.signals[family][index].op, d.signals[family][index].value)
        }
        return nil
    }

    /// The first `[n]` index in a path.
    private static func index(in path: String) -> Int? {
        guard let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]") else { return nil }
        return Int(path[path.index(after: open)..<close])
    }
}
