import ArgumentParser
import Foundation
import ICPDomain
import ICPFile
import ICPLedger

/// `icpledger mapping set|show|history`: how a workspace's CRM exports feed its ICPs' keys.
struct MappingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "How your CRM exports' columns feed the ICPs' keys (used by score); kept as events.",
        discussion: """
            A mapping file names, for each column not already called like an ICP key, the key it feeds \
            and how its text is read:
              format: icpledger-mapping/v1
              columns:
                Industry: industry
                Employee Range: {key: employees, as: range, pick: lower}
                Tech Stack: {key: stack, as: list, separator: ","}
                Funded: {key: recentFunding, as: boolean, true-words: [Series A, Series B]}
                Segment:
                  key: industry
                  values: {Financial Services: fintech}
            as is auto (what the key's rules expect), text, number, boolean, list or range (51-200, \
            1000+, <50; pick lower, middle or upper). values replace whole values, ignoring case. A key \
            no column feeds is unknown when scoring, never a miss.
            """,
        subcommands: [MappingSetCommand.self, MappingShowCommand.self, MappingHistoryCommand.self])

    /// Reads a mapping file, naming the file in any error.
    static func read(_ path: String) throws -> FieldMapping {
        let text = try FileInput.text(path)
        do {
            return try MappingFile.parse(text)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }
}

/// `icpledger mapping set FILE --workspace W`.
struct MappingSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Replace the workspace's field mapping with a mapping file (admins); recorded as an event.")

    @Argument(help: "The mapping file (YAML), or - for standard input.") var file: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let mapping = try MappingCommand.read(file)
            try await connection.withGateway(label: "icpledger.mapping", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let changed = try await ledger.setFieldMapping(mapping, in: ws)
                Terminal.say(
                    changed
                        ? "set the field mapping of \(ws.name): \(mapping.columns.count) column(s) mapped"
                        : "the field mapping of \(ws.name) is already this one; nothing recorded")
            }
        }
    }
}

/// `icpledger mapping show --workspace W [--json]`: the mapping as a file to edit and set again.
struct MappingShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the workspace's field mapping as a mapping file.")

    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.mapping", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let (mapping, _) = try await ledger.fieldMapping(in: ws)
                if output.json { return try Output.json(mapping) }
                print(MappingFile.render(mapping), terminator: "")
            }
        }
    }
}

/// `icpledger mapping history --workspace W [--json]`: who changed the mapping, when.
struct MappingHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change of the field mapping: who, when, how many columns.")

    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.mapping", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let (_, history) = try await ledger.fieldMapping(in: ws)
                if output.json { return try Output.json(history) }
                if history.isEmpty { return Terminal.say("the field mapping of \(ws.name) was never set") }
                let names = try await ledger.names(in: ws.id)
                let zone = TimeZone(identifier: ws.timeZone) ?? .gmt
                Terminal.say(
                    TextTable(
                        headers: ["SET", "BY", "COLUMNS"],
                        rows: history.map { [Output.day($0.setAt, zone), names[$0.setBy], String($0.columns)] }
                    ).render())
            }
        }
    }
}
