import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger schedule`: every ICP you can see, most urgent first — or the same as an iCalendar file.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Every ICP of a workspace (or of all yours) by urgency: owed reviews, no owner, overdue, due soon, fresh.",
        discussion: """
            With --ics it prints an iCalendar file (RFC 5545) with one all-day event per ICP on its review's due \
            day, to import into a calendar app: icpledger schedule --all-workspaces --ics > reviews.ics
            """)

    @Option(help: "The workspace, by name or id (default: ICPLEDGER_WORKSPACE).")
    var workspace: String?
    @Flag(help: "Every workspace you can see (through a server: those your token reaches).")
    var allWorkspaces = false
    @Flag(help: "Print an iCalendar file instead of a table.")
    var ics = false
    @Flag(help: "Print JSON instead of a table.")
    var json = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if allWorkspaces && workspace != nil { throw ValidationError("give --workspace or --all-workspaces, not both") }
        if ics && json { throw ValidationError("give --ics or --json, not both") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.schedule") { ledger in
                let workspaces: [WorkspaceSummary]
                if allWorkspaces {
                    workspaces = try await ledger.listWorkspaces()
                } else {
                    let name = try workspace ?? EnvironmentSettings.loaded.get().workspace
                    guard let name else {
                        throw CLIError("name the workspace with --workspace NAME, or use --all-workspaces (or set ICPLEDGER_WORKSPACE)")
                    }
                    workspaces = [try await ledger.workspace(named: name)]
                }
                var lists: [(WorkspaceSummary, [ICPSummary])] = []
                var names: [WorkspaceID: [PrincipalID: String]] = [:]
                for ws in workspaces {
                    lists.append((ws, try await ledger.listICPs(in: ws.id)))
                    names[ws.id] = try await ledger.names(in: ws.id).names
                }
                let entries = PortfolioEntry.portfolio(lists, names: names)
                if json { return try Output.json(entries) }
                if ics {
                    let title = workspaces.count == 1 ? "ICP reviews — \(workspaces[0].name)" : "ICP reviews"
                    // Written as it is: the calendar escapes its own text, and a terminal escape would break the file.
                    FileHandle.standardOutput.write(Data(ReviewCalendar.ics(entries, title: title, now: Date()).utf8))
                    return
                }
                if entries.isEmpty { return Terminal.say("no ICPs to review") }
                Terminal.say(
                    TextTable(
                        headers: ["STATUS", "ICP", "WORKSPACE", "OWNER", "DUE", "DAYS"],
                        rows: entries.map { e in
                            [
                                e.status.label + (e.owedReviews > 1 ? " ×\(e.owedReviews)" : ""), e.name, e.workspaceName,
                                e.ownerName ?? String(e.owner.rawValue.prefix(8)), e.dueOn?.description ?? "—",
                                e.daysLeft.map { $0 < 0 ? "\(-$0) overdue" : "\($0) left" } ?? "—",
                            ]
                        }
                    ).render())
            }
        }
    }
}
