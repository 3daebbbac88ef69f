import ICPFile
import Testing

/// The start of a valid finding file, two lines long.
private let header = "type: pipeline\nsummary: Deals stall at legal review.\n"

/// Hostile finding files, each with the refusal it must get (locations checked where they are fixed by the text).
private let hostile: [(String, String, ICPFileError)] = {
    var bomb = header + "severity: &s [x,x,x,x,x,x,x,x,x]\n"
    var previous = "s"
    for level in 1..<8 {
        bomb += "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        previous = "l\(level)"
    }
    bomb += "metrics:\n  ? *\(previous)\n  : 1\n"
    let aliases = "type: &t pipeline\nmetrics: {" + (1...(ICPFileLimits.maxAliases + 1)).map { "m\($0): *t" }.joined(separator: ", ") + "}\n"
    let huge = header + "recommendation: " + String(repeating: "a", count: 1 << 20) + "\n"
    return [
        ("alias bomb as a metrics key", bomb, .tooManyNodes(limit: ICPFileLimits.maxNodes, location: ICPFileLocation(line: 7, column: 10))),
        (
            "10,000 nested brackets", header + "severity: " + String(repeating: "[", count: 10_000) + "\n",
            .nestingTooDeep(limit: ICPFileLimits.maxDepth, location: nil)
        ),
        ("1 MB recommendation", huge, .fileTooLarge(bytes: huge.utf8.count, limit: ICPFileLimits.maxFileBytes)),
        ("101 aliases", aliases, .tooManyAliases(limit: ICPFileLimits.maxAliases, location: nil)),
    ]
}()

@Suite("Hostile finding files are refused like hostile ICP files")
struct HostileFindingFileTests {
    @Test("each hostile finding file gets its limit's refusal", arguments: hostile.indices)
    func refused(index: Int) {
        let (name, yaml, expected) = hostile[index]
        let error = #expect(throws: ICPFileError.self, "\(name)") { try FindingFile.parse(yaml) }
        switch (error, expected) {
        case (.tooManyNodes?, .tooManyNodes), (.fileTooLarge?, .fileTooLarge):
            #expect(error == expected, "\(name)")
        case (.nestingTooDeep(let limit, let location?)?, .nestingTooDeep):
            #expect(limit == ICPFileLimits.maxDepth)
            #expect(location.line == 3, "\(name)")
        case (.tooManyAliases(let limit, let location?)?, .tooManyAliases):
            #expect(limit == ICPFileLimits.maxAliases)
            #expect(location.line == 2, "\(name)")
        default:
            Issue.record("\(name): expected \(expected), got \(String(describing: error))")
        }
    }

    @Test("a finding file that reuses a value through an anchor still reads")
    func legitimateAnchor() throws {
        let file = try FindingFile.parse(
            """
            type: win-loss
            summary: &gap Lost deals cite a missing SOC 2 report.
            severity: high
            recommendation: *gap
            metrics: {lossesCitingSoc2: &six 6, dealsReviewed: 10, openTickets: *six}
            """)
        #expect(file.recommendation == "Lost deals cite a missing SOC 2 report.")
        #expect(file.metrics == ["lossesCitingSoc2": 6, "dealsReviewed": 10, "openTickets": 6])
    }
}
