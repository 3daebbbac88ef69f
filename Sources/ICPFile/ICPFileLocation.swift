/// A position in an ICP file, 1-based (columns count Unicode scalars, as libyaml does).
public struct ICPFileLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line 12, column 9`.
    public var description: String { "line \(line), column \(column)" }
}
