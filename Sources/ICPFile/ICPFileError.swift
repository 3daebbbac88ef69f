/// Why an ICP file could not be read, or why it may not be applied. Each prints as one line that
/// names the field path and, when known, the line and column.
public enum ICPFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is not well-formed YAML.
    case syntax(message: String, location: ICPFileLocation?)
    /// The file holds no document at all.
    case emptyFile
    /// `format` is missing or names a format this version cannot read.
    case unsupportedFormat(found: String?, location: ICPFileLocation?)
    /// A key the format does not define; `suggestion` is the nearest known key at that level.
    case unknownKey(path: String, suggestion: String?, location: ICPFileLocation?)
    /// The same key appears twice in one mapping.
    case duplicateKey(key: String, location: ICPFileLocation?)
    /// A required field is absent; the location is that of the enclosing mapping.
    case missingField(path: String, location: ICPFileLocation?)
    /// A field holds the wrong kind of YAML value (e.g. text where a number belongs).
    case wrongType(path: String, expected: String, found: String, location: ICPFileLocation?)
    /// A field has the right kind of value but not an allowed one (e.g. an unknown operator).
    case invalidValue(path: String, message: String, location: ICPFileLocation?)
    /// The file reads fine but the ICP it describes breaks the domain's rules.
    case invalidDefinition([ICPFileIssue])
    /// The file was exported from a different revision than the one operating now.
    case staleBaseRevision(fileRevision: Int?, operatingRevision: Int?)
    /// The file has more UTF-8 bytes than ``ICPFileLimits/maxFileBytes`` (`limit`); nothing of it was parsed.
    case fileTooLarge(bytes: Int, limit: Int)
    /// Lists and mappings nest deeper than ``ICPFileLimits/maxDepth`` (`limit`); the location is
    /// the first collection past the limit.
    case nestingTooDeep(limit: Int, location: ICPFileLocation?)
    /// The file uses more aliases (`*name`) than ``ICPFileLimits/maxAliases`` (`limit`); the
    /// location is the first alias past the limit.
    case tooManyAliases(limit: Int, location: ICPFileLocation?)
    /// The file has more nodes than ``ICPFileLimits/maxNodes`` (`limit`), counting each alias as a
    /// copy of the node it names; the location is the node that went past the limit.
    case tooManyNodes(limit: Int, location: ICPFileLocation?)

    /// The field path the error is about, in the file's key names, when there is one.
    public var path: String? {
        switch self {
        case .unknownKey(let path, _, _), .missingField(let path, _), .wrongType(let path, _, _, _),
            .invalidValue(let path, _, _):
            path
        case .unsupportedFormat: "format"
        case .invalidDefinition(let issues): issues.first?.path
        case .staleBaseRevision: "base-revision"
        case .syntax, .emptyFile, .duplicateKey, .fileTooLarge, .nestingTooDeep, .tooManyAliases, .tooManyNodes: nil
        }
    }

    /// Where in the file the problem is, when known.
    public var location: ICPFileLocation? {
        switch self {
        case .syntax(_, let location), .unsupportedFormat(_, let location), .unknownKey(_, _, let location),
            .duplicateKey(_, let location), .missingField(_, let location), .wrongType(_, _, _, let location),
            .invalidValue(_, _, let location), .nestingTooDeep(_, let location), .tooManyAliases(_, let location),
            .tooManyNodes(_, let location):
            location
        case .invalidDefinition(let issues): issues.first?.location
        case .emptyFile, .staleBaseRevision, .fileTooLarge: nil
        }
    }

    /// Every validation issue (empty for other errors), for printing one per line.
    public var issues: [ICPFileIssue] {
        if case .invalidDefinition(let issues) = self { return issues }
        return []
    }

    /// One line, e.g. `unknown key 'signals.fit[0].wieght' at line 12, column 9 — did you mean 'weight'?`.
    public var description: String {
        func at(_ location: ICPFileLocation?) -> String { location.map { " at \($0)" } ?? "" }
        switch self {
        case .syntax(let message, let location):
            return "YAML syntax error\(at(location)): \(message)"
        case .emptyFile:
            return "the file is empty; an ICP file starts with 'format: \(ICPFileKey.formatV1)'"
        case .unsupportedFormat(let found?, let location):
            return "unsupported format '\(found)'\(at(location)); this version reads '\(ICPFileKey.formatV1)'"
        case .unsupportedFormat(nil, let location):
            return "missing 'format: \(ICPFileKey.formatV1)'\(at(location)); is this an ICP file?"
        case .unknownKey(let path, let suggestion, let location):
            return "unknown key '\(path)'\(at(location))" + (suggestion.map { " — did you mean '\($0)'?" } ?? "")
        case .duplicateKey(let key, let location):
            return "duplicate key '\(key)'\(at(location)); each key may appear once per mapping"
        case .missingField(let path, let location):
            return "missing required field '\(path)'" + (location.map { " (in the mapping at \($0))" } ?? "")
        case .wrongType(let path, let expected, let found, let location):
            return "'\(path)'\(at(location)) must be \(expected), but is \(found)"
        case .invalidValue(let path, let message, let location):
            return "'\(path)'\(at(location)): \(message)"
        case .invalidDefinition(let issues):
            guard let first = issues.first else { return "the ICP is not valid" }
            return first.description + (issues.count > 1 ? " (and \(issues.count - 1) more problem(s))" : "")
        case .staleBaseRevision(let file, let operating):
            let detail: String
            switch (file, operating) {
            case (nil, let now?): detail = "the file describes a new ICP, but revision \(now) is operating now"
            case (let base?, nil): detail = "the file was exported from revision \(base), but no revision is operating now"
            case (let base?, let now?): detail = "file base-revision \(base), operating revision \(now)"
            case (nil, nil): detail = "no revision on either side"
            }
            return "the operating revision changed since the file was exported (\(detail)); export it again and redo your edit"
        case .fileTooLarge(let bytes, let limit):
            return "the file is \(bytes) bytes, over the limit of \(limit) bytes; these files are a few kilobytes"
        case .nestingTooDeep(let limit, let location):
            return "lists and mappings nest more than \(limit) levels deep\(at(location)); these files nest a few levels at most"
        case .tooManyAliases(let limit, let location):
            return "more than \(limit) aliases (*name)\(at(location)); these files need no anchors or aliases"
        case .tooManyNodes(let limit, let location):
            return "more than \(limit) keys, values and list items\(at(location)), counting each alias as a full copy of its anchor"
        }
    }
}
