import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger principal grant|list`: people and their roles in a workspace.
struct PrincipalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principal",
        abstract: "Give people roles in a workspace (viewer, editor, approver, admin), list them, take roles away.",
        subcommands: [Grant.self, List.self, PrincipalRevokeCommand.self, PrincipalEraseCommand.self])

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give NAME a role in the workspace (registering NAME if new). Admins only.")

        @Argument(help: "The person's name as they will type it with --as.") var name: String
        @Option(help: "viewer | editor | approver | admin") var role: String
        @Option(help: "The workspace, by name or id.") var workspace: String
        @Option(help: "The person's e-mail (kept outside the event history; erasable).") var email: String?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            _ = try CLIValues.role(role)
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("the person's name is empty") }
            if let problem = TextRule.name.problems(name, at: "name").first {
                throw ValidationError("the person's name is not usable: \(problem.message)")
            }
        }

        struct Granted: Encodable {
            var name: String
            var principal: PrincipalID
            var role: WorkspaceRole
            var workspace: String
        }

        func run() async throws {
            try await CommandFailure.reporting {
                try await connection.withGateway(label: "icpledger.principal", actor: actor) { ledger in
                    let ws = try await ledger.workspace(named: workspace)
                    let role = try CLIValues.role(role)
                    let id = try await ledger.grant(role, to: name, email: email, in: ws)
                    if output.json { return try Output.json(Granted(name: name, principal: id, role: role, workspace: ws.name)) }
                    Terminal.say("\(name) is now \(role.rawValue) in \(ws.name)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The people of a workspace and their roles.")
        @Option(help: "The workspace, by name or id.") var workspace: String
        @OptionGroup var output: OutputOptions
        @OptionGroup var connection: ConnectionOptions

        struct Row: Encodable {
            var name: String
            var principal: PrincipalID
            var role: WorkspaceRole?
        }

        func run() async throws {
            try await CommandFailure.reporting {
                try await connection.withGateway(label: "icpledger.principal") { ledger in
                    let ws = try await ledger.workspace(named: workspace)
                    let rows = try await ledger.people(in: ws.id).map { Row(name: $0.name, principal: $0.principal, role: $0.role) }
                    if output.json { return try Output.json(rows) }
                    Terminal.say(
                        TextTable(
                            headers: ["NAME", "ROLE", "PRINCIPAL"],
                            rows: rows.map {
                                [$0.name, $0.role?.rawValue ?? "(none)", $0.principal.rawValue]
                            }
                        ).render())
                }
            }
        }
    }
}
