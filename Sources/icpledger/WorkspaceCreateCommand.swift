import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger workspace create NAME [--time-zone TZ] [--fiscal-year-start MONTH]`.
struct WorkspaceCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a workspace; you (--as) become its first admin.")

    @Argument(help: "The workspace name (unique).") var name: String
    @Option(help: "IANA time zone for review due dates and effective days.") var timeZone = "UTC"
    @Option(help: "Month the fiscal year starts, 1–12 or a month name.") var fiscalYearStart = "January"
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    ]

    static func month(_ text: String) -> Int? {
        if let number = Int(text), (1...12).contains(number) { return number }
        let lower = text.lowercased()
        guard lower.count >= 3, let index = months.firstIndex(where: { $0.hasPrefix(lower) }) else { return nil }
        return index + 1
    }

    func validate() throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("the workspace name is empty") }
        if let problem = TextRule.name.problems(name, at: "name").first {
            throw ValidationError("the workspace name is not usable: \(problem.message)")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw ValidationError("unknown time zone '\(timeZone)'; use an IANA name such as Europe/Berlin or America/New_York")
        }
        guard Self.month(fiscalYearStart) != nil else {
            throw ValidationError("--fiscal-year-start wants a month (1–12 or a name such as February), not '\(fiscalYearStart)'")
        }
    }

    struct Created: Encodable {
        var id: WorkspaceID
        var name: String
        var timeZone: String
        var fiscalYearStartMonth: Int
        var admin: String
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.workspace", actor: actor) { ledger in
                let month = Self.month(fiscalYearStart) ?? 1
                let (id, admin) = try await ledger.createWorkspace(name: name, timeZone: timeZone, fiscalYearStartMonth: month)
                if output.json {
                    return try Output.json(Created(id: id, name: name, timeZone: timeZone, fiscalYearStartMonth: month, admin: admin))
                }
                Terminal.say(
                    "created workspace '\(name)' (\(id)), time zone \(timeZone), fiscal year from \(Self.months[month - 1].capitalized); admin: \(admin)"
                )
            }
        }
    }
}
