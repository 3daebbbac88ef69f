import Foundation

/// Files of this repository, found from this source file (through the scratch package's symlinks, if any).
enum Repository {
    /// The repository root (this file is Tests/DeploymentTests/Repository.swift).
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file's text, or an error naming the file.
    static func text(_ relativePath: String) throws -> String {
        let url = root.appendingPathComponent(relativePath)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DeploymentCheckError("cannot read \(relativePath) in \(root.path): \(error.localizedDescription)")
        }
    }

    /// SwiftPM's `checkouts` folder of this build: the one beside the running test binary (so
    /// `--scratch-path` builds are found), else `.build/checkouts` under the repository root.
    static func checkoutsFolder() -> URL? {
        let fileManager = FileManager.default
        func isFolder(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        var candidates: [URL] = []
        for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(folder.appendingPathComponent("checkouts"))
                folder = folder.deletingLastPathComponent()
            }
        }
        candidates.append(root.appendingPathComponent(".build/checkouts"))
        return candidates.first(where: isFolder)
    }
}

/// A deployment file disagrees with what it must match; the message says which and how.
struct DeploymentCheckError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
