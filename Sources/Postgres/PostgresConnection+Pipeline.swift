import CLibPQ

extension PostgresConnection {
    /// Sends several statements in one round trip (libpq pipeline mode) and returns
    /// each one's rows. Statements between the start and the sync form one implicit
    /// transaction unless they open their own. The first failure is thrown; statements
    /// after it did not run, and any transaction it left open is rolled back.
    @discardableResult
    public func pipeline(_ queries: [PostgresQuery]) throws -> [PostgresRows] {
        guard !queries.isEmpty else { return [] }
        let names = try settings.usePreparedStatements ? queries.map { try prepare($0.sql) } : []
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError.unexpectedResult("cannot enter pipeline mode: \(String(cString: PQerrorMessage(handle)))")
        }
        defer { PQexitPipelineMode(handle) }
        for (index, query) in queries.enumerated() {
            let sent = withParameters(query.parameters) { count, values, lengths, formats in
                settings.usePreparedStatements
                    ? PQsendQueryPrepared(handle, names[index], count, values, lengths, formats, 0)
                    : PQsendQueryParams(handle, query.sql, count, nil, values, lengths, formats, 0)
            }
            guard sent == 1 else {
                throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
            }
        }
        guard PQpipelineSync(handle) == 1 else {
            throw PostgresError.connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
        }

        var results = [OpaquePointer?](repeating: nil, count: queries.count)
        var current = 0
        var consecutiveNulls = 0
        while true {
            guard let result = PQgetResult(handle) else {
                // NULL ends one statement's results.
                current += 1
                consecutiveNulls += 1
                if consecutiveNulls > 2 || current > queries.count + 1 || !isOpen { break }
                continue
            }
            consecutiveNulls = 0
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            if current < queries.count, results[current] == nil {
                results[current] = result
            } else {
                PQclear(result)
            }
        }

        var rows: [PostgresRows] = []
        var firstError: (any Error)? = nil
        for result in results {
            guard let result else {
                firstError =
                    firstError
                    ?? PostgresError.connectionFailed(
                        settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
                continue
            }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                rows.append(PostgresRows(result: result, tag: tag))
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
            default:
                if firstError == nil { firstError = Self.error(from: result, connection: handle, settings: settings) }
                PQclear(result)
            }
        }
        if let firstError {
            PQexitPipelineMode(handle)
            rollBackIfNeeded()
            throw firstError
        }
        return rows
    }
}
