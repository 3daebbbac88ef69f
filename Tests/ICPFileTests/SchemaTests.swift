import Foundation
import ICPDomain
import ICPFile
import Testing

/// The repository's `docs/` folder, found from this source file (through the scratch package's symlinks, if any).
private let docs = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs")

private func schema() throws -> [String: Any] {
    let data = try Data(contentsOf: docs.appendingPathComponent("icp-file.schema.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

private func object(_ value: Any?) throws -> [String: Any] { try #require(value as? [String: Any]) }

@Suite("The JSON Schema and the docs agree with the parser")
struct SchemaTests {
    @Test("the schema is strict draft 2020-12 JSON")
    func strict() throws {
        let root = try schema()
        #expect(root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(root["additionalProperties"] as? Bool == false)
        #expect(Set(try #require(root["required"] as? [String])) == ["format", "name", "statement"])
        let defs = try object(root["$defs"])
        for (name, definition) in defs {
            let def = try object(definition)
            if def["properties"] != nil { #expect(def["additionalProperties"] as? Bool == false, "$defs.\(name) is not strict") }
        }
    }

    @Test("top-level schema properties equal the keys the parser accepts")
    func topLevelKeys() throws {
        #expect(Set(try object(try schema()["properties"]).keys) == Set(ICPFileKey.topLevel))
    }

    @Test(
        "nested schema properties equal the parser's keys",
        arguments: [
            ("signals", ICPFileKey.signals), ("tiers", ICPFileKey.tiers), ("signal", ICPFileKey.signal),
            ("disqualifier", ICPFileKey.disqualifier), ("committeeRole", ICPFileKey.committeeRole), ("range", ICPFileKey.range),
        ] as [(String, [String])])
    func nestedKeys(def: String, keys: [String]) throws {
        let defs = try object(try schema()["$defs"])
        #expect(Set(try object(try object(defs[def])["properties"]).keys) == Set(keys))
    }

    @Test(
        "the schema's enums list exactly the parser's spellings",
        arguments: [
            ("operator", SignalOperator.allCases.map(\.fileName)),
            ("mode", ICPMode.allCases.map(\.rawValue)),
            ("missingData", MissingDataPolicy.allCases.map(\.fileName)),
            ("role", CommitteeRoleKind.allCases.map(\.fileName)),
            ("cadenceName", ReviewCadence.fileNames.map(\.name)),
        ] as [(String, [String])])
    func enums(def: String, names: [String]) throws {
        let defs = try object(try schema()["$defs"])
        #expect(try object(defs[def])["enum"] as? [String] == names)
    }

    @Test("the full example in docs/icp-file.md parses, validates and re-exports byte for byte")
    func docsExample() throws {
        let markdown = try String(contentsOf: docs.appendingPathComponent("icp-file.md"), encoding: .utf8)
        let start = try #require(markdown.range(of: "```yaml\n"))
        let end = try #require(markdown.range(of: "```", range: start.upperBound..<markdown.endIndex))
        let example = String(markdown[start.upperBound..<end.lowerBound])
        let document = try ICPFileDocument(yaml: example)
        #expect(document.definition.validate().isEmpty)
        #expect(ICPLinter.lint(document.definition).isEmpty)
        #expect(document.yaml() == example)
    }

    @Test("the docs mention every key the parser accepts")
    func docsMentionEveryKey() throws {
        let markdown = try String(contentsOf: docs.appendingPathComponent("icp-file.md"), encoding: .utf8)
        let keys = ICPFileKey.topLevel + ICPFileKey.signals + ICPFileKey.signal + ICPFileKey.disqualifier + ICPFileKey.committeeRole
        for key in Set(keys) { #expect(markdown.contains("`\(key)`"), "docs/icp-file.md does not document `\(key)`") }
        for op in SignalOperator.allCases { #expect(markdown.contains("`\(op.fileName)`")) }
    }

    @Test("the docs' limits table states the limits the reader enforces")
    func docsStateLimits() throws {
        let markdown = try String(contentsOf: docs.appendingPathComponent("icp-file.md"), encoding: .utf8)
        for row in [
            "| File size | \(ICPFileLimits.maxFileBytes) bytes (\(ICPFileLimits.maxFileBytes / 1024) KiB) |",
            "| Nesting of lists and mappings | \(ICPFileLimits.maxDepth) levels ",
            "| Aliases (`*name`) | \(ICPFileLimits.maxAliases) |",
            "each alias counted as a full copy of what it names | \(ICPFileLimits.maxNodes) |",
        ] {
            #expect(markdown.contains(row), "docs/icp-file.md lacks the row \(row)")
        }
    }
}
