extension ICPFileDocument {
    /// Reads an ICP file. Refuses YAML syntax errors, unknown keys (suggesting the nearest known one),
    /// wrong types and missing fields, each with its field path and line; when `validate` is true
    /// (the default) also refuses definitions that break the domain's rules (``ICPFileError/invalidDefinition(_:)``).
    /// A file beyond ``ICPFileLimits`` (size, nesting, aliases, nodes) is refused before it is parsed.
    public init(yaml: String, validate: Bool = true) throws(ICPFileError) {
        var reader = FileReader()
        self = try reader.read(yaml, validate: validate)
    }

    /// Reads an ICP file; see ``init(yaml:validate:)``.
    public static func parse(_ yaml: String, validate: Bool = true) throws(ICPFileError) -> ICPFileDocument {
        try ICPFileDocument(yaml: yaml, validate: validate)
    }
}
