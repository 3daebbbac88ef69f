import CLibPQ

extension PostgresConnection {
    /// Runs one statement without blocking the thread: sends it, suspends the task until `loop`
    /// sees the answer arrive, and reads it on whatever thread the task resumes on.
    ///
    /// For a task that runs on `loop` itself that is one thread from start to end, as a C client
    /// would do it. Same rows, errors and prepared statements as ``query(_:)``.
    @discardableResult
    public func query(_ query: PostgresQuery, waitingOn loop: PostgresEventLoop) async throws -> PostgresRows {
        watchingLoop = loop
        guard PQsetnonblocking(handle, 1) == 0 else { throw lostConnection() }
        defer { PQsetnonblocking(handle, 0) }
        let sent: Int32
        if settings.usePreparedStatements {
            let name = try await prepare(query.sql, waitingOn: loop)
            sent = withParameters(query.parameters) { count, values, lengths, formats in
                PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0)
            }
        } else {
            sent = withParameters(query.parameters) { count, values, lengths, formats in
                PQsendQueryParams(handle, query.sql, count, nil, values, lengths, formats, 0)
            }
        }
        guard sent == 1 else { throw lostConnection() }
        return try check(await exchange(waitingOn: loop))
    }

    /// ``prepare(_:)`` without blocking the thread.
    private func prepare(_ sql: String, waitingOn loop: PostgresEventLoop) async throws -> String {
        if let name = preparedStatements.name(for: sql) { return name }
        if let evicted = preparedStatements.evictIfFull() {
            // The name is the program's own (`sN`), never a value.
            guard PQsendQuery(handle, "DEALLOCATE \(evicted)") == 1 else { throw lostConnection() }
            _ = try check(await exchange(waitingOn: loop))
        }
        let name = preparedStatements.newName()
        guard PQsendPrepare(handle, name, sql, 0, nil) == 1 else { throw lostConnection() }
        _ = try check(await exchange(waitingOn: loop))
        preparedStatements.insert(sql, name: name)
        return name
    }

    /// Flushes what was sent and collects the answer: the statement's result, or its first error
    /// result, or nil when the connection failed (as `PQexec` reports them).
    private func exchange(waitingOn loop: PostgresEventLoop) async throws -> OpaquePointer? {
        let socket = PQsocket(handle)
        while true {
            let pending = PQflush(handle)
            if pending == 0 { break }
            if pending < 0 { return nil }
            // The server may be waiting for its own output to be read before it reads more.
            try await loop.wait(for: socket, of: ObjectIdentifier(self), writable: true)
            guard PQconsumeInput(handle) == 1 else { return nil }
        }
        var kept: OpaquePointer?
        while true {
            while PQisBusy(handle) == 1 {
                try await loop.wait(for: socket, of: ObjectIdentifier(self))
                guard PQconsumeInput(handle) == 1 else {
                    if let kept { PQclear(kept) }
                    return nil
                }
            }
            guard let result = PQgetResult(handle) else { return kept }
            switch PQresultStatus(result) {
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                // As PQexec: a COPY's data goes through the COPY calls, and asking for more results
                // would only hand out this one again.
                if let kept { PQclear(kept) }
                return result
            default:
                break
            }
            if let previous = kept {
                // Keep the first error; otherwise the last result, as PQexec does.
                if PQresultStatus(previous) == PGRES_FATAL_ERROR {
                    PQclear(result)
                    continue
                }
                PQclear(previous)
            }
            kept = result
        }
    }

    private func lostConnection() -> PostgresError {
        .connectionFailed(settings.redact(Self.oneLine(String(cString: PQerrorMessage(handle)))))
    }
}
