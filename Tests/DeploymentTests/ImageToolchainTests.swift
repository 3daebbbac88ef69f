import Foundation
import Testing

@Suite("The Dockerfile's Swift image can build the resolved dependencies")
struct ImageToolchainTests {
    @Test("every FROM swift:… is at least the newest swift-tools-version the package and its dependencies need")
    func imageIsNewEnough() throws {
        let dockerfile = Dockerfile(text: try Repository.text("Dockerfile"))
        let images = dockerfile.stages.compactMap { stage in SwiftImage(reference: stage.image).map { (stage, $0) } }
        guard !images.isEmpty else {
            Issue.record("Dockerfile has no FROM swift:… stage to build with")
            return
        }
        guard let checkouts = Repository.checkoutsFolder() else {
            Issue.record("no SwiftPM checkouts beside the test binary or in \(Repository.root.path)/.build; run `swift build` first")
            return
        }
        let resolved = try? Data(contentsOf: Repository.root.appendingPathComponent("Package.resolved"))
        let dependencies = try DependencyManifests.load(checkouts: checkouts, resolved: resolved)
        let ownTools = try #require(
            DependencyManifests.toolsVersion(ofManifest: try Repository.text("Package.swift")),
            "Package.swift does not start with a readable `// swift-tools-version:` line")
        let dependencyNeed = try #require(dependencies.minimumSwift, "no dependencies found in \(checkouts.path)")
        let needed = max(ownTools, dependencyNeed)
        var neededBy = dependencyNeed == needed ? dependencies.packagesNeedingMinimum : []
        if ownTools == needed { neededBy.insert("Package.swift", at: 0) }

        for (stage, image) in images {
            guard let version = image.version else {
                Issue.record(
                    "Dockerfile line \(stage.from.line): FROM \(image.reference) names no Swift version; use a tag such as swift:\(needed)-bookworm")
                continue
            }
            if version < needed {
                Issue.record(
                    """
                    Dockerfile line \(stage.from.line): FROM \(image.reference) is Swift \(version), but swift-tools-version \(needed) \
                    is needed (by \(neededBy.joined(separator: ", "))); use swift:\(needed)-bookworm or newer
                    """)
            }
        }
    }
}
