import Foundation

/// The `// swift-tools-version:` of every resolved dependency's manifests, read from SwiftPM's checkouts.
///
/// SwiftPM loads, of a package's `Package.swift` and `Package@swift-X.Y.swift` files, the newest one the
/// running toolchain accepts; a versioned file counts only from its own Swift version up. So the oldest
/// toolchain a package builds with is the lowest over its manifests of the version each is usable from.
struct DependencyManifests {
    /// One manifest file.
    struct Manifest {
        let fileName: String
        /// Its `// swift-tools-version:`.
        let toolsVersion: SwiftVersion
        /// `X.Y` of `Package@swift-X.Y.swift`; nil for `Package.swift`.
        let marker: SwiftVersion?

        /// The oldest Swift that loads this file.
        var usableFrom: SwiftVersion { max(toolsVersion, marker ?? toolsVersion) }
    }

    /// One checked-out dependency.
    struct Package {
        /// The checkout's folder name, e.g. `hummingbird`.
        let name: String
        let manifests: [Manifest]

        /// The oldest Swift that loads one of its manifests.
        var minimumSwift: SwiftVersion { manifests.map(\.usableFrom).min()! }
    }

    let packages: [Package]

    /// The oldest Swift every dependency builds with.
    var minimumSwift: SwiftVersion? { packages.map(\.minimumSwift).max() }

    /// The dependencies that need exactly `minimumSwift`.
    var packagesNeedingMinimum: [String] {
        guard let minimum = minimumSwift else { return [] }
        return packages.filter { $0.minimumSwift == minimum }.map(\.name).sorted()
    }

    /// Reads the dependencies pinned in `Package.resolved` (every checkout when it is absent) from `checkouts`.
    static func load(checkouts: URL, resolved: Data?) throws -> DependencyManifests {
        let fileManager = FileManager.default
        let folders = try fileManager.contentsOfDirectory(atPath: checkouts.path).filter { !$0.hasPrefix(".") }
        var names = folders
        if let resolved {
            let pins = try pinnedCheckoutNames(resolved)
            var missing: [String] = []
            names = pins.compactMap { pin in
                if let folder = folders.first(where: { $0.lowercased() == pin.lowercased() }) { return folder }
                missing.append(pin)
                return nil
            }
            guard missing.isEmpty else {
                throw DeploymentCheckError(
                    "Package.resolved pins \(missing.sorted().joined(separator: ", ")) but \(checkouts.path) has no checkout of them; run `swift build` first"
                )
            }
        }
        let packages = try names.sorted().map { name in
            let folder = checkouts.appendingPathComponent(name)
            let files = try fileManager.contentsOfDirectory(atPath: folder.path).filter {
                $0 == "Package.swift" || ($0.hasPrefix("Package@swift-") && $0.hasSuffix(".swift"))
            }
            guard files.contains("Package.swift") else { throw DeploymentCheckError("\(folder.path) has no Package.swift") }
            let manifests = try files.sorted().map { file in
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                guard let tools = toolsVersion(ofManifest: text) else {
                    throw DeploymentCheckError("\(name)/\(file) does not start with a readable `// swift-tools-version:` line")
                }
                var marker: SwiftVersion? = nil
                if file != "Package.swift" {
                    guard let version = SwiftVersion(file.dropFirst("Package@swift-".count).dropLast(".swift".count)) else {
                        throw DeploymentCheckError("\(name)/\(file): cannot read the Swift version in the file name")
                    }
                    marker = version
                }
                return Manifest(fileName: file, toolsVersion: tools, marker: marker)
            }
            return Package(name: name, manifests: manifests)
        }
        return DependencyManifests(packages: packages)
    }

    /// The checkout folder names (last URL component, no `.git`) of the source-control pins of a
    /// `Package.resolved` (formats 2 and 3).
    static func pinnedCheckoutNames(_ data: Data) throws -> [String] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any], let pins = root["pins"] as? [[String: Any]] else {
            throw DeploymentCheckError("Package.resolved is not a version 2 or 3 file (no top-level \"pins\")")
        }
        return try pins.map { pin in
            guard let location = pin["location"] as? String, let kind = pin["kind"] as? String, kind.hasSuffix("SourceControl") else {
                throw DeploymentCheckError(
                    "Package.resolved pin \(pin["identity"] as? String ?? "?") is not a source-control checkout; this test reads only checkouts")
            }
            var name = location.split(separator: "/").last.map(String.init) ?? location
            if name.hasSuffix(".git") { name.removeLast(4) }
            return name
        }
    }

    /// The version of a manifest's first line, `// swift-tools-version:6.2` (spaces allowed around the
    /// colon, anything after a `;` ignored); nil when the line is not one.
    static func toolsVersion(ofManifest text: String) -> SwiftVersion? {
        var line = Substring(text.prefix { $0 != "\n" && $0 != "\r" })
        guard line.hasPrefix("//") else { return nil }
        line = line.dropFirst(2).drop { $0 == " " || $0 == "\t" }
        guard line.lowercased().hasPrefix("swift-tools-version") else { return nil }
        line = line.dropFirst("swift-tools-version".count).drop { $0 == " " || $0 == "\t" }
        guard line.first == ":" else { return nil }
        line = line.dropFirst().drop { $0 == " " || $0 == "\t" }
        let version = line.prefix { $0 != ";" && !$0.isWhitespace }
        return SwiftVersion(version)
    }
}
