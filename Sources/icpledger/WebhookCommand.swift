import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger
import Webhooks

/// `icpledger webhook add|list|remove|test`: a workspace's webhook subscriptions (admins).
struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Send review notices and publications to other tools: signed webhooks (workspace admins).",
        discussion: """
            Subscribers receive review.due_soon, review.flagged_stale, review.reminder and revision.published \
            as JSON signed the way the Standard Webhooks specification says (webhook-id, webhook-timestamp, \
            webhook-signature), or as a Slack-compatible {"text": …} with --format slack. Each delivery is \
            written with its event and retried with growing waits until the receiver answers 2xx \
            (ICPLEDGER_WEBHOOK_ATTEMPTS attempts at most); 'webhook list' shows what waits and what was given \
            up. serve sends them; a receiver drops repeats by webhook-id.
            """,
        subcommands: [WebhookAddCommand.self, WebhookListCommand.self, WebhookRemoveCommand.self, WebhookTestCommand.self])
}

/// `icpledger webhook add --workspace W --url URL --event TYPE... [--format standard|slack] [--secret S]`.
struct WebhookAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Subscribe a URL to events of a workspace; prints the signing secret once.")

    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "Where to send: an http(s) URL that does not resolve to an internal address.") var url: String
    @Option(name: .customLong("event"), help: "review.due_soon | review.flagged_stale | review.reminder | revision.published (repeatable).")
    var events: [String] = []
    @Option(help: "standard (JSON, default) or slack (a {\"text\": …} body).") var format: String?
    @Option(help: "Bring your own secret (whsec_ and the base64 of 24 to 64 bytes); left out, one is made.") var secret: String?
    @Option(help: "What it is for, e.g. the receiving tool.") var description: String?
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if events.isEmpty {
            throw ValidationError("name at least one --event: \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    struct Added: Encodable {
        var webhook: WebhookSubscription
        var secret: String
    }

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.webhook", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let (subscription, secret) = try await ledger.addWebhook(
                    NewWebhookSubscription(url: url, eventTypes: events, format: format, secret: self.secret, description: description), in: ws)
                if output.json { return try Output.json(Added(webhook: subscription, secret: secret)) }
                Terminal.say(
                    "added webhook \(subscription.id.uuidString.lowercased()) in \(ws.name): "
                        + "\(subscription.eventTypes.map(\.rawValue).joined(separator: ", ")) to \(TextEscaping.visible(subscription.url))")
                Terminal.say("signing secret (shown once; the receiver verifies webhook-signature with it):")
                Terminal.say(secret)
            }
        }
    }
}

/// `icpledger webhook list --workspace W [--removed]`.
struct WebhookListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "A workspace's webhooks with what waits, what arrived and what was given up.")

    @Option(help: "The workspace, by name or id.") var workspace: String
    @Flag(help: "List removed webhooks too.") var removed = false
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await connection.withGateway(label: "icpledger.webhook", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let list = try await ledger.webhooks(in: ws, includingRemoved: removed)
                if output.json { return try Output.json(["webhooks": list]) }
                if list.isEmpty { return Terminal.say("no webhooks in \(ws.name); add one with 'icpledger webhook add'") }
                for hook in list {
                    let state = hook.removedAt == nil ? "" : " (removed)"
                    Terminal.say("\(hook.id.uuidString.lowercased())\(state)  \(TextEscaping.visible(hook.url))")
                    Terminal.say(
                        "  \(hook.eventTypes.map(\.rawValue).joined(separator: ", ")); \(hook.format.rawValue) body"
                            + (hook.description.isEmpty ? "" : "; \(TextEscaping.visible(hook.description))"))
                    Terminal.say(
                        "  deliveries: \(hook.deliveries.pending) pending, \(hook.deliveries.delivered) delivered, \(hook.deliveries.failed) failed")
                    if let failure = hook.lastFailure {
                        Terminal.say(
                            "  last failure: \(failure.eventType) after \(failure.attempts) attempts: \(TextEscaping.visible(failure.lastError ?? "unknown"))"
                        )
                    }
                }
            }
        }
    }
}

/// `icpledger webhook remove ID --workspace W`.
struct WebhookRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a webhook: nothing more is sent to it; what it had not received is given up.")

    @Argument(help: "The webhook's id (see 'webhook list').") var id: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            guard let webhook = UUID(uuidString: id) else { throw CLIError("'\(TextEscaping.visible(id))' is not a webhook id (see 'webhook list')") }
            try await connection.withGateway(label: "icpledger.webhook", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                guard try await ledger.removeWebhook(webhook, in: ws) else {
                    throw CLIError("there is no webhook \(webhook.uuidString.lowercased()) in \(ws.name) (or it was already removed)")
                }
                Terminal.say("removed webhook \(webhook.uuidString.lowercased())")
            }
        }
    }
}

/// `icpledger webhook test ID --workspace W`: exit 0 when the receiver answered 2xx, 4 otherwise.
struct WebhookTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a signed webhook.test ping now and say what the receiver answered (exit 4 when it did not take it).")

    @Argument(help: "The webhook's id (see 'webhook list').") var id: String
    @Option(help: "The workspace, by name or id.") var workspace: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await CommandFailure.reporting {
            guard let webhook = UUID(uuidString: id) else { throw CLIError("'\(TextEscaping.visible(id))' is not a webhook id (see 'webhook list')") }
            let ping = try await connection.withGateway(label: "icpledger.webhook", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: workspace)
                guard let ping = try await ledger.testWebhook(webhook, in: ws) else {
                    throw CLIError("there is no live webhook \(webhook.uuidString.lowercased()) in \(ws.name)")
                }
                return ping
            }
            if output.json {
                try Output.json(ping)
            } else {
                Terminal.say(ping.delivered ? "test ping \(ping.result)" : "test ping not delivered: \(TextEscaping.visible(ping.result))")
            }
            if !ping.delivered { throw ExitCode(4) }
        }
    }
}
