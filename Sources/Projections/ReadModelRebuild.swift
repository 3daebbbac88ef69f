public import EventStore
public import Foundation
public import Logging
public import Postgres

/// Progress of a rebuild, reported after every batch read.
public struct RebuildProgress: Sendable {
    /// Events folded so far.
    public var events: Int
    /// Events in the store when the rebuild started (an estimate for the ETA).
    public var expected: Int
    /// Time since the start.
    public var elapsed: Duration
    /// "reading", "writing" or "swapping".
    public var phase: String

    public var eventsPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(events) / seconds : 0
    }

    /// Seconds left at the current rate, when known.
    public var secondsLeft: Double? {
        let rate = eventsPerSecond
        return rate > 0 && expected > events ? Double(expected - events) / rate : nil
    }
}

/// What a rebuild did.
public struct RebuildReport: Sendable {
    public var events: Int
    public var rows: Int
    public var cursor: FeedCursor
    public var duration: Duration
    /// Time spent reading and folding the events.
    public var readDuration: Duration
    /// Time spent turning state into rows and copying them into the shadow tables.
    public var writeDuration: Duration
    /// The time copiers spent inside COPY (the server storing rows), summed over copiers.
    public var copyDuration: Duration
    /// The part of `writeDuration` spent building the shadow tables' indexes, after the last COPY.
    public var indexDuration: Duration
    /// Workspaces whose events could not all be applied: each is halted at its first such event
    /// (its read models hold everything before it), and every other workspace is rebuilt in full.
    public var halts: [TenantHalt]
}

/// Replays every event into fresh shadow tables (`CREATE TABLE … (LIKE live INCLUDING ALL
/// EXCLUDING INDEXES)`), fills them in batches with COPY, gives them the live tables' indexes,
/// then swaps them in by rename in one short transaction that also secures them
/// (``read_model_secure``) and moves the runner's checkpoint to the last event read. Readers
/// see the old model until that commit and the new one after it.
///
/// DDL runs as the owner role (it owns the read-model tables); events are read as the system role.
public struct ReadModelRebuild: Sendable {
    /// Worker threads for folding and encoding (the reader stays sequential).
    static let parallelism = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
    /// Connections COPYing rows into the shadow tables side by side: storing rows is the server's
    /// work, and one backend uses one core.
    static let copiers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    /// The fold partition of a tenant's streams. A stream's events all carry its tenant, so each
    /// stream is folded by one partition, in feed order.
    static func partition(of tenant: UUID, among count: Int) -> Int {
        let halves = withUnsafeBytes(of: tenant.uuid) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
        return Int((halves.0 ^ halves.1) % UInt64(count))
    }

    let owner: PostgresConnectionSettings
    let system: PostgresConnectionSettings
    let batchSize: Int
    let logger: Logger

