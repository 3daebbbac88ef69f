public import Foundation
import Postgres

/// What an `Idempotency-Key` lookup found.
public enum IdempotentStart: Sendable, Equatable {
    /// The key is new (or its earlier attempt was abandoned long ago): run the request.
    case proceed
    /// The same request was answered before: send that answer again.
    case replay(IdempotentAnswer)
    /// The same request is being answered right now by another attempt.
    case inProgress
    /// The key was used for a different request.
    case mismatch
}

/// A stored answer to a request sent with an idempotency key.
public struct IdempotentAnswer: Sendable, Equatable, Codable {
    public var status: Int
    /// The headers worth repeating (content type, ETag, location, consistency token).
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

extension Ledger {
    /// How long an unanswered attempt holds its key before a retry may take over (the attempt's
    /// process is then presumed gone; the retry replays the same command identity, so nothing is
    /// stored twice).
    public static let idempotencyTakeover: TimeInterval = 120

    /// Claims `key` for a request whose SHA-256 is `requestHash`, or says what became of it.
    public func beginIdempotent(account: AccountID, key: String, requestHash: [UInt8]) async throws -> IdempotentStart {
        let at = now()
        return try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(account, on: connection)
                let inserted = try connection.query(
                    """
                    INSERT INTO idempotent_requests (account_id, key, request_hash, started_at)
                    VALUES (\(account.uuid), \(key), \(PostgresBytes(requestHash)), \(at))
                    ON CONFLICT (account_id, key) DO NOTHING
                    """
                ).affectedRows
                if inserted == 1 { return .proceed }
                let row = try connection.query(
                    """
                    SELECT request_hash, status, headers::text, body, started_at FROM idempotent_requests
                    WHERE account_id = \(account.uuid) AND key = \(key) FOR UPDATE
                    """
                ).single()
                let (hash, status, headers, body, started) = try row.decode((PostgresBytes, Int?, String?, PostgresBytes?, Date).self)
                guard hash.bytes == requestHash else { return .mismatch }
                if let status {
                    let fields = try headers.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
                    return .replay(IdempotentAnswer(status: status, headers: fields, body: body?.bytes ?? []))
                }
                guard at.timeIntervalSince(started) > Self.idempotencyTakeover else { return .inProgress }
                try connection.query(
                    "UPDATE idempotent_requests SET started_at = \(at) WHERE account_id = \(account.uuid) AND key = \(key)")
                return .proceed
            }
        }
    }

    /// Stores the answer to a claimed key.
    public func finishIdempotent(account: AccountID, key: String, answer: IdempotentAnswer) async throws {
        let headers = String(decoding: try JSONEncoder().encode(answer.headers), as: UTF8.self)
        let at = now()
        try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(account, on: connection)
                try connection.query(
                    """
                    UPDATE idempotent_requests
                    SET status = \(answer.status), headers = \(headers)::jsonb, body = \(PostgresBytes(answer.body)), answered_at = \(at)
                    WHERE account_id = \(account.uuid) AND key = \(key)
                    """)
            }
        }
    }

    /// Releases a claimed key whose request failed on the server's side: a retry runs it again.
    public func abandonIdempotent(account: AccountID, key: String) async throws {
        try await appPool.withConnection { connection in
            try connection.transaction { connection in
                try Self.setAccount(account, on: connection)
                try connection.query("DELETE FROM idempotent_requests WHERE account_id = \(account.uuid) AND key = \(key) AND status IS NULL")
            }
        }
    }
}
