/// Builds YAML text line by line with two-space indentation. Everything written goes through
/// ``YAMLText`` so the output is deterministic.
struct YAMLWriter {
    private(set) var lines: [String] = []

    /// Appends a `# ...` comment line (or a bare `#` for an empty one).
    mutating func comment(_ text: String) {
        lines.append(text.isEmpty ? "#" : "# " + text)
    }

    /// Appends an empty line.
    mutating func blank() { lines.append("") }

    /// Appends `key: value` where `value` is already YAML text; `dash` starts a sequence item.
    mutating func field(_ key: String, _ value: String, indent: Int, dash: Bool = false) {
        lines.append(prefix(indent, dash) + key + ":" + (value.isEmpty ? "" : " " + value))
    }

    /// Appends `key:` opening a nested block.
    mutating func open(_ key: String, indent: Int, dash: Bool = false) {
        lines.append(prefix(indent, dash) + key + ":")
    }

    private func prefix(_ indent: Int, _ dash: Bool) -> String {
        dash ? String(repeating: " ", count: indent) + "- " : String(repeating: " ", count: indent)
    }

    /// The document text, ending with a newline.
    var text: String { lines.joined(separator: "\n") + "\n" }
}