    public init(
        owner: PostgresConnectionSettings, system: PostgresConnectionSettings, batchSize: Int = 10_000,
        logger: Logger = Logger(label: "projections.rebuild")
    ) {
        self.owner = owner
        self.system = system
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Runs the rebuild on a dedicated connection thread.
    public func run(progress: (@Sendable (RebuildProgress) -> Void)? = nil) async throws -> RebuildReport {
        let pool = PostgresPool(settings: owner, maxConnections: 1, logger: logger)
        let system = system, batchSize = batchSize, logger = logger
        let owner = owner
        return try await pool.closing { pool in
            try await pool.withConnection { ownerConnection in
                // One rebuild at a time: a second one would drop the first one's shadow tables. The lock
                // belongs to this session, so a rebuild that dies (or is killed) releases it with its connection.
                guard try ownerConnection.query("SELECT pg_try_advisory_lock(\(Self.lockKey))").single().column(0, as: Bool.self) else {
                    throw RebuildError.alreadyRunning
                }
                defer { _ = try? ownerConnection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
                // The replay is one COPY of every event: like the owner's COPYs, it runs without the
                // system role's statement timeout (which is meant for projection batches and verify).
                var readerSettings = system
                readerSettings.sessionParameters["statement_timeout"] = nil
                let reader = try PostgresConnection(settings: readerSettings)
                let copiers = try [ownerConnection] + (1..<Self.copiers).map { _ in try PostgresConnection(settings: owner) }
                return try Self.rebuild(
                    owner: ownerConnection, copiers: copiers, reader: reader, batchSize: batchSize, logger: logger,
                    progress: progress)
            }
        }
    }

    /// The advisory lock a rebuild holds while it runs.
    static let lockKey: Int64 = 0x6963_706C_6462_6C64

    /// What a replay into the shadow tables produced.
    struct Replayed {
        var events: Int
        var rows: Int
        var rowsByTable: [ReadModelTable: Int]
        var shadowIDs: [ReadModelTable: Int64]
        var cursor: FeedCursor
        var halts: [TenantHalt]
        var readDone: ContinuousClock.Instant
        var copyTime: Duration
    }

    static func rebuild(
        owner: PostgresConnection, copiers: [PostgresConnection], reader: PostgresConnection, batchSize: Int,
        logger: Logger, progress: (@Sendable (RebuildProgress) -> Void)?
    ) throws -> RebuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        let replayed = try replay(
            owner: owner, copiers: copiers, reader: reader, batchSize: batchSize, upTo: nil, progress: progress, clock: clock, start: start)
        let (count, rows, rowsByTable, shadowIDs, cursor, halts) = (
            replayed.events, replayed.rows, replayed.rowsByTable, replayed.shadowIDs, replayed.cursor, replayed.halts
        )
        let readDone = replayed.readDone
        let copied = clock.now
        for table in ReadModelTable.allCases { try Self.copyIndexes(of: table, on: owner) }
        let writeDone = clock.now
        progress?(RebuildProgress(events: count, expected: count, elapsed: clock.now - start, phase: "swapping"))

        // Swap in one short transaction, with the checkpoint moved to the last event read.
        let name = ReadModelRunner.subscriptionName
        try owner.query("RESET synchronous_commit")
        try owner.transaction { connection in
            // Waits for a running batch of the live runner, and keeps it out until the swap commits.
            try SubscriptionCheckpoint.lock(name, on: connection)
            for table in ReadModelTable.allCases {
                // Exactly the tables this run filled: the same table (not one recreated under its name)
                // with as many rows as this run copied into it.
                let (id, stored) = try connection.query(
                    """
                    SELECT to_regclass(\(table.shadowName))::oid::bigint, (SELECT count(*) FROM \(identifier: table.shadowName))
                    """
                ).single().decode((Int64?, Int64).self)
                guard id == shadowIDs[table], stored == Int64(rowsByTable[table] ?? 0) else {
                    throw RebuildError.shadowTableReplaced(table: table.shadowName)
                }
                try connection.query("SELECT read_model_secure(\(table.shadowName)::regclass)")
                try connection.query("ALTER TABLE \(identifier: table.name) RENAME TO \(identifier: table.name + "_retired")")
                try connection.query("ALTER TABLE \(identifier: table.shadowName) RENAME TO \(identifier: table.name)")
                try connection.query("DROP TABLE \(identifier: table.name + "_retired")")
            }
            // The checkpoint moves to the last event read; the halted workspaces are now the ones this rebuild met.
            try SubscriptionCheckpoint.reset(name, to: cursor, halts: halts, on: connection)
        }
        for halt in halts {
            logger.error(
                "the rebuild could not apply an event of one workspace; it is halted there, the others are rebuilt",
                metadata: [
                    "tenant": "\(halt.tenant)", "stream": "\(halt.stream)", "version": "\(halt.streamVersion)",
                    "type": "\(halt.eventType)", "position": "\(halt.cursor)", "reason": "\(halt.reason)",
                ])
        }
        let duration = clock.now - start
        logger.info("rebuilt the read models from \(count) events (\(rows) rows) in \(duration)")
        return RebuildReport(
            events: count, rows: rows, cursor: cursor, duration: duration,
            readDuration: readDone - start, writeDuration: writeDone - readDone, copyDuration: replayed.copyTime,
            indexDuration: writeDone - copied, halts: halts)
    }

    /// Replays every event (up to `limit`, when given) into fresh shadow tables, without their indexes.
    static func replay(
        owner: PostgresConnection, copiers: [PostgresConnection], reader: PostgresConnection, batchSize: Int, upTo limit: FeedCursor?,
        progress: (@Sendable (RebuildProgress) -> Void)?, clock: ContinuousClock, start: ContinuousClock.Instant
    ) throws -> Replayed {
        let expected = try EventStore.eventCount(on: reader)
        // Read at least up to the newest event stored when the rebuild started (the feed is capped
        // below the oldest open transaction, so a short read may only mean one is still in flight).
        let target = try limit ?? EventStore.newestCursor(on: reader) ?? .start
        let waitLimit = clock.now.advanced(by: .seconds(30))

        for table in ReadModelTable.allCases {
            try owner.query("DROP TABLE IF EXISTS \(identifier: table.shadowName)")
            // Without indexes: building each once the rows are in costs the server far less than
            // maintaining it row by row during COPY (the keys arrive in no useful order).
            try owner.query("CREATE TABLE \(identifier: table.shadowName) (LIKE \(identifier: table.name) INCLUDING ALL EXCLUDING INDEXES)")
        }
        // The swap checks these: it swaps in only the tables this run created and filled.
        var shadowIDs: [ReadModelTable: Int64] = [:]
        for table in ReadModelTable.allCases {
            shadowIDs[table] = try owner.query("SELECT \(table.shadowName)::regclass::oid::bigint")
                .single().column(0, as: Int64.self)
        }

        // Fold every event, in feed order, into per-stream projections. Streams are independent,
        // so the reader routes each event to the partition of its tenant, and one thread per
        // partition folds what it is handed (each stream's events stay in order), with no barrier
        // between batches: the server producing rows, the reader and the folds all overlap.
        let partitions = (0..<Self.parallelism).map { _ in FoldPartition() }
        let feeds = partitions.map { _ in Pipe<[FoldableEvent]>(capacity: 4) }
        let chunk = max(1, batchSize / partitions.count)
        let readerBox = UncheckedBox(reader)
        let threadsDone = DispatchGroup()
        let readerCursor = UncheckedBox(FeedCursor.start)
        let readerFailure = LockedBox<(any Error)?>(nil)
        let folded = LockedBox(0)
        threadsDone.enter()
        Thread.detachNewThread {
            defer { threadsDone.leave() }
            var pending = [[FoldableEvent]](repeating: [], count: partitions.count)
            func send(_ index: Int) throws {
                guard feeds[index].put(pending[index]) else { throw CancellationError() }
                pending[index] = []
                pending[index].reserveCapacity(chunk)
            }
            func route(_ event: FoldableEvent) throws {
                if let limit, limit < event.cursor { return }  // an audit compares up to the live checkpoint
                let index = Self.partition(of: event.stream.tenant, among: partitions.count)
                pending[index].append(event)
                if pending[index].count >= chunk { try send(index) }
            }
            func flush() throws {
                for index in pending.indices where !pending[index].isEmpty { try send(index) }
            }
            do {
                // Everything below the oldest open transaction in one binary COPY…
                var cursor = try EventStore.copyFoldable(after: .start, on: readerBox.value) { try route($0) }
                try flush()
                // …then the rest (events of transactions that were still open) with the gap-safe feed reads.
                while cursor < target {
                    let events = try EventStore.readAll(after: cursor, limit: batchSize, on: readerBox.value).map(FoldableEvent.init)
                    if let last = events.last { cursor = last.cursor }
                    for event in events { try route(event) }
                    try flush()
                    if events.count < batchSize {
                        if clock.now >= waitLimit { break }
                        if events.isEmpty { Thread.sleep(forTimeInterval: 0.01) }
                    }
                }
                readerCursor.value = limit.map { Swift.min($0, cursor) } ?? cursor
                for feed in feeds { feed.close() }
            } catch {
                readerFailure.update { $0 = error }
                for feed in feeds { feed.close(failing: error) }
            }
        }
        for (partition, feed) in zip(partitions, feeds) {
            threadsDone.enter()
            Thread.detachNewThread {
                defer { threadsDone.leave() }
                do {
                    while let events = try feed.take() {
                        partition.fold(events)
                        if partition.failure != nil { break }
                        folded.update { $0 += events.count }
                    }
                } catch {
                    // The reader failed; it reports that itself.
                }
                if partition.failure != nil { for feed in feeds { feed.cancel() } }  // stops the reader and the other folds
            }
        }
        while threadsDone.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
            progress?(RebuildProgress(events: folded.value, expected: Int(expected), elapsed: clock.now - start, phase: "reading"))
        }
        if let failure = partitions.lazy.compactMap(\.failure).first { throw failure }
        if let failure = readerFailure.value { throw failure }
        let halts = try Self.halts(partitions.flatMap { $0.halted.values }, on: reader)
        let count = folded.value
        progress?(RebuildProgress(events: count, expected: Int(expected), elapsed: clock.now - start, phase: "reading"))
        let cursor = readerCursor.value

        let readDone = clock.now
        // Encode rows in parallel, a bounded round at a time; copier threads, one per connection,
        // COPY the rounds into the shadow tables while the next ones are encoded. (A single pass in
        // stream order, encoding each stream's rows as soon as its last event is read, was tried:
        // with COPY in and out competing for the same two cores it took about 1.5 times as long.)
        var rows = 0
        var rowsByTable: [ReadModelTable: Int] = [:]
        let sink = Pipe<[(ReadModelTable, [[UInt8]])]>(capacity: copiers.count)
        let copiersDone = DispatchGroup()
        let copierFailure = LockedBox<(any Error)?>(nil)
        let copyTime = LockedBox(Duration.zero)
        for copier in copiers {
            // Shadow tables are invisible until the swap, and the swap's commit is durable, which
            // makes every earlier COPY durable with it; so the copies need not wait for WAL flushes.
            try copier.query("SET synchronous_commit = off")
            let connection = UncheckedBox(copier)
            copiersDone.enter()
            Thread.detachNewThread {
                defer { copiersDone.leave() }
                do {
                    while let round = try sink.take() {
                        let started = clock.now
                        for (table, chunks) in round {
                            try table.copy(chunks, into: table.shadowName, on: connection.value)
                        }
                        copyTime.update { $0 += clock.now - started }
                    }
                } catch {
                    copierFailure.update { if $0 == nil { $0 = error } }
                    sink.cancel()
                }
            }
        }
        do {
            // On failure the copiers stop after their current COPY; they always finish before this returns.
            var encoded = false
            defer {
                if !encoded { sink.cancel() }
                sink.close()
                copiersDone.wait()
            }
            while partitions.contains(where: { !$0.isDrained }) {
                DispatchQueue.concurrentPerform(iterations: partitions.count) { index in partitions[index].encodeNext(streams: 500) }
                if let failure = partitions.lazy.compactMap(\.failure).first { throw failure }
                var round: [(ReadModelTable, [[UInt8]])] = []
                for table in ReadModelTable.allCases {
                    let chunks = partitions.compactMap { $0.buffers[table] }.filter { !$0.isEmpty }
                    if !chunks.isEmpty { round.append((table, chunks)) }
                }
                for partition in partitions {
                    for (table, n) in partition.takeRowCounts() {
                        rowsByTable[table, default: 0] += n
                        rows += n
                    }
                }
                if !round.isEmpty, !sink.put(round) { break }
            }
            encoded = true
        }
        if let failure = copierFailure.value { throw failure }
        return Replayed(
            events: count, rows: rows, rowsByTable: rowsByTable, shadowIDs: shadowIDs, cursor: cursor, halts: halts, readDone: readDone,
            copyTime: copyTime.value)
    }

}

