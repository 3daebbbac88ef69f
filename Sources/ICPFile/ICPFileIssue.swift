public import ICPDomain

/// One domain validation problem found in a parsed ICP file, located by its path in the file
/// (e.g. `signals.fit[2].operator`) and, when known, its line and column.
public struct ICPFileIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The domain's validation code.
    public var code: ValidationError.Code
    /// The path of the offending field in the file's own key names.
    public var path: String
    /// What is wrong, in the file's vocabulary.
    public var message: String
    /// Where the field is in the file, when known.
    public var location: ICPFileLocation?

    /// Creates an issue.
    public init(code: ValidationError.Code, path: String, message: String, location: ICPFileLocation? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.location = location
    }

    /// `signals.fit[2].operator at line 12, column 7: between needs a range {min, max}`.
    public var description: String {
        path + (location.map { " at \($0)" } ?? "") + ": " + message
    }
}
