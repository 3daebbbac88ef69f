import CLibPQ

/// How to reach a PostgreSQL server.
///
/// The connection string is handed to libpq as given — a `postgresql://` URL, a
/// `key=value` string, or empty to use the standard `PG*` environment variables,
/// `.pgpass` and `PGSERVICE`. Extra keywords (a user, `options`, an application
/// name) are applied on top without rewriting the string, so multi-host URLs and
/// `target_session_attrs` keep working. Session parameters (timeouts) are set with
/// `set_config` right after connecting rather than through the startup packet, which
/// poolers such as pgbouncer refuse.
public struct PostgresConnectionSettings: Sendable, Hashable {
    /// A libpq URL or keyword string; empty means "libpq defaults and PG* variables".
    public var connectionString: String
    /// Keywords that override the connection string (e.g. `user`, `dbname`, `options`).
    public var overrides: [String: String]
    /// Reuse server-side prepared statements per connection. Turn off behind a
    /// transaction-mode pooler that cannot keep them.
    public var usePreparedStatements: Bool
    /// Run-time parameters set for the whole session right after connecting, e.g.
    /// `["statement_timeout": "30s"]`: one `SELECT set_config($1, $2, false)` each, in
    /// name order. An invalid name or value fails the connection.
    public var sessionParameters: [String: String]
    /// The most prepared statements one connection keeps; the least recently used is
    /// deallocated to make room (a bound on what a long-lived session holds on the server).
    public var preparedStatementCapacity: Int

    /// Settings from a connection string, keyword overrides and session parameters.
    public init(
        connectionString: String = "", overrides: [String: String] = [:], usePreparedStatements: Bool = true,
        sessionParameters: [String: String] = [:], preparedStatementCapacity: Int = 256
    ) {
        self.connectionString = connectionString
        self.overrides = overrides
        self.usePreparedStatements = usePreparedStatements
        self.sessionParameters = sessionParameters
        self.preparedStatementCapacity = max(1, preparedStatementCapacity)
    }

    /// The same settings with more keyword overrides.
    public func with(_ more: [String: String]) -> PostgresConnectionSettings {
        var copy = self
        copy.overrides.merge(more) { _, new in new }
        return copy
    }

    /// The settings as one libpq keyword/value string (`host='…' port='…' …`): the connection
    /// string's values with the overrides applied, as a connection made with these settings sees
    /// them — for handing the same connection to a libpq program such as pgbench or psql.
    public func keywordString() throws -> String {
        var values = try connectionStringValues().get().filter { overrides[$0.keyword] == nil }
        values += overrides.keys.sorted().map { ($0, overrides[$0]!) }
        return values.map { key, value in
            "\(key)='\(value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'"))'"
        }.joined(separator: " ")
    }

    /// A keyword's value as a connection made with these settings sees it: the override, else the
    /// connection string's (nil when neither sets it, or the string cannot be parsed).
    public func value(of keyword: String) -> String? {
        if let value = overrides[keyword] { return value }
        return (try? connectionStringValues().get())?.last { $0.keyword == keyword }?.value
    }

    /// A PostgreSQL time setting (`30s`, `5min`, `250ms`, `1h`, `2d`; a bare number is milliseconds) as
    /// a duration; nil for none, zero (which means no limit) or a value it cannot read.
    public static func duration(_ text: String?) -> Duration? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let digits = text.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number > 0 else { return nil }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let scale: Double? =
            switch unit {
            case "", "ms": 0.001
            case "s": 1
            case "min": 60
            case "h": 3_600
            case "d": 86_400
            default: nil
            }
        return scale.map { Duration.milliseconds(Int64((number * $0 * 1_000).rounded())) }
    }

    /// Checks the connection string's syntax without connecting.
    public func validate() throws {
        _ = try connectionStringValues().get()
    }

    /// Every secret the settings carry (passwords), for redacting messages.
    var secrets: [String] {
        var found: [String] = []
        if let password = overrides["password"], !password.isEmpty { found.append(password) }
        guard let values = try? connectionStringValues(redacting: false).get() else {
            // Unparseable: hide anything that looks like a URL's userinfo password.
            if let at = connectionString.firstIndex(of: "@"), let schemeEnd = connectionString.firstRange(of: "://") {
                let userinfo = connectionString[schemeEnd.upperBound..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    found.append(String(userinfo[userinfo.index(after: colon)...]))
                }
            }
            return found
        }
        found += values.filter { $0.keyword == "password" && !$0.value.isEmpty }.map(\.value)
        return found
    }

    /// The connection string's keywords and values as libpq reads it (none for an empty string), or
    /// its syntax error — with the passwords redacted unless `redacting` is false (for ``secrets``,
    /// which redacting itself relies on).
    private func connectionStringValues(redacting: Bool = true) -> Result<[(keyword: String, value: String)], PostgresError> {
        guard !connectionString.isEmpty else { return .success([]) }
        var error: UnsafeMutablePointer<CChar>? = nil
        guard let options = PQconninfoParse(connectionString, &error) else {
            let message = (error.map { String(cString: $0) } ?? "unrecognised syntax").trimmingTrailingNewlines()
            if let error { PQfreemem(error) }
            return .failure(.invalidConnectionString(redacting ? redact(message) : message))
        }
        defer { PQconninfoFree(options) }
        var values: [(keyword: String, value: String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values.append((String(cString: keyword), String(cString: value))) }
            option += 1
        }
        return .success(values)
    }

    /// The text with every secret replaced by `****`.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { partial, secret in
            var result = partial.replacingAll(secret, with: "****")
            if let encoded = secret.addingPercentEncodingForURL(), encoded != secret {
                result = result.replacingAll(encoded, with: "****")
            }
            return result
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var copy = self
        while copy.last?.isNewline == true { copy.removeLast() }
        return copy
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    func addingPercentEncodingForURL() -> String? {
        var out = ""
        for byte in utf8 {
            switch byte {
            case 48...57, 65...90, 97...122, 45, 46, 95, 126:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
