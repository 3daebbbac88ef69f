import Foundation
import ICPFile

/// Reads an ICP or finding file (or standard input for `-`) without ever holding more than the
/// files' size limit in memory, and refuses what is not UTF-8 text.
enum FileInput {
    static func text(_ path: String) throws -> String {
        let limit = ICPFileLimits.maxFileBytes
        let bytes = try bytes(
            path, limit: limit, tooLarge: "the file has more than \(limit) bytes; ICP and finding files are at most \(limit / 1024) KiB")
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CLIError("\(path): the file is not UTF-8 text") }
        return text
    }

    /// The bytes of a file (or standard input for `-`), at most `limit` of them (`tooLarge` says so).
    static func bytes(_ path: String, limit: Int, tooLarge: String? = nil) throws -> [UInt8] {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else { throw CLIError("\(path): cannot read the file") }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        var data = Data()
        while data.count <= limit {
            guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty else { break }
            data.append(chunk)
        }
        if data.count > limit { throw CLIError("\(path): " + (tooLarge ?? "the file has more than \(limit / (1 << 20)) MiB")) }
        return Array(data)
    }
}
