import ICPDomain
import ICPFile
import Testing

/// The start of a valid ICP file, three lines long; tests append hostile lines after it.
private let header = "format: icpledger/v1\nname: x\nstatement: y\n"

/// A "billion laughs" file: `l0` is a list of `width` scalars and each later anchor a list of `width`
/// aliases of the one before; with `keyed`, the last anchor is then used as a mapping key, which Yams
/// hashes in full to look for duplicate keys.
private func aliasBomb(width: Int = 9, depth: Int = 8, keyed: Bool, start: String = header) -> String {
    var yaml = start + "l0: &l0 [" + Array(repeating: "x", count: width).joined(separator: ",") + "]\n"
    for level in 1..<depth {
        yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ",") + "]\n"
    }
    if keyed { yaml += "? *l\(depth - 1)\n: 1\n" }
    return yaml
}

/// `count` aliases of one scalar anchor, as the value of an `in` rule on line 8.
private func manyAliases(_ count: Int) -> String {
    "format: icpledger/v1\nname: &n x\nstatement: y\nsignals:\n  fit:\n    - key: k\n      operator: in\n"
        + "      value: [" + Array(repeating: "*n", count: count).joined(separator: ", ") + "]\n      weight: 1\n"
}

/// Block mappings nested `depth` deep, one level per line, starting on line 1.
private func nestedBlockMappings(_ depth: Int) -> String {
    (0..<depth).map { String(repeating: "  ", count: $0) + "a:" }.joined(separator: "\n") + " x\n"
}

/// An ICP file that reuses one list through an anchor, and the same file written out in full.
private let anchored = """
    format: icpledger/v1
    name: EU logistics
    statement: Mid-market European logistics firms whose planners lose overtime margin every peak.
    signals:
      fit:
        - key: region
          operator: in
          value: &regions [germany, france, benelux]
          weight: 20
      triggers:
        - key: expansionRegion
          operator: in
          value: *regions
          weight: 5
    disqualifiers:
      - key: hqRegion
        operator: not-in
        value: *regions
        reason: &why We sell only where our rule packs apply.
    committee:
      - role: champion
        pain: *why

    """
private let writtenOut = anchored.replacingOccurrences(of: "&regions ", with: "").replacingOccurrences(of: "&why ", with: "")
    .replacingOccurrences(of: "*regions", with: "[germany, france, benelux]")
    .replacingOccurrences(of: "*why", with: "We sell only where our rule packs apply.")

