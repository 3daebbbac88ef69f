import ArgumentParser
import ICPDomain
import ICPLedger

/// `icpledger workspace show NAME`: settings, members and their roles, ICPs.
struct WorkspaceShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A workspace's settings, members and ICPs.")

    @Argument(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    struct Member: Encodable {
        var name: String
        var principal: PrincipalID
        var role: WorkspaceRole
    }

    struct View: Encodable {
        var workspace: WorkspaceSummary
        var members: [Member]
        var icps: [String]
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.workspace") { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let members = try await ledger.people(in: ws.id).compactMap { person in
                    person.role.map { Member(name: person.name, principal: person.principal, role: $0) }
                }.sorted { ($0.role, $1.name) > ($1.role, $0.name) }
                let icps = try await ledger.listICPs(in: ws.id).map(\.name)
                if output.json { return try Output.json(View(workspace: ws, members: members, icps: icps)) }
                Terminal.say("Workspace \(ws.name) (\(ws.id))")
                Terminal.say(
                    "Time zone \(ws.timeZone), fiscal year from \(WorkspaceCreateCommand.months[max(0, min(11, ws.fiscalYearStartMonth - 1))].capitalized)\n"
                )
                Terminal.say(TextTable(headers: ["MEMBER", "ROLE"], rows: members.map { [$0.name, $0.role.rawValue] }).render())
                Terminal.say("\nICPs: " + (icps.isEmpty ? "none yet" : icps.joined(separator: ", ")))
            }
        }
    }
}
