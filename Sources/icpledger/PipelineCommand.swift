import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger pipeline import|list|show|rows|erase`: pipeline snapshots scored against the ICPs.
struct PipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Import pipeline exports as dated snapshots scored against the ICPs, and read them back.",
        discussion: """
            A snapshot is a CRM export of accounts or opportunities (CSV or JSON, as 'icpledger score' \
            reads them) as it stood on one day. Each row is scored against every ICP operating that day \
            (or the one named), and its score and the outcome of every rule are kept with it, so the \
            score stays explainable after the ICP changes. The snapshot's aggregates — fit by count and \
            value, by tier, the disqualified share and its reasons, each owner's share outside fit — are \
            recorded as an event. Owners are kept as the person's id when they are a member of the \
            workspace, otherwise as a pseudonym; names are never stored. The same file imported twice is \
            recognised by its hash.
            """,
        subcommands: [
            PipelineImportCommand.self, PipelineListCommand.self, PipelineShowCommand.self, PipelineRowsCommand.self, PipelineEraseCommand.self,
        ])

    /// A snapshot id from the command line.
    static func snapshot(_ text: String) throws -> SnapshotID {
        guard let id = SnapshotID(text) else { throw CLIError("'\(TextEscaping.visible(text, limit: 60))' is not a snapshot id") }
        return id
    }

    /// The aggregates of a snapshot as people read them.
    static func describe(_ snapshot: PipelineSnapshot) -> String {
        func percent(_ share: Double?) -> String { share.map { String(format: "%.1f%%", $0) } ?? "–" }
        var lines = [
            "snapshot \(snapshot.id) of \(snapshot.day): \(snapshot.rows) row(s)"
                + (snapshot.skippedRows > 0 ? ", \(snapshot.skippedRows) skipped" : "")
                + (snapshot.sourceName.isEmpty ? "" : " from \(TextEscaping.visible(snapshot.sourceName, limit: 80))")
                + (snapshot.erased ? " (rows erased)" : "")
        ]
        for (fit, target) in zip(snapshot.fits, snapshot.targets) {
            let (count, value) = fit.inFit.share(of: fit.total)
            lines.append("")
            lines.append("\(TextEscaping.visible(target.name, limit: 80)) (revision \(target.revision)):")
            lines.append("  in fit: \(percent(count)) of rows, \(percent(value)) of value")
            lines.append(
                "  by tier: "
                    + fit.byTier.map { "\($0.tier.rawValue) \($0.measure.count)" }.joined(separator: ", ")
                    + ", disqualified \(fit.disqualified.count) (\(percent(fit.disqualified.share(of: fit.total).count)))")
            for reason in fit.topDisqualifiers.prefix(5) {
                lines.append(
                    "  excluded by \(TextEscaping.visible(reason.key, limit: 40)): \(reason.measure.count) — \(TextEscaping.visible(reason.reason, limit: 80))"
                )
            }
            if !fit.owners.isEmpty {
                lines.append("  owners outside fit (share of their rows):")
                for owner in fit.owners.prefix(10) {
                    lines.append("    \(owner.owner): \(percent(owner.outsideFit.share(of: owner.total).count)) of \(owner.total.count)")
                }
                if fit.owners.count > 10 { lines.append("    … and \(fit.owners.count - 10) more") }
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `icpledger pipeline import FILE --workspace W --date DAY`.
struct PipelineImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a pipeline export as the snapshot of a day (editors and above).")

    @Argument(help: "The export: a CSV or JSON file, or - for standard input.") var file: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "The day the pipeline stood like this (YYYY-MM-DD).") var date: String
    @Option(help: "Score against this ICP only (id, name or name prefix); by default every ICP operating on the day.") var icp: String?
    @Option(help: "Read the columns through this mapping file instead of the workspace's.") var mapping: String?
    @Option(help: "The column holding each row's amount (found by name otherwise: amount, value, ACV…).") var amountColumn: String?
    @Option(help: "The column holding each row's owner (found by name otherwise: owner, rep…).") var ownerColumn: String?
    @Option(help: "The column holding each row's stage (found by name otherwise: stage, deal stage…).") var stageColumn: String?
    @Option(help: "The column naming each row (found by name otherwise: account name, company, name…).") var labelColumn: String?
    @Flag(help: "Import the rows that can be read and count the others, instead of refusing the file.") var skipBadRows = false
    @Flag(help: "Also record each ICP's aggregates as a pipeline-audit finding.") var recordFinding = false
    @OptionGroup var output: OutputOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    /// The largest export read from standard input (a file is streamed, whatever its size).
    static let maxStandardInput = 256 << 20

    func validate() throws {
        guard CalendarDay(date) != nil else {
            throw ValidationError("--date takes a day, YYYY-MM-DD, not '\(TextEscaping.visible(date, limit: 40))'")
        }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let input: PipelineInput
            if file == "-" {
                input = .bytes(try FileInput.bytes(file, limit: Self.maxStandardInput))
            } else {
                guard FileManager.default.isReadableFile(atPath: file) else { throw CLIError("\(file): cannot read the file") }
                input = .file(path: file)
            }
            let given = try mapping.map(MappingCommand.read)
            if let problem = given?.validate().first { throw CLIError("\(mapping ?? ""): \(problem)") }
            let result = try await connection.withGateway(label: "icpledger.pipeline", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                var target: ICPID? = nil
                if let icp { target = try await ledger.resolveICP(icp, in: ws.id).id }
                let options = PipelineImportOptions(
                    day: CalendarDay(date)!, icp: target, mapping: given,
                    columns: PipelineColumns(label: labelColumn, owner: ownerColumn, stage: stageColumn, amount: amountColumn),
                    skipBadRows: skipBadRows, recordFinding: recordFinding,
                    sourceName: file == "-" ? "" : URL(fileURLWithPath: file).lastPathComponent)
                do {
                    return try await ledger.importPipeline(input, options: options, in: ws)
                } catch PipelineImportError.badRows(let rows, let total) {
                    for row in rows { Terminal.complain("  \(row)") }
                    if total > rows.count { Terminal.complain("  … and \(total - rows.count) more") }
                    throw CLIError(
                        "\(total) row(s) of \(file) cannot be read (above); nothing was imported. Fix them, or import the rest with --skip-bad-rows")
                }
            }
            if output.json { return try Output.json(result) }
            for row in result.skipped { Terminal.complain("skipped \(row)") }
            if result.alreadyImported {
                Terminal.say("this file was imported before, as snapshot \(result.snapshot.id) of \(result.snapshot.day); nothing new was stored")
                return
            }
            Terminal.say(PipelineCommand.describe(result.snapshot))
            for finding in result.findings { Terminal.say("recorded pipeline-audit finding \(finding)") }
        }
    }
}

/// `icpledger pipeline list --workspace W`.
struct PipelineListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the workspace's pipeline snapshots, oldest day first.")

    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let snapshots = try await connection.withGateway(label: "icpledger.pipeline", actor: actor) { ledger in
                try await ledger.pipelineSnapshots(in: try await ledger.workspace(named: workspace))
            }
            if output.json { return try Output.json(snapshots) }
            guard !snapshots.isEmpty else { return Terminal.say("no pipeline snapshots yet; add one with icpledger pipeline import") }
            let table = TextTable(
                headers: ["SNAPSHOT", "DAY", "ROWS", "SKIPPED", "IN FIT (ROWS)", "IN FIT (VALUE)", "FILE"],
                rows: snapshots.map { s in
                    let fit = s.fits.first
                    let share = fit.map { $0.inFit.share(of: $0.total) }
                    return [
                        s.id.description, s.day.description, String(s.rows), String(s.skippedRows),
                        share?.count.map { String(format: "%.1f%%", $0) } ?? "–", share?.value.map { String(format: "%.1f%%", $0) } ?? "–",
                        Output.clip(s.sourceName, 30) + (s.erased ? " (erased)" : ""),
                    ]
                })
            Terminal.say(table.render())
        }
    }
}

/// `icpledger pipeline show SNAPSHOT --workspace W`.
struct PipelineShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a snapshot's aggregates for each ICP it was scored against.")

    @Argument(help: "The snapshot id.") var snapshot: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let id = try PipelineCommand.snapshot(snapshot)
            let found = try await connection.withGateway(label: "icpledger.pipeline", actor: actor) { ledger in
                try await ledger.pipelineSnapshots(in: try await ledger.workspace(named: workspace)).first { $0.id == id }
            }
            guard let found else { throw CLIError("there is no snapshot \(id) in this workspace") }
            if output.json { return try Output.json(found) }
            Terminal.say(PipelineCommand.describe(found))
        }
    }
}

/// `icpledger pipeline rows SNAPSHOT --workspace W`: rows with their frozen, explained scores.
struct PipelineRowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rows", abstract: "List a snapshot's rows with the scores frozen when it was imported, explained by their revision.")

    @Argument(help: "The snapshot id.") var snapshot: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "Skip this many rows.") var offset = 0
    @Option(help: "Show at most this many rows (1–1000).") var limit = 50
    @OptionGroup var output: OutputOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard offset >= 0 else { throw ValidationError("--offset counts from 0") }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit is 1–1000") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let id = try PipelineCommand.snapshot(snapshot)
            let rows = try await connection.withGateway(label: "icpledger.pipeline", actor: actor) { ledger in
                try await ledger.snapshotRows(id, in: try await ledger.workspace(named: workspace), offset: offset, limit: limit)
            }
            if output.json { return try Output.json(rows) }
            let table = TextTable(
                headers: ["ROW", "ACCOUNT", "OWNER", "AMOUNT", "REVISION", "TIER", "SCORE", "DISQUALIFIED BY", "UNKNOWN"],
                rows: rows.flatMap { row in
                    row.scores.map { s in
                        [
                            String(row.row), Output.clip(row.label ?? "", 28), Output.clip(row.owner ?? "", 22),
                            row.amount.map { String(format: "%.2f", $0) } ?? "",
                            String(s.revision), s.qualified ? s.tier.rawValue : "out", String(format: "%.1f", s.score),
                            Output.clip(s.disqualifiedBy.map(\.reason).joined(separator: "; "), 40), Output.clip(ScoreCommand.keys(s.unknown), 24),
                        ]
                    }
                })
            Terminal.say(rows.isEmpty ? "no rows (an unknown snapshot, an erased one, or past its end)" : table.render())
        }
    }
}

/// `icpledger pipeline erase SNAPSHOT --workspace W`.
struct PipelineEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase a snapshot's rows (admins); its aggregates stay in the history.")

    @Argument(help: "The snapshot id.") var snapshot: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let id = try PipelineCommand.snapshot(snapshot)
            let erased = try await connection.withGateway(label: "icpledger.pipeline", actor: actor) { ledger in
                try await ledger.eraseSnapshot(id, in: try await ledger.workspace(named: workspace))
            }
            Terminal.say("erased \(erased) row(s) of snapshot \(id); its aggregates stay")
        }
    }
}
