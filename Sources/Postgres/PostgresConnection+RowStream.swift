import CLibPQ

extension PostgresConnection {
    /// Runs one statement and hands each row to `body` as it arrives (libpq single-row mode),
    /// so the caller's work on a row overlaps the server producing the next ones. Returns the
    /// number of rows handed over.
    ///
    /// A failure, the server's or `body`'s, is thrown after the rest of the result has been
    /// read and discarded, so the connection is ready for the next statement.
    @discardableResult
    public func forEachRow(_ query: PostgresQuery, _ body: (PostgresRow) throws -> Void) throws -> Int {
        let name = settings.usePreparedStatements ? try prepare(query.sql) : nil
        let sent = withParameters(query.parameters) { count, values, lengths, formats in
            if let name {
                PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0)
            } else {
                PQsendQueryParams(handle, query.sql, count, nil, values, lengths, formats, 0)
            }
        }
        guard sent == 1 else {
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
        }
        // Fails only when called at the wrong moment; the rows then arrive as one result, which
        // the loop below handles all the same.
        _ = PQsetSingleRowMode(handle)
        var handed = 0
        var failure: (any Error)? = nil
        while let result = PQgetResult(handle) {
            guard failure == nil else {
                PQclear(result)
                continue
            }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                let rows = PostgresRows(result: result, tag: tag)
                do {
                    for row in rows {
                        try body(row)
                        handed += 1
                    }
                } catch {
                    failure = error
                }
            default:
                failure = Self.error(from: result, connection: handle, settings: settings)
                PQclear(result)
            }
        }
        if let failure { throw failure }
        if !isOpen {
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
        }
        return handed
    }
}
