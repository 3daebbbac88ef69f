import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPLedger
import WebhookDelivery
import Webhooks

/// Webhook subscriptions of a workspace (admins): add, list with delivery counts and the last
/// failure, see deliveries, remove, and send a test ping.
extension V1Routes {
    func registerWebhooks(on group: RouterGroup<LedgerRequestContext>) {
        group.get("workspaces/:workspace/webhooks", use: listWebhooks)
        group.post("workspaces/:workspace/webhooks", use: addWebhook)
        group.delete("workspaces/:workspace/webhooks/:webhook", use: removeWebhook)
        group.get("workspaces/:workspace/webhooks/:webhook/deliveries", use: webhookDeliveries)
        group.post("workspaces/:workspace/webhooks/:webhook/test", use: testWebhook)
    }

    struct WebhookBody: APIRequestBody {
        static let fields: Set<String> = ["url", "eventTypes", "format", "secret", "description"]
        var url: String
        var eventTypes: [String]
        var format: String?
        var secret: String?
        var description: String?
    }

    struct AddedWebhook: Encodable {
        var webhook: WebhookSubscription
        /// The signing secret, shown this once.
        var secret: String
    }

    @Sendable func addWebhook(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let body = try await JSONIO.decode(WebhookBody.self, from: request)
        let wanted = NewWebhookSubscription(
            url: body.url, eventTypes: body.eventTypes, format: body.format, secret: body.secret, description: body.description)
        let (subscription, secret) = try await command(access, request) { actor in
            try await ledger.addWebhook(wanted, in: access.workspace, by: actor)
        }
        var response = try JSONIO.response(AddedWebhook(webhook: subscription, secret: secret), status: .created)
        response.headers[.location] = "/v1/workspaces/\(access.workspace)/webhooks/\(subscription.id.uuidString.lowercased())"
        return response
    }

    /// `?removed=true` lists removed subscriptions too.
    @Sendable func listWebhooks(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let removed = request.uri.queryParameters.get("removed")
        guard removed == nil || removed == "true" || removed == "false" else {
            throw Problem.invalid(
                "?removed= takes true or false.", errors: [.init(field: "removed", code: "invalidValue", message: "true or false.")])
        }
        let list = try await command(access, request) { actor in
            try await ledger.webhooks(in: access.workspace, by: actor, includingRemoved: removed == "true")
        }
        return try JSONIO.response(["webhooks": list])
    }

    func webhookID(_ context: LedgerRequestContext) throws -> UUID {
        let text = try context.parameters.require("webhook")
        guard let id = UUID(uuidString: text) else { throw Problem.notFound("There is no webhook \(text) in this workspace.") }
        return id
    }

    @Sendable func removeWebhook(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let id = try webhookID(context)
        guard try await command(access, request, { actor in try await ledger.removeWebhook(id, in: access.workspace, by: actor) }) else {
            throw Problem.notFound("There is no webhook \(id.uuidString.lowercased()) in this workspace (or it was already removed).")
        }
        return Response(status: .noContent)
    }

    /// `?state=pending|delivered|failed`, `?limit=` (1 to 500, default 50); newest first.
    @Sendable func webhookDeliveries(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let id = try webhookID(context)
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        var state: WebhookDelivery.State? = nil
        if let text = query.get("state") {
            state = WebhookDelivery.State(rawValue: String(text))
            if state == nil { errors.append(.init(field: "state", code: "invalidValue", message: "pending, delivered or failed.")) }
        }
        var limit = 50
        if let text = query.get("limit") {
            if let number = Int(text), (1...500).contains(number) {
                limit = number
            } else {
                errors.append(.init(field: "limit", code: "invalidValue", message: "A whole number from 1 to 500."))
            }
        }
        guard errors.isEmpty else { throw Problem.invalid("The query is not valid.", errors: errors) }
        let found = try await command(access, request) { actor in
            try await ledger.webhookDeliveries(id, in: access.workspace, by: actor, state: state, limit: limit)
        }
        guard let deliveries = found else { throw Problem.notFound("There is no webhook \(id.uuidString.lowercased()) in this workspace.") }
        return try JSONIO.response(["deliveries": deliveries])
    }

    struct PingAnswer: Encodable {
        var delivered: Bool
        /// The receiver's HTTP status, when it answered.
        var status: Int?
        var result: String
    }

    /// Sends a test ping now, outside the outbox; a receiver's failure is reported in the answer
    /// (200), since it is not the caller's mistake.
    @Sendable func testWebhook(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let id = try webhookID(context)
        guard let target = try await command(access, request, { actor in try await ledger.webhookTarget(id, in: access.workspace, by: actor) })
        else { throw Problem.notFound("There is no live webhook \(id.uuidString.lowercased()) in this workspace.") }
        let sender = WebhookSender(policy: ledger.webhookAddresses, timeout: .seconds(10))
        let result = await sender.ping(target)
        await sender.shutdown()
        let answer = PingAnswer(delivered: result.delivered, status: result.status, result: result.summary)
        return try JSONIO.response(answer)
    }
}
