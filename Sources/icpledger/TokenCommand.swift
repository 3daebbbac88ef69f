import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger token create|list|revoke`: API tokens, made by an operator in direct-database mode
/// (how an installation's first token comes to be). Whoever holds the database credentials may
/// make a token for anyone; the API itself lets an account make tokens only for itself.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make, list and revoke API tokens (operators, direct database access).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token for a person; the token is printed once, alone on the last line.",
            discussion: """
                With --workspace, NAME is a person of that workspace: their account is made (or found) and the \
                token works in that workspace only. Without it, NAME is an existing account, and the token works \
                in every workspace the account is linked to (see `icpledger account link`).
                """)

        @Option(help: "The person (with --workspace) or the account (without).") var principal: String
        @Option(help: "Limit the token to this workspace, by name or id.") var workspace: String?
        @Option(help: "The most the token may do: viewer | editor | approver | admin (never more than the person's own role).")
        var role: String?
        @Option(help: "Days until the token stops working (1–3650; default: never).") var expires: Int?
        @Option(help: "A note saying what the token is for.") var label: String = ""
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let role { _ = try CLIValues.role(role) }
            if let expires, !(1...Ledger.maxTokenDays).contains(expires) {
                throw ValidationError("--expires takes 1 to \(Ledger.maxTokenDays) days, not \(expires)")
            }
            if let problem = TextRule.name.problems(principal, at: "principal").first {
                throw ValidationError("--principal is not a usable name: \(problem.message)")
            }
        }

        struct Made: Encodable {
            var token: APIToken
            var accountName: String
            var secret: String
        }

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.token") { ledger in
                    let account: AccountID, accountName: String, scope: WorkspaceID?
                    if let workspace {
                        let ws = try await ledger.workspace(named: workspace)
                        let person = try await ledger.principal(named: principal, in: ws.id)
                        (account, accountName) = try await ledger.account(for: person, in: ws.id)
                        scope = ws.id
                    } else {
                        account = try await ledger.account(named: principal)
                        accountName = principal
                        scope = nil
                    }
                    let issued = try await ledger.createToken(
                        for: account, workspace: scope, maxRole: try role.map(CLIValues.role), expiresInDays: expires, label: label)
                    if output.json { return try Output.json(Made(token: issued.token, accountName: accountName, secret: issued.secret)) }
                    let limits = [
                        scope.map { _ in "workspace \(workspace ?? "")" } ?? "every workspace of the account",
                        role.map { "at most \($0)" }, expires.map { "expires in \($0) days" },
                    ].compactMap { $0 }.joined(separator: ", ")
                    Terminal.say("Token \(issued.token.id) for \(TextEscaping.visible(accountName)) (\(limits)). It is shown once; keep it secret:")
                    Terminal.say(issued.secret)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every token (or one account's), newest first; never their secrets.")
        @Option(help: "Only this account's tokens.") var account: String?
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.token") { ledger in
                    let owner = try await account.asyncMap { try await ledger.account(named: $0) }
                    let tokens = try await ledger.tokens(of: nil).filter { owner == nil || $0.account == owner }
                    if output.json { return try Output.json(tokens) }
                    let now = Date()
                    Terminal.say(
                        TextTable(
                            headers: ["TOKEN", "ACCOUNT", "WORKSPACE", "MAX ROLE", "STATE", "LAST USED", "LABEL"],
                            rows: tokens.map { token in
                                let state =
                                    token.revokedAt != nil ? "revoked" : (token.expiresAt.map { $0 <= now } ?? false) ? "expired" : "live"
                                return [
                                    token.id.description, token.account.description, token.workspace?.description ?? "all",
                                    token.maxRole?.rawValue ?? "-", state,
                                    token.lastUsedAt.map { $0.formatted(Date.ISO8601FormatStyle()) } ?? "never",
                                    TextEscaping.visible(token.label),
                                ]
                            }
                        ).render())
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a token working, at once.")
        @Argument(help: "The token's id (from `token list`).") var id: String
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard TokenID(id) != nil else { throw ValidationError("'\(TextEscaping.visible(id, limit: 40))' is not a token id") }
        }

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.token") { ledger in
                    guard let token = TokenID(id) else { return }
                    try await ledger.revokeToken(token, of: nil)
                    if output.json { return try Output.json(["revoked": token.description]) }
                    Terminal.say("Token \(token) is revoked.")
                }
            }
        }
    }
}

/// `icpledger account link`: the same person in another workspace.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Link a person's account to their principal in another workspace (operators).",
        subcommands: [Link.self])

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let ACCOUNT act as PRINCIPAL in WORKSPACE: one token then reaches every workspace the person works in.")
        @Argument(help: "The account's name.") var account: String
        @Option(help: "The person's name in the workspace.") var principal: String
        @Option(help: "The workspace, by name or id.") var workspace: String
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.account") { ledger in
                    let id = try await ledger.account(named: account)
                    let ws = try await ledger.workspace(named: workspace)
                    let person = try await ledger.principal(named: principal, in: ws.id)
                    try await ledger.link(id, to: person, in: ws.id)
                    if output.json {
                        return try Output.json(["account": id.description, "workspace": ws.id.description, "principal": person.rawValue])
                    }
                    Terminal.say("\(TextEscaping.visible(account)) now acts as \(TextEscaping.visible(principal)) in \(ws.name)")
                }
            }
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
