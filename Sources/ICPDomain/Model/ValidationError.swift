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
        /// A text is longer than its limit (``InputLimits``).
        case tooLong
        /// A list has more entries than its limit (``InputLimits``).
        case tooMany
        /// A text holds a character its field refuses (see ``TextRule``).
        case controlCharacter
        /// A day, number or revision number outside what the ledger can store or accepts.
        case outOfRange
        /// A reference (evidence URL or finding) that is not acceptable or does not exist.
        case invalidReference
        /// An effective day before the revision was proposed, without an explicit backdating request.
        case backdated
        /// The encoded change is larger than ``InputLimits/eventBytes``.
        case tooLarge
        /// A metric that the audit does not define (and that is not named `custom.…`).
        case unknownMetric
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
