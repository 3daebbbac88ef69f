import Crypto
import Foundation
public import Postgres

/// Walks every stream and checks its hash chain against the stored bytes.
///
/// For each event: the stored canonical bytes must hash to the stored hash; the
/// chain must link to the previous version's hash with no version missing; the bytes
/// must still be readable (readers take the payload and metadata from them), and the
/// columns readers filter on (ids, type, version, time) must still match them. Needs
/// the system role (it reads every tenant).
public struct ChainVerifier: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Checks everything; `progress` is called after each batch with the events checked so far.
    public func verify(batchSize: Int = 5000, progress: (@Sendable (Int) -> Void)? = nil) async throws -> VerificationReport {
        var report = VerificationReport()
        var after: (UUID, String, Int64)? = nil
        var previous: (stream: StreamID, version: Int64, hash: [UInt8])? = nil
        while true {
            let query = Self.batchQuery(after: after, limit: batchSize)
            let rows = try await pool.withConnection { try $0.query(query) }
            if rows.isEmpty { break }
            for row in rows {
                let (tenant, name, version, canonical, previousHash, hash, jsonOK, fieldsOK) =
                    try row.decode((UUID, String, Int64, String, PostgresBytes, PostgresBytes, Bool, Bool?).self)
                let stream = StreamID(tenant: tenant, name: name)
                report.eventsChecked += 1
                func flag(_ kind: ChainBreak.Kind) { report.breaks.append(ChainBreak(stream: stream, version: version, kind: kind)) }

                let expectedVersion: Int64
                let expectedPrevious: [UInt8]
                if let previous, previous.stream == stream {
                    expectedVersion = previous.version + 1
                    expectedPrevious = previous.hash
                } else {
                    report.streamsChecked += 1
                    expectedVersion = 1
                    expectedPrevious = CanonicalEvent.genesisHash
                }
                if version != expectedVersion {
                    flag(.missingVersions(from: expectedVersion, to: version - 1))
                } else if previousHash.bytes != expectedPrevious {
                    flag(.brokenLink)
                }
                if CanonicalEvent.hash(canonical) != hash.bytes { flag(.hashMismatch) }
                var readable = jsonOK
                if readable {
                    var bytes = canonical
                    readable = bytes.withUTF8 { CanonicalParts.decode(postgresText: $0) } != nil
                }
                if !readable {
                    flag(.unreadableCanonical)
                } else if fieldsOK != true {
                    flag(.fieldMismatch)
                }
                previous = (stream, version, hash.bytes)
                after = (tenant, name, version)
            }
            progress?(report.eventsChecked)
            if rows.count < batchSize { break }
        }
        return report
    }

    static func batchQuery(after: (UUID, String, Int64)?, limit: Int) -> PostgresQuery {
        let checks: PostgresQuery = """
            SELECT e.tenant_id, e.stream_id, e.stream_version, e.canonical, e.previous_hash, e.hash,
                   c.j IS NOT NULL AS json_ok,
                   (c.j ->> 'event_id')::uuid = e.event_id AND c.j ->> 'type' = e.event_type
                   AND (c.j ->> 'schema_version')::integer = e.schema_version
                   AND (c.j ->> 'version')::bigint = e.stream_version AND c.j ->> 'stream' = e.stream_id
                   AND (c.j ->> 'tenant')::uuid = e.tenant_id
                   AND c.j ->> 'previous_hash' = encode(e.previous_hash, 'hex')
                   AND (c.j ->> 'occurred_at')::numeric = extract(epoch FROM e.occurred_at) * 1000000 AS fields_ok
            FROM events e CROSS JOIN LATERAL (SELECT events_canonical_json(e.canonical) AS j) c
            """
        guard let after else {
            return "\(checks) ORDER BY e.tenant_id, e.stream_id, e.stream_version LIMIT \(limit)"
        }
        return """
            \(checks)
            WHERE (e.tenant_id, e.stream_id, e.stream_version) > (\(after.0), \(after.1), \(after.2))
            ORDER BY e.tenant_id, e.stream_id, e.stream_version LIMIT \(limit)
            """
    }
}

/// What `verify` found.
public struct VerificationReport: Sendable, Equatable {
    public var eventsChecked = 0
    public var streamsChecked = 0
    /// Every break found, in stream and version order.
    public var breaks: [ChainBreak] = []
    /// True when nothing is broken.
    public var isIntact: Bool { breaks.isEmpty }
}

/// One place where a stream's chain does not hold.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The stored bytes no longer hash to the stored hash (they were edited).
        case hashMismatch
        /// The previous-hash link does not match the previous version's hash.
        case brokenLink
        /// Versions are missing before this one.
        case missingVersions(from: Int64, to: Int64)
        /// Id, type, version, stream, tenant or time columns differ from the hashed bytes (e.g. reordered).
        case fieldMismatch
        /// The stored canonical bytes are no longer JSON in the store's layout, so readers cannot take the payload from them.
        case unreadableCanonical
    }

    public var stream: StreamID
    public var version: Int64
    public var kind: Kind

    public init(stream: StreamID, version: Int64, kind: Kind) {
        self.stream = stream
        self.version = version
        self.kind = kind
    }

    public var description: String {
        let place = "stream \(stream) version \(version)"
        switch kind {
        case .hashMismatch: return "\(place): stored bytes do not match their hash (edited)"
        case .brokenLink: return "\(place): does not link to the previous event's hash"
        case .missingVersions(let from, let to):
            return from == to ? "\(place): version \(from) is missing" : "\(place): versions \(from)–\(to) are missing"
        case .fieldMismatch: return "\(place): id, type, version or time differs from the hashed bytes (reordered or edited)"
        case .unreadableCanonical: return "\(place): stored bytes are no longer readable as an event"
        }
    }
}
