import ArgumentParser
import Foundation
import ICPDomain
import ICPFile
import ICPLedger

/// `icpledger finding record`: audit findings (customer, pipeline, message, win-loss, expansion).
struct FindingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finding",
        abstract: "Record audit findings and resolve them (list them with 'icpledger icp findings').",
        subcommands: [FindingTemplateCommand.self, FindingRecordCommand.self, FindingResolveCommand.self])
}

/// `icpledger finding record --workspace W --type T --summary … --severity … [--metric n=v]... [--icp NAME]`,
/// or `--file F.yaml` holding the same keys.
struct FindingRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an audit finding, from options or from a small YAML file.",
        discussion: """
            A finding file is YAML with the same keys as the options ('icpledger finding template --type T' \
            prints one with every metric of that audit explained), for example:
              type: win-loss
              summary: Lost deals cite a missing SOC 2 report in 6 of 10 cases.
              severity: high
              recommendation: Disqualify regulated buyers until the audit is done.
              icp: Mid-market SaaS
              metrics:
                dealsReviewed: 10
                lossesFromPoorFit: 60
                custom.lossesCitingSoc2: 6
            Each audit defines its metrics, with units and ranges; a name it does not define is refused \
            unless it starts with custom. Options given on the command line win over the file. Summaries \
            state business facts; keep names of people out of them.
            """)

    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "customer | pipeline | message | win-loss | expansion") var type: String?
    @Option(help: "The finding, as a business fact.") var summary: String?
    @Option(help: "low | medium | high | critical") var severity: String?
    @Option(help: "A measured value, NAME=NUMBER (repeatable); 'finding template' lists each audit's metrics.") var metric: [String] = []
    @Option(help: "What to change because of it.") var recommendation: String?
    @Option(help: "Notes, e.g. who was interviewed: kept outside the event history and erased with their author.") var notes: String?
    @Option(help: "The ICP it is about: id, name or name prefix.") var icp: String?
    @Option(help: "Read the finding from this YAML file (see below).") var file: String?
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    /// Reads a finding file with the ICP file's YAML reader (errors name line and column).
    static func parseFile(_ path: String) throws -> FindingFile {
        let text = try FileInput.text(path)
        do {
            return try FindingFile.parse(text)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }

    /// The file's fields (if any) with the options laid over them.
    func fields() throws -> FindingFile {
        var fields = try file.map(Self.parseFile) ?? FindingFile()
        if let type { fields.type = type }
        if let summary { fields.summary = summary }
        if let severity { fields.severity = severity }
        if let recommendation { fields.recommendation = recommendation }
        if let icp { fields.icp = icp }
        for text in metric {
            let (name, value) = try CLIValues.metric(text)
            fields.metrics[name] = value
        }
        return fields
    }

    func validate() throws {
        if let type { _ = try CLIValues.audit(type) }
        if let severity { _ = try CLIValues.severity(severity) }
        for text in metric { _ = try CLIValues.metric(text) }
        if file == nil {
            guard type != nil, summary != nil, severity != nil else {
                throw ValidationError("give --type, --summary and --severity (or --file F.yaml)")
            }
        }
    }

    struct Recorded: Encodable {
        var workspace: String
        var finding: FindingID
        var audit: String
        var severity: FindingSeverity
        var icp: ICPID?
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let fields = try fields()
            guard let typeText = fields.type else { throw CLIError("the finding needs a type (customer, pipeline, message, win-loss, expansion)") }
            guard let summary = fields.summary else { throw CLIError("the finding needs a summary") }
            guard let severityText = fields.severity else { throw CLIError("the finding needs a severity (low, medium, high, critical)") }
            let audit = try CLIValues.audit(typeText)
            let severity = try CLIValues.severity(severityText)
            try await connection.withGateway(label: "icpledger.finding", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                var icpID: ICPID? = nil
                if let name = fields.icp { icpID = try await ledger.resolveICP(name, in: ws.id).id }
                let id = try await ledger.recordFinding(
                    NewFinding(
                        audit: audit, summary: summary, severity: severity, metrics: fields.metrics,
                        recommendation: fields.recommendation ?? "", icp: icpID, notes: notes),
                    in: ws)
                if output.json {
                    return try Output.json(
                        Recorded(workspace: ws.name, finding: id, audit: CLIValues.auditName(audit), severity: severity, icp: icpID))
                }
                Terminal.say("recorded \(CLIValues.auditName(audit)) finding \(id) (\(severity.rawValue)); cite it with --evidence \(id)")
            }
        }
    }
}

/// `icpledger finding template --type T`: a finding file to fill in, every metric of the audit explained.
struct FindingTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "Print a finding file to fill in, with every metric the audit defines explained.")
    @Option(help: "customer | pipeline | message | win-loss | expansion") var type: String

    func validate() throws { _ = try CLIValues.audit(type) }

    func run() throws {
        let audit = try CLIValues.audit(type)
        print(FindingFile.template(for: audit, typeName: CLIValues.auditName(audit)), terminator: "")
    }
}
