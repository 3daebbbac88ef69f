import ArgumentParser
import ByteText
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger score FILE --workspace W --icp NAME [--revision N | --as-of DAY] [--format table|csv|json]`.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score accounts against an ICP: tier, score, disqualifiers, and which signals matched, missed or were unknown.",
        discussion: """
            FILE is a CSV export with a header row (, ; or tab separated; quoted fields, a BOM and Excel's \
            line endings are fine) or JSON (an object, an array of objects, or {"accounts": [...]}); - reads \
            standard input. Columns named like the ICP's keys are read as their rules expect: numbers for \
            ranges and thresholds (1,200 / 1.200,50 / $1,200 are numbers), yes/no for true/false rules, \
            lists separated by ; for in, not-in and contains. An empty field or a missing column is \
            unknown, never a miss; the ICP's missing-data policy decides what unknowns cost. Disqualifiers \
            are checked first and the score is still shown. Columns named otherwise are read through the \
            workspace's field mapping ('icpledger mapping') or --mapping FILE. A column called id, account \
            name, company, name or domain labels the rows. Nothing is stored.
            """)

    @Argument(help: "The accounts: a CSV or JSON file, or - for standard input.") var file: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "The ICP: id, name or name prefix.") var icp: String
    @Option(help: "Score with this revision (any, also a proposal) instead of the one in force.") var revision: Int?
    @Option(name: .customLong("as-of"), help: "Score with the revision that was in force on this day (YYYY-MM-DD).") var asOf: String?
    @Option(help: "table (default), csv or json.") var format: Format = .table
    @Option(help: "Read the columns through this mapping file instead of the workspace's (see 'icpledger mapping').") var mapping: String?
    @Flag(help: "Score the rows that can be read and list the others, instead of refusing the file.") var skipBadRows = false
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    /// The largest file scored at once.
    static let maxBytes = 256 << 20

    func validate() throws {
        if revision != nil && asOf != nil { throw ValidationError("give --revision or --as-of, not both") }
        if let revision, revision < 1 { throw ValidationError("--revision counts from 1") }
        if let asOf, CalendarDay(asOf) == nil {
            throw ValidationError("--as-of takes a day, YYYY-MM-DD, not '\(TextEscaping.visible(asOf, limit: 40))'")
        }
    }

    struct Answer: Encodable {
        var icp: ICPID
        var revision: Int
        var scores: [ScoredAccount]
        var skipped: [UnreadableAccount]
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let accounts: AccountFile
            do {
                accounts = try AccountFile.read(try FileInput.bytes(file, limit: Self.maxBytes))
            } catch let failure as AccountFile.Failure {
                throw CLIError("\(file): \(failure)")
            }
            let given = try mapping.map(MappingCommand.read)
            let (found, number, definition, columns) = try await connection.withGateway(label: "icpledger.score", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let found = try await ledger.resolveICP(icp, in: ws.id)
                var columns = given ?? FieldMapping()
                if given == nil { columns = try await ledger.fieldMapping(in: ws).mapping }
                if let revision {
                    let record = try await ledger.revision(revision, of: found.id, in: ws.id)
                    return (found, record.revision, record.definition, columns)
                }
                if let asOf, let day = CalendarDay(asOf) {
                    guard let record = try await ledger.operatingOn(day, icp: found.id, in: ws.id) else {
                        throw CLIError("no revision of \(found.name) was in force on \(day)")
                    }
                    return (found, record.revision, record.definition, columns)
                }
                guard let current = try await ledger.currentICP(found.id, in: ws.id) else {
                    throw CLIError("\(found.name) has no revision in force yet; score a proposal with --revision N")
                }
                return (found, current.revision, current.definition, columns)
            }
            if let problem = columns.validate().first { throw CLIError("\(mapping ?? "the workspace's mapping"): \(problem)") }
            let (scores, unreadable) = try CompiledScorer(definition: definition, revision: number).score(accounts, mapping: columns)
            if !unreadable.isEmpty && !skipBadRows {
                for row in unreadable.prefix(50) { Terminal.complain("  \(row)") }
                if unreadable.count > 50 { Terminal.complain("  … and \(unreadable.count - 50) more") }
                throw CLIError(
                    "\(unreadable.count) row(s) of \(file) have fields that cannot be read (above); nothing was scored. "
                        + "Fix them, or score the rest with --skip-bad-rows")
            }
            for row in unreadable { Terminal.complain("skipped \(row)") }
            switch format {
            case .json: try Output.json(Answer(icp: found.id, revision: number, scores: scores, skipped: unreadable))
            case .csv: print(Self.csv(scores), terminator: "")
            case .table: Terminal.say(Self.table(scores, icp: found.name, revision: number, skipped: unreadable.count))
            }
        }
    }

    static func keys(_ refs: [SignalRef]) -> String { refs.map(\.key).joined(separator: ";") }

    static func csv(_ scores: [ScoredAccount]) -> String {
        var out = CSVParser.line([
            "row", "account", "revision", "tier", "score", "qualified", "disqualified_by", "matched", "missed", "unknown", "coverage",
        ])
        for s in scores {
            // Text from the file or the ICP may hold control characters: shown escaped, as everywhere
            // the CLI writes for a terminal, never sent raw.
            out += CSVParser.line(
                [
                    String(s.row), s.label ?? "", String(s.revision), s.tier.rawValue, String(s.score), s.qualified ? "yes" : "no",
                    s.disqualifiedBy.map(\.reason).joined(separator: ";"), keys(s.matched), keys(s.missed), keys(s.unknown), String(s.coverage),
                ].map { TextEscaping.visible($0, multiline: true) })
        }
        return out
    }

    static func table(_ scores: [ScoredAccount], icp: String, revision: Int, skipped: Int) -> String {
        let table = TextTable(
            headers: ["ROW", "ACCOUNT", "TIER", "SCORE", "COVERAGE", "DISQUALIFIED BY", "UNKNOWN"],
            rows: scores.map { s in
                [
                    String(s.row), Output.clip(s.label ?? "", 30), s.tier.rawValue, String(format: "%.1f", s.score),
                    "\(Int((s.coverage * 100).rounded()))%", Output.clip(s.disqualifiedBy.map(\.reason).joined(separator: "; "), 50),
                    Output.clip(keys(s.unknown), 30),
                ]
            }
        ).render()
        let tiers = Tier.allCases.map { tier in "\(scores.filter { $0.qualified && $0.tier == tier }.count) \(tier.rawValue)" }
        let out = scores.filter { !$0.qualified }.count
        return table + "\n"
            + "scored \(scores.count) account(s) against revision \(revision) of \(TextEscaping.visible(icp, limit: 60)): "
            + "\(tiers.joined(separator: ", ")), \(out) disqualified" + (skipped > 0 ? "; \(skipped) skipped" : "")
    }
}