extension ReadModelRebuild {
    /// Gives the shadow table the live table's indexes: its primary key (same columns, so
    /// `ON CONFLICT` and the key order are unchanged) and every other index as the catalog
    /// defines it, under names PostgreSQL picks.
    static func copyIndexes(of table: ReadModelTable, on connection: PostgresConnection) throws {
        let indexes = try connection.query(
            """
            SELECT pg_get_indexdef(i.indexrelid), i.indisprimary,
                   (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
                    FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
            FROM pg_index i WHERE i.indrelid = \(table.name)::regclass ORDER BY i.indexrelid
            """
        ).map { try $0.decode((String, Bool, String?).self) }
        for (definition, isPrimary, columns) in indexes {
            if isPrimary, let columns {
                try connection.query("ALTER TABLE \(identifier: table.shadowName) ADD PRIMARY KEY (\(unsafeRaw: columns))")
            } else if let using = definition.range(of: " USING ") {
                let unique = definition.hasPrefix("CREATE UNIQUE INDEX") ? "UNIQUE " : ""
                // The index definition is read back from the catalogue, not taken from any value.
                try connection.query(
                    "CREATE \(unsafeRaw: unique)INDEX ON \(identifier: table.shadowName)\(unsafeRaw: String(definition[using.lowerBound...]))")
            } else {
                throw RebuildError.unsupportedIndex(table: table.name, definition: definition)
            }
        }
    }
}

