import ArgumentParser
import ICPLedger

/// `icpledger workspace list`.
struct WorkspaceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every workspace (through a server: those your token reaches).")

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.workspace") { ledger in
                let list = try await ledger.listWorkspaces()
                if output.json { return try Output.json(list) }
                Terminal.say(
                    TextTable(
                        headers: ["NAME", "TIME ZONE", "FY START", "ID"],
                        rows: list.map {
                            [
                                $0.name, $0.timeZone, WorkspaceCreateCommand.months[max(0, min(11, $0.fiscalYearStartMonth - 1))].capitalized,
                                $0.id.description,
                            ]
                        }
                    ).render())
            }
        }
    }
}
