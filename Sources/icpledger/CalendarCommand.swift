import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger calendar create|list|revoke`: review calendars a calendar app subscribes to by URL,
/// made by an operator in direct-database mode (through the API, `POST /v1/calendar-feeds`).
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Make, list and revoke review calendar feeds for calendar apps (operators, direct database access).",
        discussion: """
            A feed is an address on the server, /calendar/<secret>.ics, that a calendar app subscribes to: one \
            all-day event per ICP review on its due day, for every workspace the person works in (or one). \
            It shows what the person's roles allow when it is read. `icpledger schedule --ics` prints the same \
            calendar once, without a server.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    /// The person a feed belongs to: a person of a workspace, or an account by name.
    struct Person: ParsableArguments {
        @Option(help: "The person (with --workspace) or the account (without).") var principal: String
        @Option(help: "The person's workspace, by name or id.") var workspace: String?

        func account(_ ledger: Ledger) async throws -> (account: AccountID, name: String, workspace: WorkspaceID?) {
            guard let workspace else { return (try await ledger.account(named: principal), principal, nil) }
            let ws = try await ledger.workspace(named: workspace)
            let person = try await ledger.principal(named: principal, in: ws.id)
            let (account, name) = try await ledger.account(for: person, in: ws.id)
            return (account, name, ws.id)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a feed for a person; its address is printed once, alone on the last line.")
        @OptionGroup var person: Person
        @Flag(help: "Every workspace the person works in, not only --workspace.") var allWorkspaces = false
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        struct Made: Encodable {
            var feed: CalendarFeed
            var path: String
        }

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.calendar") { ledger in
                    let (account, name, workspace) = try await person.account(ledger)
                    let (feed, secret) = try await ledger.createCalendarFeed(for: account, workspace: allWorkspaces ? nil : workspace)
                    let path = "/calendar/\(secret).ics"
                    if output.json { return try Output.json(Made(feed: feed, path: path)) }
                    let scope = feed.workspace == nil ? "every workspace they work in" : "workspace \(person.workspace ?? "")"
                    Terminal.say(
                        "Calendar feed \(UUID: feed.id) for \(name) (\(scope)). Subscribe to this address on the icpledger server "
                            + "(e.g. http://127.0.0.1:8080\(path)); it is shown once:")
                    Terminal.say(path)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A person's feeds, newest first; never their addresses.")
        @OptionGroup var person: Person
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.calendar") { ledger in
                    let feeds = try await ledger.calendarFeeds(of: try await person.account(ledger).account)
                    if output.json { return try Output.json(feeds) }
                    if feeds.isEmpty { return Terminal.say("no calendar feeds") }
                    Terminal.say(
                        TextTable(
                            headers: ["ID", "WORKSPACE", "MADE", "REVOKED"],
                            rows: feeds.map { feed in
                                [
                                    "\(UUID: feed.id)", feed.workspace.map { "\($0)" } ?? "all", ISO8601DateFormatter().string(from: feed.createdAt),
                                    feed.revokedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "—",
                                ]
                            }
                        ).render())
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a feed at once.")
        @Argument(help: "The feed's id (from calendar list).") var id: String
        @OptionGroup var person: Person
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard UUID(uuidString: id) != nil else { throw ValidationError("'\(id)' is not a feed id (calendar list shows them)") }
        }

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.calendar") { ledger in
                    let account = try await person.account(ledger).account
                    guard try await ledger.revokeCalendarFeed(UUID(uuidString: id)!, of: account) else {
                        throw CLIError("\(person.principal) has no calendar feed \(id)")
                    }
                    Terminal.say("calendar feed \(id) revoked")
                }
            }
        }
    }
}

extension DefaultStringInterpolation {
    /// A UUID as the CLI prints ids: lowercase.
    fileprivate mutating func appendInterpolation(UUID id: UUID) {
        appendLiteral(id.uuidString.lowercased())
    }
}
