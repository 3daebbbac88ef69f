import ByteText
import Crypto
import Dispatch
import Foundation

/// Checks an exported log of one workspace with no database at hand: the events' stored canonical
/// bytes in feed order, and signed checkpoints checked against a key the verifier pinned itself
/// (never one taken from the export).
///
/// Per event: its bytes hash to its stored hash, and its stream's chain holds (versions from 1
/// without a gap, each linking to the previous event's hash). Per checkpoint: the pinned key signed
/// it, it names this workspace's log, and the first `size` exported events hash to its root — so
/// an earlier checkpoint also proves each later one a continuation of it. Where a checkpoint does
/// not match, the report names the range of positions the first difference lies in: after the
/// largest checkpoint that matches, up to the checkpoint that does not.
public struct OfflineVerifier {
    /// Something that does not hold, at a position of the export (from 0) when it has one.
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        public var position: Int?
        public var text: String
        public var description: String { position.map { "event \($0): \(text)" } ?? text }
    }

    /// What was checked and what does not hold.
    public struct Report: Sendable {
        public var events = 0
        public var streams = 0
        public var checkpointsVerified: [Int] = []
        /// Events after the largest checkpoint that matches: their chains hold, but no checkpoint
        /// proves them yet.
        public var uncovered = 0
        public var findings: [Finding] = []
        public var isIntact: Bool { findings.isEmpty }
    }

    let verifier: CheckpointVerifier
    let origin: String
    var leaves: [MerkleHash] = []
    var heads: [String: (version: Int64, hash: MerkleHash)] = [:]
    var report = Report()

    public init(verifier: CheckpointVerifier, origin: String) {
        self.verifier = verifier
        self.origin = origin
    }

    /// What one exported event says, worked out apart from the others (so on any core): whether
    /// its bytes hash to its stored hash, its leaf, and the fields that chain it.
    public struct Prepared: Sendable {
        var hash: MerkleHash
        var matches: Bool
        var leaf: MerkleHash
        var chain: CanonicalEvent.Chain?
    }

    /// Prepares one event: its canonical bytes and the hash stored with them.
    public static func prepare(canonical: UnsafeBufferPointer<UInt8>, storedHash: MerkleHash) -> Prepared {
        let hash = MerkleHash(SHA256.hash(data: UnsafeRawBufferPointer(canonical)))
        // The leaf is what the database held; a wrong stored hash is reported on its own.
        return Prepared(
            hash: hash, matches: hash == storedHash, leaf: withUnsafeBytes(of: storedHash.words) { MerkleTree.leafHash($0) },
            chain: CanonicalEvent.chainFields(canonical))
    }

    /// The next event of the export: its canonical bytes and the hash stored with them.
    public mutating func add(canonical: [UInt8], storedHash: [UInt8]) {
        canonical.withUnsafeBufferPointer { canonical in
            if let stored = MerkleHash(storedHash) {
                add(Self.prepare(canonical: canonical, storedHash: stored))
            } else {
                // Not even a hash's length: it cannot match, and its leaf is of what was stored.
                var prepared = Self.prepare(canonical: canonical, storedHash: .zero)
                prepared.matches = false
                prepared.leaf = MerkleTree.leafHash(storedHash)
                add(prepared)
            }
        }
    }

    /// The next event of the export, prepared.
    public mutating func add(_ event: Prepared) {
        let position = report.events
        report.events += 1
        if !event.matches { report.findings.append(Finding(position: position, text: "its bytes do not hash to its stored hash")) }
        leaves.append(event.leaf)
        guard let chain = event.chain else {
            report.findings.append(Finding(position: position, text: "its bytes are not a canonical event"))
            return
        }
        let known = heads.index(forKey: chain.stream)
        let head = known.map { heads.values[$0] }
        let expectedVersion = (head?.version ?? 0) + 1
        let expectedPrevious = head?.hash ?? .zero
        if chain.version != expectedVersion {
            report.findings.append(
                Finding(position: position, text: "stream \(chain.stream) jumps from version \(expectedVersion - 1) to \(chain.version)"))
        } else if chain.previousHash != expectedPrevious {
            report.findings.append(
                Finding(position: position, text: "stream \(chain.stream) version \(chain.version) does not link to the version before"))
        }
        if let known {
            heads.values[known] = (chain.version, event.hash)
        } else {
            report.streams += 1
            heads[chain.stream] = (chain.version, event.hash)
        }
    }

    /// Adds every event of an exported `events.jsonl` (``LogExport``), in order: the file read in
    /// pieces, each piece's lines read and hashed on every core, then chained one after another. A
    /// line that is not an exported event is an error naming it. `pieceSize` is
    /// ``LogExport/readLines(_:pieceSize:_:)``'s.
    public mutating func addExport(_ path: String, pieceSize: Int = 4 << 20) throws {
        var number = 0
        let cores = ProcessInfo.processInfo.activeProcessorCount
        try LogExport.readLines(path, pieceSize: pieceSize) { lines in
            let count = lines.count
            let prepared = UnsafeMutableBufferPointer<Prepared?>.allocate(capacity: count)
            prepared.initialize(repeating: nil)
            defer {
                prepared.deinitialize()
                prepared.deallocate()
            }
            nonisolated(unsafe) let out = prepared
            nonisolated(unsafe) let lines = lines
            let workers = min(cores, max(1, count / 256))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // One buffer per worker for the unescaped bytes, as long as the longest line.
                var scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64 << 10)
                defer { scratch.deallocate() }
                for index in (worker * count / workers)..<((worker + 1) * count / workers) {
                    let line = lines[index]
                    if line.count > scratch.count {
                        scratch.deallocate()
                        scratch = .allocate(capacity: line.count)
                    }
                    out[index] = LogExport.parse(line: line, canonical: scratch).map {
                        Self.prepare(canonical: UnsafeBufferPointer(rebasing: scratch[..<$0.count]), storedHash: $0.hash)
                    }
                }
            }
            for index in 0..<count {
                number += 1
                guard let event = prepared[index] else { throw LogExport.Unreadable(description: "\(path) line \(number) is not an exported event") }
                add(event)
            }
        }
    }

    /// Checks the checkpoints (signed notes) against the events added, and returns the report.
    public func finish(checkpoints notes: [String]) -> Report {
        var report = self.report
        var checkpoints: [Checkpoint] = []
        for (index, note) in notes.enumerated() {
            do {
                let checkpoint = try verifier.open(note)
                guard checkpoint.origin == origin else {
                    report.findings.append(Finding(position: nil, text: "checkpoint \(index + 1) is of another log (\(checkpoint.origin))"))
                    continue
                }
                checkpoints.append(checkpoint)
            } catch {
                report.findings.append(Finding(position: nil, text: "checkpoint \(index + 1): \(error)"))
            }
        }
        var matched = 0
        // A checkpoint the export contradicts, or one it is too short for: already a finding of its own.
        var contradicted = false
        for checkpoint in checkpoints.sorted(by: { $0.size < $1.size }) {
            guard checkpoint.size <= leaves.count else {
                report.findings.append(
                    Finding(
                        position: leaves.count,
                        text:
                            "the checkpoint of \(checkpoint.time) covers \(checkpoint.size) events but the export holds \(leaves.count): events are missing"
                    ))
                contradicted = true
                continue
            }
            let root = checkpoint.size == leaves.count ? MerkleTree.parallelRoot(leaves) : MerkleTree.parallelRoot(Array(leaves[..<checkpoint.size]))
            if root == checkpoint.root {
                matched = max(matched, checkpoint.size)
                report.checkpointsVerified.append(checkpoint.size)
            } else {
                contradicted = true
                report.findings.append(
                    Finding(
                        position: matched,
                        text:
                            "the checkpoint of \(checkpoint.time) (\(checkpoint.size) events) does not match: the history differs from it at a position from \(matched) to \(checkpoint.size - 1)"
                    ))
            }
        }
        if matched == 0 && !leaves.isEmpty && !contradicted {
            report.findings.append(
                Finding(
                    position: nil,
                    text:
                        "no checkpoint signed by the pinned key covers this export: only the hash chains were checked, and a rewrite that recomputes them passes those"
                ))
        }
        report.uncovered = leaves.count - matched
        return report
    }
}

