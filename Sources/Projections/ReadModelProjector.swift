public import EventStore
import Foundation
import ICPDomain
public import Logging
public import Postgres

/// Applies events to the read-model tables inside the subscription's transaction.
///
/// For every stream a batch touches it takes the stream's projected state (from a cache
/// keyed by stream version, or by replaying the stream's earlier events from the events
/// table), folds the new events, deletes that entity's rows and writes them again with
/// COPY. Rows are a pure function of the stream's events, so a redelivered batch, a
/// rebuild and the live runner all write the same rows.
public final class ReadModelProjector: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [StreamID: EntityProjection] = [:]
    private let cacheLimit: Int
    let logger: Logger

    public init(cacheLimit: Int = 20_000, logger: Logger = Logger(label: "projections")) {
        self.cacheLimit = cacheLimit
        self.logger = logger
    }

    /// The subscription handler.
    public func apply(_ events: [RecordedEvent], on connection: PostgresConnection) throws {
        var touched: [StreamID: EntityProjection] = [:]
        var order: [StreamID] = []
        for event in events {
            var projection: EntityProjection
            if let current = touched[event.stream] {
                projection = current
            } else {
                guard let fresh = try load(event.stream, before: event.version, on: connection) else { continue }
                projection = fresh
                order.append(event.stream)
            }
            try projection.apply(event)
            touched[event.stream] = projection
        }
        var entities = order.compactMap { touched[$0] }
        try ReadModelWriter.replace(&entities, on: connection)
        lock.withLock {
            if cache.count + entities.count > cacheLimit { cache.removeAll(keepingCapacity: true) }
            for entity in entities { cache[entity.stream] = entity }
        }
    }

    /// The projection of a stream just before `version`; nil for streams this module does not project.
    private func load(_ stream: StreamID, before version: Int64, on connection: PostgresConnection) throws -> EntityProjection? {
        if let cached = lock.withLock({ cache[stream] }), cached.version == version - 1 { return cached }
        guard var projection = EntityProjection(stream: stream) else { return nil }
        if version > 1 {
            for event in try EventStore.readStream(stream, before: version, on: connection) {
                try projection.apply(event)
            }
        }
        return projection
    }
}

/// Writes projected entities' rows.
enum ReadModelWriter {
    /// Deletes the entities' rows and writes them anew (live tables).
    static func replace(_ entities: inout [EntityProjection], on connection: PostgresConnection) throws {
        guard !entities.isEmpty else { return }
        for entity in entities {
            for table in entity.tables {
                if let column = table.entityColumn, let id = entity.entityID {
                    try connection.query(
                        "DELETE FROM \(identifier: table.name) WHERE tenant_id = \(entity.stream.tenant) AND \(identifier: column) = \(id)")
                } else {
                    try connection.query("DELETE FROM \(identifier: table.name) WHERE tenant_id = \(entity.stream.tenant)")
                }
            }
        }
        var buffers: [ReadModelTable: [UInt8]] = [:]
        for index in entities.indices {
            _ = try entities[index].rows().encode(into: &buffers)
        }
        for table in ReadModelTable.allCases {
            guard let buffer = buffers[table], !buffer.isEmpty else { continue }
            try table.copy([buffer], into: table.name, on: connection)
        }
    }
}
