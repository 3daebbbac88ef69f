/// A SQL statement whose interpolated values become bind parameters.
///
/// ```swift
/// let query: PostgresQuery = "SELECT name FROM icp WHERE id = \(id)"
/// // sql: "SELECT name FROM icp WHERE id = $1", one parameter bound to id
/// ```
/// Values can never be spliced into the SQL text by accident. Queries compose from fragments
/// (`"… WHERE \(filter) ORDER BY …"`, or `a + b`): a fragment's values stay bind parameters and
/// are renumbered in place. Identifiers chosen by the program go through `\(identifier:)`, which
/// quotes them; SQL text that must be taken as it is reads as what it is: `\(unsafeRaw:)` and
/// ``init(unsafeSQL:)``.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The SQL text between the parameters: one more than there are parameters.
    private var segments: [String]
    /// The values bound to `$1…$n`, in order.
    public private(set) var parameters: [PostgresParameter]
    /// The statement text with `$1…$n` placeholders.
    public private(set) var sql: String

    /// Trusted SQL text with no parameters, taken as it is: nothing in it is escaped or bound.
    public init(unsafeSQL: String) {
        self.init(segments: [unsafeSQL], parameters: [])
    }

    /// `template`'s statement text with other values bound, given in the order of its parameters.
    ///
    /// For a statement run often whose text never changes (an append's INSERT): the text is
    /// assembled once, by the template's interpolation, and each use only encodes its values.
    public init(_ template: PostgresQuery, binding values: [PostgresParameter]) {
        precondition(values.count == template.parameters.count, "the statement takes \(template.parameters.count) values, not \(values.count)")
        segments = template.segments
        parameters = values
        sql = template.sql
    }

    /// A literal written in the program's source.
    public init(stringLiteral value: String) {
        self.init(segments: [value], parameters: [])
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(segments: stringInterpolation.segments, parameters: stringInterpolation.parameters)
    }

    private init(segments: [String], parameters: [PostgresParameter]) {
        self.segments = segments
        self.parameters = parameters
        var sql = segments[0]
        for (index, segment) in segments.dropFirst().enumerated() {
            sql += "$\(index + 1)"
            sql += segment
        }
        self.sql = sql
    }

    /// The two statements' text one after the other, their parameters renumbered.
    public static func + (lhs: PostgresQuery, rhs: PostgresQuery) -> PostgresQuery {
        var segments = lhs.segments
        segments[segments.count - 1] += rhs.segments[0]
        segments += rhs.segments.dropFirst()
        return PostgresQuery(segments: segments, parameters: lhs.parameters + rhs.parameters)
    }

    /// Fragments joined by a separator (`AND`, `, `), their parameters renumbered.
    public static func joined(_ fragments: [PostgresQuery], separator: String) -> PostgresQuery {
        guard var result = fragments.first else { return "" }
        for fragment in fragments.dropFirst() {
            result = result + PostgresQuery(unsafeSQL: separator) + fragment
        }
        return result
    }

    /// Collects literal SQL and bound values.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var segments: [String]
        var parameters: [PostgresParameter]

        public init(literalCapacity: Int, interpolationCount: Int) {
            segments = [""]
            segments[0].reserveCapacity(literalCapacity)
            parameters = []
            parameters.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            segments[segments.count - 1] += literal
        }

        /// Binds a value as the next `$n` parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            parameters.append(value.postgresParameter)
            segments.append("")
        }

        /// Binds an optional value; `nil` becomes SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            parameters.append(value?.postgresParameter ?? .null)
            segments.append("")
        }

        /// Inserts a fragment: its text, with its values as further parameters.
        public mutating func appendInterpolation(_ fragment: PostgresQuery) {
            segments[segments.count - 1] += fragment.segments[0]
            segments += fragment.segments.dropFirst()
            parameters += fragment.parameters
        }

        /// Inserts an identifier (a table, column or role name), quoted.
        public mutating func appendInterpolation(identifier name: String) {
            segments[segments.count - 1] += quoteIdentifier(name)
        }

        /// Inserts SQL text as it is. Only for text the program itself holds (a list of column
        /// names, DDL read back from the catalogue), never for a value; the name says so at the call site.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            segments[segments.count - 1] += text
        }
    }
}

/// One bind parameter as sent to libpq.
public enum PostgresParameter: Sendable, Hashable {
    case null
    /// Text format: PostgreSQL parses it with the target column's input function.
    case text(String)
    /// Binary format: raw bytes (used for bytea).
    case binary([UInt8])
}

/// Quotes an SQL identifier (`"name"`, doubling embedded quotes).
public func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingAll("\"", with: "\"\"") + "\""
}
