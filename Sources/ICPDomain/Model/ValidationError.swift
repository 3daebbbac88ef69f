/// One problem found when validating a definition or settings, located by a field path
/// such as `signals.fit[2].operator`.
public struct ValidationError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Machine-readable kinds of validation problems.
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        /// A required text (name, statement, key, reason, pain) is blank.
        case empty
        /// The operator does not accept this kind of value.
        case operatorValueMismatch
        /// A weight is not in 0 < w ≤ 100.
        case weightOutOfRange
        /// The same family, key, operator and value appear twice.
        case duplicateRule
        /// Tier thresholds are not strictly descending or leave 0…100.
        case thresholdsOutOfOrder
        /// A number range has lower > upper, or a number is not finite.
        case invalidRange
        /// A string list is empty.
        case emptyList
        /// A cadence is outside 1…12 months.
        case cadenceOutOfRange
        /// A fiscal-year start month is outside 1…12.
        case monthOutOfRange
        /// A time zone identifier is not known.
        case unknownTimeZone
    }

    /// What is wrong.
    public let code: Code
    /// Where it is wrong, e.g. `signals.fit[2].operator`.
    public let path: String
    /// A human sentence explaining the problem.
    public let message: String

    /// Creates a validation error.
    public init(_ code: Code, at path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