/// Why a rebuild refused to start or finish.
public enum RebuildError: Error, Sendable, CustomStringConvertible {
    /// A live read-model index the rebuild cannot recreate on the shadow table.
    case unsupportedIndex(table: String, definition: String)
    /// Another rebuild holds the rebuild lock.
    case alreadyRunning
    /// A shadow table is not the one this rebuild filled (dropped or refilled behind its back).
    case shadowTableReplaced(table: String)
    /// Rows of a stream could not be encoded (a value the event checks should have refused).
    case unencodable(tenant: UUID, stream: String, detail: String)

    public var description: String {
        switch self {
        case .unsupportedIndex(let table, let definition): "cannot recreate index of \(table) on its rebuild: \(definition)"
        case .alreadyRunning:
            "another rebuild is running on this database (one runs at a time); wait for it to finish; the live read models are unchanged"
        case .shadowTableReplaced(let table):
            "the shadow table \(table) is not the one this rebuild filled; nothing was swapped in, the live read models are unchanged"
        case .unencodable(let tenant, let stream, let detail):
            "cannot write the rows of stream \(stream) of workspace \(tenant) (\(detail)); nothing was swapped in"
        }
    }
}

extension ReadModelRebuild {
    /// Completes the fold's halts with their event ids (a replay does not read them).
    static func halts(_ found: [FoldHalt], on connection: PostgresConnection) throws -> [TenantHalt] {
        try found.sorted { $0.event.cursor < $1.event.cursor }.map { halt in
            let event = halt.event
            let id = try EventStore.eventID(of: event.stream, version: event.version, on: connection)
            return TenantHalt(
                tenant: event.stream.tenant, cursor: event.cursor, eventID: id, stream: event.stream.name,
                streamVersion: event.version, eventType: event.type, reason: halt.reason, haltedAt: Date())
        }
    }
}

