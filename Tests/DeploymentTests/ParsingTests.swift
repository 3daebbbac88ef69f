import Foundation
import Testing

@Suite("The deployment checks read versions and Dockerfiles right")
struct ParsingTests {
    @Test("versions compare number by number")
    func versions() throws {
        let v = { (text: String) throws -> SwiftVersion in try #require(SwiftVersion(text)) }
        #expect(try v("6.10") > v("6.9"))
        #expect(try v("6.2") == v("6.2.0"))
        #expect(try v("6") < v("6.0.1"))
        #expect(try v("5.10") < v("6.0"))
        #expect(SwiftVersion("6.x") == nil)
        #expect(SwiftVersion("") == nil)
        #expect(SwiftVersion(prefixOf: "6.1-bookworm")?.description == "6.1")
        #expect(SwiftVersion(prefixOf: "6.2.1-noble")?.description == "6.2.1")
        #expect(SwiftVersion(prefixOf: "bookworm") == nil)
    }

    @Test("the swift-tools-version line in its spellings")
    func toolsLine() {
        #expect(DependencyManifests.toolsVersion(ofManifest: "// swift-tools-version:6.2\nimport X")?.description == "6.2")
        #expect(DependencyManifests.toolsVersion(ofManifest: "// swift-tools-version: 6.2\n")?.description == "6.2")
        #expect(DependencyManifests.toolsVersion(ofManifest: "//swift-tools-version:5.7.1")?.description == "5.7.1")
        #expect(DependencyManifests.toolsVersion(ofManifest: "// swift-tools-version:5.3; (xcode)\n")?.description == "5.3")
        #expect(DependencyManifests.toolsVersion(ofManifest: "import PackageDescription\n") == nil)
    }

    @Test("a versioned manifest lowers a package's minimum Swift only from its own version up")
    func manifestSelection() {
        typealias M = DependencyManifests.Manifest
        let v = { (text: String) in SwiftVersion(text)! }
        let collections = DependencyManifests.Package(
            name: "c",
            manifests: [
                M(fileName: "Package.swift", toolsVersion: v("6.2"), marker: nil),
                M(fileName: "Package@swift-6.0.swift", toolsVersion: v("6.0"), marker: v("6.0")),
            ])
        #expect(collections.minimumSwift == v("6.0"))
        let newerOnly = DependencyManifests.Package(
            name: "n",
            manifests: [
                M(fileName: "Package.swift", toolsVersion: v("6.2"), marker: nil),
                M(fileName: "Package@swift-6.3.swift", toolsVersion: v("6.0"), marker: v("6.3")),
            ])
        #expect(newerOnly.minimumSwift == v("6.2"))
        let all = DependencyManifests(packages: [collections, newerOnly])
        #expect(all.minimumSwift == v("6.2"))
        #expect(all.packagesNeedingMinimum == ["n"])
    }

    @Test("Dockerfile stages, continuation lines, ENV forms and apt packages")
    func dockerfile() {
        let text = """
            # comment
            ARG X=1
            FROM --platform=linux/amd64 swift:6.2-bookworm AS build
            RUN swift build
            FROM debian:bookworm-slim
            RUN apt-get update \\
                # a comment inside
                && apt-get install -y --no-install-recommends libpq5 \\
                   tzdata && rm -rf /var/lib/apt/lists/*
            ENV A=1 B="two words"
            ENV C 3
            CMD ["serve", "--port", "8080"]
            """
        let stages = Dockerfile(text: text).stages
        #expect(stages.map(\.image) == ["swift:6.2-bookworm", "debian:bookworm-slim"])
        #expect(stages.first?.name == "build")
        #expect(stages.first?.from.line == 3)
        #expect(stages.last?.aptPackages == ["libpq5", "tzdata"])
        #expect(stages.last?.environment == ["A": "1", "B": "two words", "C": "3"])
        #expect(stages.last?.all("CMD").first?.words == ["serve", "--port", "8080"])
    }

    @Test("official swift image references and their versions")
    func images() {
        #expect(SwiftImage(reference: "swift:6.1-bookworm")?.version?.description == "6.1")
        #expect(SwiftImage(reference: "docker.io/library/swift:6.2.1-bookworm@sha256:abc")?.version?.description == "6.2.1")
        #expect(SwiftImage(reference: "swift") != nil)
        #expect(SwiftImage(reference: "swift")?.version == nil)
        #expect(SwiftImage(reference: "swift:latest")?.version == nil)
        #expect(SwiftImage(reference: "debian:bookworm-slim") == nil)
        #expect(SwiftImage(reference: "swiftlang/swift:nightly-main") == nil)
    }
}
