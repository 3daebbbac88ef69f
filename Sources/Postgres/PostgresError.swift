/// Everything that can go wrong talking to PostgreSQL, with enough detail to act on.
///
/// Messages never contain a password: connection errors are redacted before they
/// are stored here.
public enum PostgresError: Error, Sendable, CustomStringConvertible {
    /// The connection string or URL could not be parsed.
    case invalidConnectionString(String)
    /// The server could not be reached, refused the login, or the connection broke.
    case connectionFailed(String)
    /// The server rejected a statement.
    case server(ServerError)
    /// A column was NULL where the caller asked for a non-optional value.
    case unexpectedNull(column: String)
    /// A column's text could not be read as the requested Swift type.
    case typeMismatch(column: String, expected: String, value: String)
    /// A row index or column name that the result does not have.
    case noSuchColumn(String)
    /// The result had a different shape than the caller expected.
    case unexpectedResult(String)
    /// The pool was closed while the caller waited or after it was closed.
    case poolClosed
    /// No pooled connection became free within the pool's acquire timeout: all
    /// `connections` of them stayed busy for `waited`.
    case poolTimeout(waited: Duration, connections: Int)

    /// Details of an error reported by the server.
    public struct ServerError: Sendable, Equatable {
        /// The five-character SQLSTATE code, e.g. `23505` for a unique violation.
        public var sqlState: String
        public var message: String
        public var detail: String?
        public var hint: String?
        public var constraint: String?
        public var table: String?

        public init(
            sqlState: String, message: String, detail: String? = nil, hint: String? = nil,
            constraint: String? = nil, table: String? = nil
        ) {
            self.sqlState = sqlState
            self.message = message
            self.detail = detail
            self.hint = hint
            self.constraint = constraint
            self.table = table
        }
    }

    /// The SQLSTATE of a server error, if this is one.
    public var sqlState: String? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }

    /// True for `23505 unique_violation`.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    public var description: String {
        switch self {
        case .invalidConnectionString(let message):
            return "invalid database connection string: \(message)"
        case .connectionFailed(let message):
            return "PostgreSQL connection failed: \(message)"
        case .server(let error):
            var text = "PostgreSQL error \(error.sqlState): \(error.message)"
            if let detail = error.detail { text += " (\(detail))" }
            return text
        case .unexpectedNull(let column):
            return "column \(column) is NULL but a value was expected"
        case .typeMismatch(let column, let expected, let value):
            return "column \(column) holds \(value.prefix(60).debugDescription), which is not a \(expected)"
        case .noSuchColumn(let name):
            return "the result has no column \(name)"
        case .unexpectedResult(let message):
            return "unexpected result from PostgreSQL: \(message)"
        case .poolClosed:
            return "the connection pool is closed"
        case .poolTimeout(let waited, let connections):
            let busy = connections == 1 ? "the pool's only connection stayed busy" : "all \(connections) pooled connections stayed busy"
            return "no database connection became free within \(Self.describe(waited)): \(busy)"
        }
    }

    /// A duration for people: `250 ms`, `10 s`, `1.5 s`.
    static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}