extension CanonicalEvent {
    /// The fields of a canonical event that chain it.
    public struct Chain: Sendable {
        public var stream: String
        public var version: Int64
        public var previousHash: MerkleHash
    }

    /// The fields of a canonical event that chain it: its stream, its version and the previous
    /// event's hash (read from the bytes, never from columns beside them).
    static func chainFields(_ text: UnsafeBufferPointer<UInt8>) -> Chain? {
        guard let payload = CanonicalParts.payloadRange(in: text, metadata: { $0.skipValue() }) else { return nil }
        var scanner = CanonicalScanner(bytes: text, index: payload.upperBound)
        guard scanner.expect(#","previous_hash":""#) else { return nil }
        var previous = MerkleHash.zero
        let hexStart = scanner.index
        guard scanner.skip(64),
            withUnsafeMutableBytes(of: &previous.words, { Hex.decode(UnsafeBufferPointer(rebasing: text[hexStart..<scanner.index]), into: $0) }),
            scanner.expect(#"","schema_version":"#), scanner.skipInteger(), scanner.expect(#","stream":"#), let stream = scanner.string(),
            scanner.expect(#","tenant":""#), scanner.skip(36), scanner.expect(#"","type":"#), scanner.peek("\""), scanner.skipValue(),
            scanner.expect(#","version":"#)
        else { return nil }
        let versionStart = scanner.index
        guard scanner.skipInteger(), let version = Self.integer(UnsafeBufferPointer(rebasing: text[versionStart..<scanner.index])),
            scanner.expect("}"), scanner.index == text.count
        else { return nil }
        return Chain(stream: stream, version: version, previousHash: previous)
    }

    /// The value of an optionally signed run of ASCII digits; nil when empty or past Int64.
    static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
        var rest = digits[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in rest {
            guard (48...57).contains(byte) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, past) = shifted.addingReportingOverflow(Int64(byte - 48))
            guard !overflow, !past else { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}
