import CLibPQ

extension PostgresConnection {
    /// Runs `COPY … TO STDOUT` and hands each data row's bytes to `body`; returns the row count.
    /// COPY takes no bind parameters, so the statement must have none (values reach it through
    /// settings of the caller's transaction, see `EventStore.copyFoldable`).
    @discardableResult
    public func copyOut(_ statement: PostgresQuery, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        guard statement.parameters.isEmpty else { throw PostgresError.unexpectedResult("COPY takes no parameters") }
        guard let start = PQexec(handle, statement.sql) else {
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
        }
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            _ = try check(start)
            throw PostgresError.unexpectedResult("statement is not COPY … TO STDOUT")
        }
        PQclear(start)
        var rows = 0
        var failure: (any Error)? = nil
        while true {
            var buffer: UnsafeMutablePointer<CChar>? = nil
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                if failure == nil {
                    do { try body(UnsafeRawBufferPointer(start: buffer, count: Int(length))) } catch { failure = error }
                }
                PQfreemem(buffer)
                rows += 1
            } else {
                break
            }
        }
        _ = try check(PQgetResult(handle))
        while let extra = PQgetResult(handle) { PQclear(extra) }
        if let failure { throw failure }
        return rows
    }

    /// Runs `COPY … FROM STDIN` with the given chunks of COPY text data; returns the row count.
    @discardableResult
    public func copyIn(_ statement: PostgresQuery, chunks: some Sequence<[UInt8]>) throws -> Int {
        try beginCopyIn(statement)
        do {
            for chunk in chunks { try chunk.withUnsafeBytes { try putCopyData($0) } }
        } catch {
            abortCopyIn("sending failed")
            throw error
        }
        return try endCopyIn()
    }
}

extension PostgresConnection {
    /// Starts `COPY … FROM STDIN`; send the data with ``putCopyData(_:)`` and end with
    /// ``endCopyIn()`` (or ``abortCopyIn(_:)``). For callers that produce rows as they read them.
    public func beginCopyIn(_ statement: PostgresQuery) throws {
        guard statement.parameters.isEmpty else { throw PostgresError.unexpectedResult("COPY takes no parameters") }
        guard let start = PQexec(handle, statement.sql) else {
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
        }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try check(start)
            throw PostgresError.unexpectedResult("statement is not COPY … FROM STDIN")
        }
        PQclear(start)
    }

    /// Sends COPY data (whole rows or parts of them) of a copy begun with ``beginCopyIn(_:)``.
    public func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let sent = PQputCopyData(handle, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        guard sent == 1 else {
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
        }
    }

    /// Ends a copy begun with ``beginCopyIn(_:)``; returns the rows stored.
    @discardableResult
    public func endCopyIn() throws -> Int {
        PQputCopyEnd(handle, nil)
        let rows = try check(PQgetResult(handle))
        while let extra = PQgetResult(handle) { PQclear(extra) }
        return rows.affectedRows
    }

    /// Abandons a copy begun with ``beginCopyIn(_:)``: the server stores none of it and the
    /// transaction fails (roll it back).
    public func abortCopyIn(_ reason: String) {
        PQputCopyEnd(handle, reason)
        while let extra = PQgetResult(handle) { PQclear(extra) }
    }
}