/// A workspace's first event a rebuild's fold could not apply.
struct FoldHalt: Sendable {
    var event: FoldableEvent
    var reason: String
}

/// The streams one worker folds and encodes during a rebuild. Each partition is touched by one
/// thread at a time: its fold thread while reading, then one `concurrentPerform` iteration per
/// round of encoding (the rebuild waits for every fold thread before it encodes).
final class FoldPartition: @unchecked Sendable {
    var entities: [StreamID: EntityProjection] = [:]
    var order: [StreamID] = []
    var failure: (any Error)?
    /// Workspaces halted at an event the fold could not apply; their later events are passed over,
    /// exactly as the live runner passes them over.
    var halted: [UUID: FoldHalt] = [:]
    var buffers: [ReadModelTable: [UInt8]] = [:]
    private var next = 0
    private var rowCounts: [ReadModelTable: Int] = [:]

    var isDrained: Bool { failure != nil || next >= order.count }

    func fold(_ events: [FoldableEvent]) {
        guard failure == nil else { return }
        for event in events {
            if !halted.isEmpty, halted[event.stream.tenant] != nil { continue }
            do {
                if let index = entities.index(forKey: event.stream) {
                    try entities.values[index].apply(event)  // in place: one lookup, no copy; a refused event changes nothing
                } else if var projection = EntityProjection(stream: event.stream) {
                    try projection.apply(event)
                    entities[event.stream] = projection
                    order.append(event.stream)
                }
            } catch {
                halted[event.stream.tenant] = FoldHalt(event: event, reason: String(describing: error))
            }
        }
    }

