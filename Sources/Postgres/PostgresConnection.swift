import CLibPQ
import Foundation

/// One open libpq connection, used synchronously by one thread at a time.
///
/// Calls block the calling thread while the server works, so never call them on
/// Swift's cooperative thread pool: `PostgresPool` runs them on the connection's
/// own thread. The connection is closed (`PQfinish`) when the object goes away.
public final class PostgresConnection {
    let handle: OpaquePointer
    let settings: PostgresConnectionSettings
    var preparedStatements: PreparedStatementCache
    /// Set when the server sent a FATAL error outside any statement: it is ending the session.
    var serverEndedSession = false
    /// The server this connection reached and its socket, for a pool's stall check.
    let watch: ConnectionWatch
    /// The event loop watching this connection's socket since its first query without blocking.
    var watchingLoop: PostgresEventLoop?

    /// Opens a connection, or throws one clear, password-free error.
    public init(settings: PostgresConnectionSettings) throws {
        try settings.validate()
        var keywords: [String] = []
        var values: [String] = []
        if !settings.connectionString.isEmpty {
            keywords.append("dbname")
            values.append(settings.connectionString)
        }
        for key in settings.overrides.keys.sorted() {
            keywords.append(key)
            values.append(settings.overrides[key]!)
        }
        if settings.overrides["application_name"] == nil {
            keywords.append("fallback_application_name")
            values.append("icpledger")
        }
        let connection: OpaquePointer? = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw PostgresError.connectionFailed("out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines()
            PQfinish(connection)
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(message)))
        }
        self.handle = connection
        self.settings = settings
        let host = PQhost(connection).map { String(cString: $0) } ?? ""
        let port = PQport(connection).map { String(cString: $0) } ?? ""
        watch = ConnectionWatch(socket: PQsocket(connection), server: "\(host):\(port)")
        self.preparedStatements = PreparedStatementCache(capacity: settings.preparedStatementCapacity)
        // Server notices (e.g. "already exists, skipping") are not errors; keep them off stderr,
        // but note a FATAL error that arrives while idle (see `isStillConnected()`).
        PQsetNoticeReceiver(connection, noticeReceiver, Unmanaged.passUnretained(self).toOpaque())
        #if DEBUG
        LiveConnections.change(tag, +1)
        #endif
        try applySessionParameters()  // on failure deinit closes the connection
    }

    deinit {
        watch.closing()
        watchingLoop?.forget(PQsocket(handle), of: ObjectIdentifier(self))
        PQfinish(handle)
        #if DEBUG
        LiveConnections.change(tag, -1)
        #endif
    }

    /// The server libpq reached, `host:port` (with a multi-host URL, the one it chose).
    public var server: String { watch.server }

    /// True while the socket is open and usable.
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// True when no transaction is open or failed on this connection.
    public var isIdle: Bool { PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one statement with bound parameters and returns its rows.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        let result: OpaquePointer?
        if settings.usePreparedStatements {
            let name = try prepare(query.sql)
            result = withParameters(query.parameters) { count, values, lengths, formats in
                PQexecPrepared(handle, name, count, values, lengths, formats, 0)
            }
        } else {
            result = withParameters(query.parameters) { count, values, lengths, formats in
                PQexecParams(handle, query.sql, count, nil, values, lengths, formats, 0)
            }
        }
        return try check(result)
    }

    /// Runs SQL text that may hold several statements and no parameters (migrations).
    public func execute(script sql: String) throws {
        _ = try check(PQexec(handle, sql))
    }

    /// Sets each session parameter with `set_config(name, value, false)`: a plain statement,
    /// unlike startup `options`, so it also works through poolers that refuse those.
    private func applySessionParameters() throws {
        for name in settings.sessionParameters.keys.sorted() {
            let parameters: [PostgresParameter] = [.text(name), .text(settings.sessionParameters[name]!)]
            _ = try check(
                withParameters(parameters) { count, values, lengths, formats in
                    PQexecParams(handle, "SELECT set_config($1, $2, false)", count, nil, values, lengths, formats, 0)
                })
        }
    }

    /// Names (and the first time, creates) the server-side prepared statement for a SQL text.
    func prepare(_ sql: String) throws -> String {
        if let name = preparedStatements.name(for: sql) { return name }
        if let evicted = preparedStatements.evictIfFull() {
            // The name is the program's own (`sN`), never a value.
            _ = try check(PQexec(handle, "DEALLOCATE \(evicted)"))
        }
        let name = preparedStatements.newName()
        _ = try check(PQprepare(handle, name, sql, 0, nil))
        preparedStatements.insert(sql, name: name)
        return name
    }

    /// How many server-side prepared statements this connection holds.
    public var preparedStatementCount: Int { preparedStatements.count }

    /// Groups debug leak counters by the connection's application name.
    var tag: String { settings.overrides["application_name"] ?? "" }

    /// Turns a libpq result into rows or a typed error, freeing it on error.
    func check(_ result: OpaquePointer?) throws -> PostgresRows {
        guard let result else {
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return PostgresRows(result: result, tag: tag)
        default:
            let error = Self.error(from: result, connection: handle, settings: settings)
            PQclear(result)
            throw error
        }
    }

    static func error(from result: OpaquePointer, connection: OpaquePointer, settings: PostgresConnectionSettings) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let pointer = PQresultErrorField(result, code) else { return nil }
            return String(cString: pointer)
        }
        guard let sqlState = field(67) else {  // 'C': no SQLSTATE means a client-side failure
            let message = String(cString: PQresultErrorMessage(result))
            return .connectionFailed(settings.redact(oneLine(message.isEmpty ? String(cString: PQerrorMessage(connection)) : message)))
        }
        return .server(
            .init(
                sqlState: sqlState,
                message: field(77) ?? "unknown error",  // 'M'
                detail: field(68),  // 'D'
                hint: field(72),  // 'H'
                constraint: field(110),  // 'n'
                table: field(116)))  // 't'
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

