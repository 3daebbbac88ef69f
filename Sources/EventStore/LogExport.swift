import ByteText
public import Foundation
public import Postgres

/// A workspace's log written for verification outside the database: `events.jsonl`, one event per
/// line in feed order — `{"canonical":"…","hash":"…"}`, the stored canonical bytes as a JSON string
/// and the stored hash in hex — read back by ``parse(line:canonical:)``.
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
        return text.withUnsafeBufferPointer { text in
            let canonical = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(text.count, 1))
            defer { canonical.deallocate() }
            return parse(line: text, canonical: canonical).map {
                Line(canonical: Array(UnsafeBufferPointer(rebasing: canonical[..<$0.count])), hash: $0.hash.bytes)
            }
        }
    }

    /// Reads one line (without its line feed) in place: writes the canonical bytes to `canonical`,
    /// which holds at least as many bytes as the line, and returns how many it wrote and the stored
    /// hash; nil when the line is not an exported event. The bytes are not checked as UTF-8: they
    /// are what the stored hash covers, and the hash says whether they are the stored ones.
    public static func parse(
        line text: UnsafeBufferPointer<UInt8>, canonical: UnsafeMutableBufferPointer<UInt8>
    ) -> (
        count: Int, hash: MerkleHash
    )? {
        let head = #"{"canonical":""#, middle = #"","hash":""#, tail = #""}"#
        let headCount = head.utf8.count, middleCount = middle.utf8.count, tailCount = tail.utf8.count
        guard text.count >= headCount + middleCount + 64 + tailCount, let base = text.baseAddress else { return nil }
        let hashStart = text.count - tailCount - 64
        let escapedEnd = hashStart - middleCount
        guard memcmp(base, head, headCount) == 0, memcmp(base + escapedEnd, middle, middleCount) == 0,
            memcmp(base + text.count - tailCount, tail, tailCount) == 0
        else { return nil }
        var hash = MerkleHash.zero
        let decoded = withUnsafeMutableBytes(of: &hash.words) {
            Hex.decode(UnsafeBufferPointer(rebasing: text[hashStart..<(text.count - tailCount)]), into: $0)
        }
        guard decoded, let count = JSONString.unescape(UnsafeBufferPointer(rebasing: text[headCount..<escapedEnd]), into: canonical)
        else { return nil }
        return (count, hash)
    }

    /// Why an export cannot be read.
    public struct Unreadable: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Reads a file's lines (without their line feeds) in pieces of `pieceSize` bytes (4 MiB),
    /// calling `body` with each piece's whole lines in order (valid only during the call); a last
    /// line without a line feed counts too. A line longer than a piece grows the piece.
    public static func readLines(
        _ path: String, pieceSize: Int = 4 << 20, _ body: ([UnsafeBufferPointer<UInt8>]) throws -> Void
    ) throws {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { throw Unreadable(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(file) }
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(pieceSize, 1))
        defer { buffer.deallocate() }
        var filled = 0
        var lines: [UnsafeBufferPointer<UInt8>] = []
        while true {
            if filled == buffer.count {
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                larger.baseAddress!.initialize(from: buffer.baseAddress!, count: filled)
                buffer.deallocate()
                buffer = larger
            }
            let got = read(file, buffer.baseAddress! + filled, buffer.count - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw Unreadable(description: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            let scanFrom = filled
            filled += got
            // Lines end after the last line feed of what is held; look only at the new bytes.
            lines.removeAll(keepingCapacity: true)
            var start = 0
            var from = scanFrom
            let base = buffer.baseAddress!
            while from < filled, let found = memchr(base + from, 10, filled - from) {
                let end = UnsafeMutableRawPointer(base).distance(to: found)
                lines.append(UnsafeBufferPointer(start: base + start, count: end - start))
                start = end + 1
                from = start
            }
            // The first line of this read may have begun in what was held before.
            if !lines.isEmpty {
                try body(lines)
                (base).update(from: base + start, count: filled - start)
                filled -= start
            }
        }
        if filled > 0 { try body([UnsafeBufferPointer(start: buffer.baseAddress!, count: filled)]) }
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
