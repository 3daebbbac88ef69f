import Foundation

/// The bytes of a pipeline export, readable more than once (the import hashes them first, then
/// reads them): a file on disk, read in chunks, or bytes already held (an HTTP body).
public enum PipelineInput: Sendable {
    case bytes([UInt8])
    case file(path: String)

    /// The chunk size files are read in.
    static let chunkSize = 1 << 20

    /// Hands every chunk of the input to `body`, in order.
    func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        switch self {
        case .bytes(let bytes):
            try bytes.withUnsafeBufferPointer { try body($0) }
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { throw PipelineImportError.unreadable("cannot open \(path)") }
            defer { try? handle.close() }
            while true {
                let data = try handle.read(upToCount: Self.chunkSize) ?? Data()
                if data.isEmpty { return }
                try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
            }
        }
    }

    /// The first bytes (up to `count`).
    func prefix(_ count: Int) throws -> [UInt8] {
        switch self {
        case .bytes(let bytes): return Array(bytes.prefix(count))
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { throw PipelineImportError.unreadable("cannot open \(path)") }
            defer { try? handle.close() }
            return Array(try handle.read(upToCount: count) ?? Data())
        }
    }

    /// The whole input (JSON is read whole; at most `limit` bytes).
    func all(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        try forEachChunk { chunk in
            guard out.count + chunk.count <= limit else {
                throw PipelineImportError.unreadable("a JSON export may hold at most \(limit / (1 << 20)) MiB; export CSV for larger pipelines")
            }
            out.append(contentsOf: chunk)
        }
        return out
    }
}