    /// Encodes the rows of the next `streams` entities into `buffers` (replacing the last round's).
    func encodeNext(streams: Int) {
        buffers = [:]
        guard failure == nil else { return }
        do {
            let end = min(order.count, next + streams)
            for stream in order[next..<end] {
                guard var entity = entities.removeValue(forKey: stream) else { continue }
                let rows: ProjectedRows
                do {
                    rows = try entity.rows(memoize: false)  // the entity is dropped next
                } catch {
                    throw RebuildError.unencodable(tenant: stream.tenant, stream: stream.name, detail: String(describing: error))
                }
                let counts: [ReadModelTable: Int]
                do {
                    counts = try rows.encode(into: &buffers)
                } catch {
                    throw RebuildError.unencodable(tenant: stream.tenant, stream: stream.name, detail: String(describing: error))
                }
                for (table, count) in counts { rowCounts[table, default: 0] += count }
            }
            next = end
        } catch {
            failure = error
        }
    }

    /// The rows encoded since the last call, per table.
    func takeRowCounts() -> [ReadModelTable: Int] {
        defer { rowCounts = [:] }
        return rowCounts
    }
}

/// A reference to a value handed between the rebuild's threads (each is used by one thread at a time).
final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A value shared by several threads, behind a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

/// A bounded queue between producer and consumer threads.
final class Pipe<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private var cancelled = false
    private var failure: (any Error)?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the consumer has cancelled.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, nil once closed and drained; rethrows the producer's failure.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed && !cancelled { condition.wait() }
        if !items.isEmpty {
            condition.broadcast()
            return items.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    func close(failing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        if failure == nil { failure = error }
        condition.broadcast()
    }

    /// The consumer gives up: producers stop at their next put.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        items.removeAll()
        condition.broadcast()
    }
}

/// A row that differs between a live read-model table and a replay of the events.
public struct ProjectionDifference: Sendable, Hashable, Codable {
    /// The read-model table.
    public var table: String
    /// The workspace the row belongs to.
    public var tenant: UUID
    /// `live` when only the live table has the row, `replay` when only the events give it.
    public var side: String
    /// The row as PostgreSQL prints a record.
    public var row: String
}

/// What a projection audit found.
public struct ProjectionAuditReport: Sendable {
    /// Events replayed.
    public var events: Int
    /// The live checkpoint the replay stopped at (the live runner waited while the audit ran).
    public var cursor: FeedCursor
    /// The differing rows, at most the number asked for.
    public var differences: [ProjectionDifference]
    /// How many rows differ in all.
    public var differingRows: Int
    /// Workspaces that received events while the audit ran, so their live rows may be newer than the
    /// replay: they are not compared (run the audit again).
    public var changedMeanwhile: Int
}

