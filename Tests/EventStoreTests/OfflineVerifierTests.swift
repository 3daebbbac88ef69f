import Foundation
import Testing

@testable import EventStore

/// `verify --offline` without a database: a rewritten history (every hash recomputed), a deleted
/// last event and a reordered one each pass the hash chains but not an earlier checkpoint, which
/// names where the difference lies.
@Suite("Verifying an export offline")
struct OfflineVerifierTests {
    static let tenant = UUID()
    static let origin = "icpledger/\(tenant)"
    static let signer = try! CheckpointSigner(name: "acme-ledger")

    /// Two streams' events interleaved in feed order, each chained: (canonical, hash) per event.
    static func log(rewriting rewritten: Int? = nil, count: Int = 6) -> [(canonical: [UInt8], hash: [UInt8])] {
        var heads: [String: [UInt8]] = [:]
        var versions: [String: Int64] = [:]
        return (0..<count).map { position in
            let stream = StreamID(tenant: tenant, name: position % 2 == 0 ? "icp-a" : "icp-b")
            let note = position == rewritten ? "rewritten" : "event \(position)"
            let event = NewEvent(
                id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", position))!, type: "Thing.Happened",
                payload: Data(#"{"note":"\#(note)"}"#.utf8), metadata: EventMetadata(actor: "p-1"),
                occurredAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(position)))
            let version = (versions[stream.name] ?? 0) + 1
            let canonical = CanonicalEvent.encode(
                event, metadata: CanonicalEvent.metadataJSON(event.metadata), stream: stream, version: version,
                previousHash: heads[stream.name] ?? CanonicalEvent.genesisHash)
            let hash = CanonicalEvent.hash(canonical)
            heads[stream.name] = hash
            versions[stream.name] = version
            return (canonical, hash)
        }
    }

    static func checkpoint(_ log: [(canonical: [UInt8], hash: [UInt8])], size: Int) throws -> String {
        let root = MerkleTree.root(log.prefix(size).map { MerkleTree.leafHash($0.hash) })
        return try signer.sign(Checkpoint(origin: origin, size: size, root: root, time: Date(timeIntervalSince1970: 1_800_000_100)))
    }

    static func verify(
        _ log: [(canonical: [UInt8], hash: [UInt8])], _ notes: [String], key: CheckpointVerifier = signer.verifier
    ) -> OfflineVerifier.Report {
        var verifier = OfflineVerifier(verifier: key, origin: origin)
        for event in log { verifier.add(canonical: event.canonical, storedHash: event.hash) }
        return verifier.finish(checkpoints: notes)
    }

    /// Writes `log` as `events.jsonl` lines (the last without its line feed when `open`).
    static func file(_ log: [(canonical: [UInt8], hash: [UInt8])], open: Bool = false) throws -> String {
        var out: [UInt8] = []
        for event in log { event.canonical.withUnsafeBufferPointer { LogExport.append(canonical: $0, hash: event.hash, to: &out) } }
        if open { out.removeLast() }
        let path = NSTemporaryDirectory() + "offline-\(UUID()).jsonl"
        try Data(out).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a whole export file, read in pieces and hashed on every core, reports what one event at a time reports")
    func wholeFile() throws {
        // Pieces smaller than one line, a few lines, and the whole file.
        for (rewritten, pieceSize) in [(nil, 4 << 20), (2_345, 4 << 20), (nil, 100), (2_345, 3_000)] as [(Int?, Int)] {
            let log = Self.log(rewriting: rewritten, count: 5_000)
            let notes = [try Self.checkpoint(Self.log(count: 5_000), size: 4_000)]
            let path = try Self.file(log, open: true)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var verifier = OfflineVerifier(verifier: Self.signer.verifier, origin: Self.origin)
            try verifier.addExport(path, pieceSize: pieceSize)
            let whole = verifier.finish(checkpoints: notes), oneByOne = Self.verify(log, notes)
            #expect(whole.events == 5_000 && whole.streams == 2)
            #expect(whole.findings == oneByOne.findings && whole.checkpointsVerified == oneByOne.checkpointsVerified)
            #expect(whole.isIntact == (rewritten == nil), "\(whole.findings)")
        }
        // A line that is no exported event is named by its number.
        let source = try Self.file(Self.log(count: 3_000))
        defer { try? FileManager.default.removeItem(atPath: source) }
        var lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2_500] = "not an event"
        let path = NSTemporaryDirectory() + "offline-\(UUID()).jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var verifier = OfflineVerifier(verifier: Self.signer.verifier, origin: Self.origin)
        #expect(throws: LogExport.Unreadable.self) { try verifier.addExport(path) }
        do { try verifier.addExport(path) } catch { #expect("\(error)".contains("line 2501"), "\(error)") }
    }

    @Test("an untouched export verifies: every chain and every checkpoint")
    func intact() throws {
        let log = Self.log()
        let report = Self.verify(log, [try Self.checkpoint(log, size: 3), try Self.checkpoint(log, size: 6)])
        #expect(report.isIntact, "\(report.findings)")
        #expect(report.events == 6 && report.streams == 2 && report.checkpointsVerified == [3, 6] && report.uncovered == 0)
        #expect(Self.verify(log, [try Self.checkpoint(log, size: 4)]).uncovered == 2)
    }

    @Test("an export with no checkpoint of the pinned key proves nothing, and says so")
    func noCheckpoint() throws {
        let log = Self.log()
        let report = Self.verify(log, [])
        #expect(!report.isIntact && report.findings.count == 1 && report.findings[0].text.contains("no checkpoint"), "\(report.findings)")
        #expect(Self.verify([], []).isIntact, "an empty log needs none")
    }

    @Test("an event rewritten with its stream's later hashes recomputed: the chains hold, the checkpoint after it does not")
    func rewritten() throws {
        let original = Self.log()
        let notes = [try Self.checkpoint(original, size: 3), try Self.checkpoint(original, size: 6)]
        let forged = Self.log(rewriting: 4)
        let report = Self.verify(forged, notes)
        #expect(!report.findings.contains { $0.text.contains("hash") || $0.text.contains("link") }, "the chains were recomputed")
        #expect(report.checkpointsVerified == [3])
        #expect(report.findings.map(\.position) == [3] && report.findings.first?.text.contains("from 3 to 5") == true, "\(report.findings)")
    }

    @Test("the last event deleted: the checkpoint counts more events than the export holds")
    func deletedLast() throws {
        let log = Self.log()
        let report = Self.verify(Array(log.dropLast()), [try Self.checkpoint(log, size: 6)])
        #expect(report.findings.count == 1 && report.findings[0].text.contains("events are missing"), "\(report.findings)")
    }

    @Test("two events of different streams swapped: each chain still holds, the checkpoint does not")
    func reordered() throws {
        let log = Self.log()
        var swapped = log
        swapped.swapAt(1, 2)
        let report = Self.verify(swapped, [try Self.checkpoint(log, size: 6)])
        #expect(
            report.findings.count == 1 && report.findings[0].position == 0 && report.findings[0].text.contains("from 0 to 5"), "\(report.findings)")
    }

