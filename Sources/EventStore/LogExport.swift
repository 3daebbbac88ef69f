import ByteText
public import Foundation
public import Postgres

/// A workspace's log written for verification outside the database: `events.jsonl`, one event per
/// line in feed order — `{"canonical":"…","hash":"…"}`, the stored canonical bytes as a JSON string
/// and the stored hash in hex — read back by ``lines(_:)``.
public enum LogExport {
    /// One exported event.
    public struct Line: Hashable, Sendable {
        public var canonical: [UInt8]
        public var hash: [UInt8]
    }

    /// Writes one line.
    public static func append(canonical: UnsafeBufferPointer<UInt8>, hash: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: #"{"canonical":""#.utf8)
        JSONString.appendEscaped(canonical, to: &out)
        out.append(contentsOf: #"","hash":""#.utf8)
        Hex.append(hash, to: &out)
        out.append(contentsOf: "\"}\n".utf8)
    }

    /// Reads one line (without its line feed); nil when it is not one.
    public static func line(_ bytes: some Collection<UInt8>) -> Line? {
        let text = Array(bytes)
        let head = Array(#"{"canonical":""#.utf8), middle = Array(#"","hash":""#.utf8), tail = Array("\"}".utf8)
        guard text.count >= head.count + middle.count + 64 + tail.count, text.starts(with: head), text.suffix(2).elementsEqual(tail) else {
            return nil
        }
        let hashStart = text.count - tail.count - 64
        guard text[(hashStart - middle.count)..<hashStart].elementsEqual(middle),
            let hash = text.withUnsafeBufferPointer({ Hex.decode(UnsafeBufferPointer(rebasing: $0[hashStart..<(text.count - tail.count)])) })
        else { return nil }
        let escaped = text[head.count..<(hashStart - middle.count)]
        guard let canonical = escaped.withUnsafeBufferPointer({ JSONString.unescape($0) }) else { return nil }
        return Line(canonical: Array(canonical.utf8), hash: hash)
    }

    /// Why an export cannot be read.
    public struct Unreadable: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Reads an `events.jsonl` file line by line (in pieces of 1 MiB, never whole), calling `body`
    /// with each event; a line that is not an exported event is an error naming it.
    public static func read(_ path: String, _ body: (Line) throws -> Void) throws {
        var number = 0
        try readLines(path) { lines in
            for bytes in lines {
                number += 1
                guard let event = line(bytes) else { throw Unreadable(description: "\(path) line \(number) is not an exported event") }
                try body(event)
            }
        }
    }

    /// Reads a file's lines (without their line feeds) in pieces of about 1 MiB, calling `body`
    /// with each piece's whole lines in order; a last line without a line feed counts too.
    public static func readLines(_ path: String, _ body: ([ArraySlice<UInt8>]) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Unreadable(description: "cannot read \(path)") }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var lines: [ArraySlice<UInt8>] = []
            var start = 0
            let count = pending.count
            let ends: [Int] = pending.withUnsafeBytes { raw in
                var ends: [Int] = []
                var from = 0
                while from < count, let found = memchr(raw.baseAddress! + from, 10, count - from) {
                    let end = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                    ends.append(end)
                    from = end + 1
                }
                return ends
            }
            lines.reserveCapacity(ends.count)
            for end in ends {
                lines.append(pending[start..<end])
                start = end + 1
            }
            if !lines.isEmpty { try body(lines) }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try body([pending[...]]) }
    }

    /// Writes the tenant's log up to the feed horizon (the events a checkpoint made now covers) as
    /// lines, handing them over in pieces of about 1 MiB; returns how many events were written.
    public static func write(tenant: UUID, on connection: PostgresConnection, _ body: ([UInt8]) throws -> Void) throws -> Int {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 64 * 1024)
        var count = 0
        _ = try EventStore.copyTenantFeed(tenant, columns: "canonical, hash", on: connection) { row in
            let canonical = try row.value().assumingMemoryBound(to: UInt8.self)
            let hash = Array(try row.value())
            append(canonical: canonical, hash: hash, to: &out)
            count += 1
            if out.count >= 1 << 20 {
                try body(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { try body(out) }
        return count
    }
}