extension ReadModelRebuild {
    /// Replays every event up to the live runner's checkpoint into scratch tables and compares them,
    /// workspace by workspace, with the live read models; swaps nothing and drops the scratch tables.
    /// It holds no transaction open while it replays (an open transaction would hold back every feed
    /// of the cluster); the live runner keeps going, and a workspace that received events after the
    /// checkpoint read at the start is left out of the comparison and counted in
    /// ``ProjectionAuditReport/changedMeanwhile``.
    public func audit(showing limit: Int = 50) async throws -> ProjectionAuditReport {
        var readerSettings = system
        readerSettings.sessionParameters["statement_timeout"] = nil
        let owner = owner, batchSize = batchSize
        return try await Task.detached {
            let ownerConnection = try PostgresConnection(settings: owner)
            guard try ownerConnection.query("SELECT pg_try_advisory_lock(\(Self.lockKey))").single().column(0, as: Bool.self) else {
                throw RebuildError.alreadyRunning
            }
            let reader = try PostgresConnection(settings: readerSettings)
            let live =
                try reader.query(
                    """
                    SELECT transaction_id::text, position FROM subscription_checkpoints
                    WHERE tenant_id = \(EventSubscription.globalTenant) AND subscription = \(ReadModelRunner.subscriptionName)
                    """
                ).first.map { row in
                    let (xid, position) = try row.decode((UInt64, Int64).self)
                    return FeedCursor(transactionID: xid, position: position)
                } ?? .start
            let copiers = try [ownerConnection] + (1..<Self.copiers).map { _ in try PostgresConnection(settings: owner) }
            let clock = ContinuousClock()
            let replayed = try Self.replay(
                owner: ownerConnection, copiers: copiers, reader: reader, batchSize: batchSize, upTo: live, progress: nil, clock: clock,
                start: clock.now)
            defer {
                for table in ReadModelTable.allCases { _ = try? ownerConnection.query("DROP TABLE IF EXISTS \(identifier: table.shadowName)") }
            }
            let tenants = try reader.query("SELECT DISTINCT tenant_id FROM events ORDER BY tenant_id").map { try $0.column(0, as: UUID.self) }
            var found: [UUID: [ProjectionDifference]] = [:]
            var counts: [UUID: Int] = [:]
            for table in ReadModelTable.allCases {
                for tenant in tenants {
                    let rows = try ownerConnection.transaction { connection in
                        try EventStore.setTenant(tenant, on: connection)
                        return try connection.query(
                            """
                            SELECT 'live', d::text FROM (SELECT * FROM \(identifier: table.name) WHERE tenant_id = \(tenant)
                                EXCEPT ALL SELECT * FROM \(identifier: table.shadowName) WHERE tenant_id = \(tenant)) d
                            UNION ALL
                            SELECT 'replay', d::text FROM (SELECT * FROM \(identifier: table.shadowName) WHERE tenant_id = \(tenant)
                                EXCEPT ALL SELECT * FROM \(identifier: table.name) WHERE tenant_id = \(tenant)) d
                            """
                        ).map { (try $0.column(0, as: String.self), try $0.column(1, as: String.self)) }
                    }
                    counts[tenant, default: 0] += rows.count
                    for (side, row) in rows where found[tenant, default: []].count < limit {
                        found[tenant, default: []].append(ProjectionDifference(table: table.name, tenant: tenant, side: side, row: row))
                    }
                }
            }
            // Workspaces with events after the checkpoint may have moved on in the live tables meanwhile.
            var changed = Set<UUID>()
            var after = live
            while true {
                let events = try EventStore.readAll(after: after, limit: 1_000, on: reader)
                for event in events { changed.insert(event.stream.tenant) }
                guard let last = events.last, events.count == 1_000 else { break }
                after = last.cursor
            }
            let stable = tenants.filter { !changed.contains($0) }
            let compared = Array(stable.flatMap { found[$0] ?? [] }.prefix(limit))
            let comparedTotal = stable.reduce(0) { $0 + (counts[$1] ?? 0) }
            _ = try? ownerConnection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
            return ProjectionAuditReport(
                events: replayed.events, cursor: replayed.cursor, differences: compared, differingRows: comparedTotal,
                changedMeanwhile: changed.count)
        }.value
    }
}