    @Test("a checkpoint signed by another key, of another log, or edited is refused; an edited event is named")
    func refusals() throws {
        let log = Self.log()
        let stranger = try CheckpointSigner(name: "acme-ledger")
        var edited = log
        edited[2].canonical[edited[2].canonical.count - 3] = UInt8(ascii: "9")
        let note = try Self.checkpoint(log, size: 6)
        let other = try Self.signer.sign(Checkpoint(origin: "icpledger/other", size: 1, root: MerkleTree.emptyRoot, time: Date()))
        let report = Self.verify(edited, [note.replacingOccurrences(of: "\n6\n", with: "\n5\n"), other], key: Self.signer.verifier)
        #expect(report.findings.contains { $0.position == 2 && $0.text.contains("do not hash") }, "\(report.findings)")
        #expect(report.findings.contains { $0.text.contains("signature does not match") })
        #expect(report.findings.contains { $0.text.contains("another log") })
        #expect(!Self.verify(log, [note], key: stranger.verifier).isIntact)
    }

    @Test("a file's lines come back whole and in order whatever the piece size: long lines, empty lines, no last line feed")
    func readingLines() throws {
        let lines = (0..<300).map { number in
            number % 7 == 0 ? "" : String(repeating: "x", count: (number * 37) % 1_000) + "\(number)é\r"
        }
        for ending in ["", "\n"] {
            let path = NSTemporaryDirectory() + "lines-\(UUID()).txt"
            try Data((lines.joined(separator: "\n") + ending).utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            for pieceSize in [1, 2, 64, 999, 1 << 20] {
                var read: [String] = []
                try LogExport.readLines(path, pieceSize: pieceSize) { piece in
                    read += piece.map { String(decoding: $0, as: UTF8.self) }
                }
                #expect(read == lines, "piece size \(pieceSize), ending \(ending.debugDescription)")
            }
        }
        #expect(throws: LogExport.Unreadable.self) { try LogExport.readLines("/nonexistent/events.jsonl") { _ in } }
    }

    @Test("an export line carries the stored bytes exactly, quotes, backslashes and line breaks included")
    func lines() throws {
        let canonical = Array(#"{"payload":{"text":"a \"quote\", a \\ and a\nbreak"}}"#.utf8)
        let hash = CanonicalEvent.hash(canonical)
        var out: [UInt8] = []
        canonical.withUnsafeBufferPointer { LogExport.append(canonical: $0, hash: hash, to: &out) }
        #expect(out.filter { $0 == 10 }.count == 1 && out.last == 10)
        #expect(LogExport.line(out.dropLast()) == LogExport.Line(canonical: canonical, hash: hash))
        #expect(LogExport.line(Array("{}".utf8)) == nil)
        // Escapes of every kind come back as the bytes they stand for; a broken one, a hash that is
        // not hex or not 32 bytes, or a line cut short is no line.
        let hex = String(repeating: "ab", count: 32)
        #expect(
            LogExport.line(Array(#"{"canonical":"\u00e9\ud83d\ude00\t\/","hash":"\#(hex)"}"#.utf8))?.canonical
                == Array("é😀\t/".utf8))
        for broken in [
            #"{"canonical":"\x","hash":"\#(hex)"}"#, #"{"canonical":"\ud83d","hash":"\#(hex)"}"#,
            #"{"canonical":"a","hash":"\#(String(repeating: "zz", count: 32))"}"#, #"{"canonical":"a","hash":"\#(hex)ab"}"#,
            #"{"canonical":"a","hash":"\#(hex)""#, #"{"canonical":"a\","hash":"\#(hex)"}"#,
        ] {
            #expect(LogExport.line(Array(broken.utf8)) == nil, "\(broken)")
        }
    }
}
