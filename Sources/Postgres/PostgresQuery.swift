/// A SQL statement whose interpolated values become bind parameters.
///
/// ```swift
/// let query: PostgresQuery = "SELECT name FROM icp WHERE id = \(id)"
/// // sql: "SELECT name FROM icp WHERE id = $1", one parameter bound to id
/// ```
/// Values can never be spliced into the SQL text by accident; literal SQL that must
/// be built dynamically (identifiers) goes through `\(unescaped:)` explicitly.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The statement text with `$1…$n` placeholders.
    public var sql: String
    /// The values bound to the placeholders, in order.
    public var parameters: [PostgresParameter]

    public init(sql: String, parameters: [PostgresParameter] = []) {
        self.sql = sql
        self.parameters = parameters
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.sql, parameters: stringInterpolation.parameters)
    }

    /// Collects literal SQL and bound values.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var parameters: [PostgresParameter]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            parameters = []
            parameters.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next `$n` parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            parameters.append(value.postgresParameter)
            sql += "$\(parameters.count)"
        }

        /// Binds an optional value; `nil` becomes SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            parameters.append(value?.postgresParameter ?? .null)
            sql += "$\(parameters.count)"
        }

        /// Inserts trusted SQL text (an identifier chosen by the program, never user input).
        public mutating func appendInterpolation(unescaped text: String) {
            sql += text
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