@Suite("Hostile YAML is refused before Yams composes it")
struct HostileInputTests {
    @Test("a 400-byte alias bomb used as a mapping key is refused at the alias that passes the node limit")
    func keyedAliasBomb() {
        let yaml = aliasBomb(keyed: true)
        #expect(yaml.utf8.count < 450)
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        // l0…l3 expand to 10, 91, 820 and 7381 nodes, so the first *l3 on line 8 passes 10,000.
        #expect(error == .tooManyNodes(limit: ICPFileLimits.maxNodes, location: ICPFileLocation(line: 8, column: 10)))
        #expect(
            error?.description
                == "more than 10000 keys, values and list items at line 8, column 10, counting each alias as a full copy of its anchor")
    }

    @Test("an alias bomb in values only is refused too")
    func valueAliasBomb() {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: aliasBomb(depth: 12, keyed: false)) }
        guard case .tooManyNodes(ICPFileLimits.maxNodes, _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test("a mapping whose keys are aliases of large anchors is refused")
    func aliasKeysInMappings() {
        // Each level is a mapping of two keys, both aliases of the level below: no duplicate keys, 2^n growth.
        var yaml = header + "m0: &m0 {a: 1, b: 2}\n"
        for level in 1..<16 { yaml += "m\(level): &m\(level) {? *m\(level - 1) : 1, ? [*m\(level - 1)] : 2}\n" }
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .tooManyNodes? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test("10,000 nested brackets are refused as too deep, not crashed on")
    func deepFlowNesting() {
        let yaml = header.replacingOccurrences(of: "statement: y\n", with: "statement: " + String(repeating: "[", count: 10_000) + "\n")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .nestingTooDeep(ICPFileLimits.maxDepth, let location?)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(location.line == 3)
    }

    @Test("spaced brackets are refused at the first one past the depth limit")
    func spacedFlowNesting() {
        let yaml = "format: icpledger/v1\nname: x\nstatement: " + String(repeating: "[ ", count: 10_000) + "\n"
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        // The top-level mapping is depth 1, so the 64th bracket (column 12 + 2 × 63) is depth 65.
        #expect(error == .nestingTooDeep(limit: ICPFileLimits.maxDepth, location: ICPFileLocation(line: 3, column: 138)))
        #expect(error?.description == "lists and mappings nest more than 64 levels deep at line 3, column 138; these files nest a few levels at most")
    }

    @Test("deep block mappings are refused at the first level past the limit")
    func deepBlockNesting() {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: nestedBlockMappings(200)) }
        #expect(error == .nestingTooDeep(limit: ICPFileLimits.maxDepth, location: ICPFileLocation(line: 65, column: 129)))
    }

    @Test("nesting exactly at the depth limit is left to the reader")
    func nestingAtTheLimit() {
        let depth = ICPFileLimits.maxDepth - 1
        let yaml = "format: icpledger/v1\nname: x\nstatement: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .wrongType("statement", _, _, _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test("a file over the size limit is refused without being parsed")
    func oversizedFile() {
        let yaml = "format: icpledger/v1\nname: x\nstatement: " + String(repeating: "a", count: 1 << 20) + "\n"
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        #expect(error == .fileTooLarge(bytes: yaml.utf8.count, limit: ICPFileLimits.maxFileBytes))
        #expect(error?.description == "the file is \(yaml.utf8.count) bytes, over the limit of 262144 bytes; these files are a few kilobytes")
    }

    @Test("a file of exactly the size limit is read", arguments: [0, 1])
    func fileAtTheSizeLimit(extra: Int) throws {
        let prefix = "format: icpledger/v1\nname: x\nstatement: "
        let filler = ICPFileLimits.maxFileBytes - prefix.utf8.count - 1 + extra
        let yaml = prefix + String(repeating: "a", count: filler) + "\n"
        #expect(yaml.utf8.count == ICPFileLimits.maxFileBytes + extra)
        if extra == 0 {
            // Read as YAML (validation off: the domain refuses a statement this long, with its line).
            #expect(try ICPFileDocument(yaml: yaml, validate: false).definition.statement.count == filler)
            #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        } else {
            #expect(throws: ICPFileError.fileTooLarge(bytes: yaml.utf8.count, limit: ICPFileLimits.maxFileBytes)) {
                try ICPFileDocument(yaml: yaml)
            }
        }
    }

    @Test("more aliases than the limit are refused at the first alias past it")
    func tooManyAliases() {
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: manyAliases(ICPFileLimits.maxAliases + 1)) }
        // "      value: [" is 14 columns, then one "*n, " (4 columns) per alias: the 101st starts at 15 + 4 × 100.
        #expect(error == .tooManyAliases(limit: ICPFileLimits.maxAliases, location: ICPFileLocation(line: 8, column: 415)))
        #expect(error?.description == "more than 100 aliases (*name) at line 8, column 415; these files need no anchors or aliases")
    }

    @Test("aliases up to the limit are read")
    func aliasesAtTheLimit() throws {
        let document = try ICPFileDocument(yaml: manyAliases(ICPFileLimits.maxAliases))
        #expect(document.definition.signals.fit.first?.value == .stringList(Array(repeating: "x", count: ICPFileLimits.maxAliases)))
    }

    @Test("a reasonable use of anchors reads exactly as the file written out")
    func legitimateAnchors() throws {
        let document = try ICPFileDocument(yaml: anchored)
        #expect(document == (try ICPFileDocument(yaml: writtenOut)))
        #expect(document.definition.disqualifiers.first?.value == .stringList(["germany", "france", "benelux"]))
        #expect(document.definition.committee.first?.pain == "We sell only where our rule packs apply.")
    }

    @Test("syntax errors and undefined aliases are still Yams' syntax errors")
    func syntaxStillReported() {
        let unclosed = #expect(throws: ICPFileError.self) {
            try ICPFileDocument(yaml: "format: icpledger/v1\nname: &n x\nstatement: [unclosed, *n\nmode: operating\n")
        }
        guard case .syntax(_, let location?)? = unclosed else {
            Issue.record("got \(String(describing: unclosed))")
            return
        }
        #expect(location.line >= 3)
        let undefined = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: header + "owner: *nobody\n") }
        guard case .syntax(let message, let at?)? = undefined else {
            Issue.record("got \(String(describing: undefined))")
            return
        }
        #expect(message.contains("undefined alias"))
        #expect(at.line == 4)
    }

    @Test("a bomb in a second document is left to Yams, which refuses the second document")
    func secondDocument() {
        let yaml = header + "---\n" + aliasBomb(keyed: true, start: "")
        let error = #expect(throws: ICPFileError.self) { try ICPFileDocument(yaml: yaml) }
        guard case .syntax(let message, _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(message.contains("single document"))
    }
}