/// Calls `body` with libpq's parameter arrays for the given values, without copying each value twice.
func withParameters<R>(
    _ parameters: [PostgresParameter],
    _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
) -> R {
    if parameters.isEmpty { return body(0, nil, nil, nil) }
    var buffer: [UInt8] = []
    var offsets: [Int] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    for parameter in parameters {
        switch parameter {
        case .null:
            offsets.append(-1)
            lengths.append(0)
            formats.append(0)
        case .text(let text):
            offsets.append(buffer.count)
            buffer.append(contentsOf: text.utf8)
            buffer.append(0)
            lengths.append(0)
            formats.append(0)
        case .binary(let bytes):
            offsets.append(buffer.count)
            buffer.append(contentsOf: bytes)
            buffer.append(0)
            lengths.append(Int32(bytes.count))
            formats.append(1)
        }
    }
    return buffer.withUnsafeBufferPointer { bytes in
        let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
        let pointers: [UnsafePointer<CChar>?] = offsets.map { $0 < 0 ? nil : base + $0 }
        return pointers.withUnsafeBufferPointer { values in
            lengths.withUnsafeBufferPointer { lengthPointer in
                formats.withUnsafeBufferPointer { formatPointer in
                    body(Int32(parameters.count), values.baseAddress, lengthPointer.baseAddress, formatPointer.baseAddress)
                }
            }
        }
    }
}

/// A NULL-terminated array of C strings, valid for the duration of `body`.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer {
        for duplicate in duplicates { free(duplicate) }
    }
    let pointers: [UnsafePointer<CChar>?] = duplicates.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

#if DEBUG
/// Counts connections not yet closed, per `application_name`, so tests can prove none
/// leak (debug builds only).
enum LiveConnections {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [String: Int] = [:]

    static func change(_ tag: String, _ delta: Int) { lock.withLock { values[tag, default: 0] += delta } }
    static func count(_ tag: String) -> Int { lock.withLock { values[tag, default: 0] } }
}
#endif
