import Dispatch
public import Foundation
public import ICPDomain
import Postgres
public import Webhooks

extension Ledger {
    /// The admin acting in `workspace`, or the refusal (webhooks are managed by admins: a
    /// subscription sends the workspace's events out of the service).
    func requireAdmin(_ actor: PrincipalID, in workspace: WorkspaceID, to action: String) async throws {
        _ = try await requireRole(.admin, actor, in: workspace, to: action)
    }

    /// The workspace, when `actor` holds at least `required` in it (capped by the request's token),
    /// or the refusal.
    func requireRole(_ required: WorkspaceRole, _ actor: PrincipalID, in workspace: WorkspaceID, to action: String) async throws -> WorkspaceState {
        guard let state = try await workspaceState(workspace) else { throw LedgerError.workspaceNotFound(workspace.description) }
        var role = state.role(of: actor)
        if let ceiling = Self.roleCeiling, let held = role { role = min(held, ceiling) }
        guard let role, role.includes(required) else {
            throw LedgerError.refused(.insufficientRole(action: action, required: required, actual: role))
        }
        return state
    }

    /// Adds a webhook subscription (admins): every field is checked — the URL also by where it
    /// resolves ( ``webhookAddresses`` ) — and the secret, made here unless one is given, is
    /// returned this once.
    public func addWebhook(
        _ request: NewWebhookSubscription, in workspace: WorkspaceID, by actor: PrincipalID
    ) async throws -> (subscription: WebhookSubscription, secret: String) {
        try await requireAdmin(actor, in: workspace, to: "manage webhooks")
        let checked: NewWebhookSubscription.Checked
        // Name resolution blocks, so it runs on a thread of its own rather than the cooperative pool.
        let policy = webhookAddresses
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: request.checked(against: policy)) }
        }
        switch result {
        case .failure(let error): throw LedgerError.refused(error)
        case .success(let value): checked = value
        }
        let id = UUID()
        let moment = now()
        let stored = try await read(workspace) { connection in
            try WebhookOutbox.insert(checked, id: id, tenant: workspace.uuid, by: actor, at: moment, on: connection)
        }
        guard stored else {
            throw LedgerError.refused(
                .invalid([
                    ValidationError(
                        .tooMany, at: "url",
                        "A workspace may have at most \(NewWebhookSubscription.maxPerWorkspace) webhooks; remove one first.")
                ]))
        }
        let subscription = WebhookSubscription(
            id: id, url: checked.url.absoluteString, eventTypes: checked.eventTypes, format: checked.format,
            description: checked.description, createdBy: actor, createdAt: moment, removedAt: nil,
            deliveries: WebhookDeliveryCounts(pending: 0, delivered: 0, failed: 0), lastFailure: nil)
        return (subscription, checked.secret.text)
    }

    /// The workspace's webhook subscriptions with their delivery counts and last failure (admins).
    public func webhooks(in workspace: WorkspaceID, by actor: PrincipalID, includingRemoved: Bool = false) async throws -> [WebhookSubscription] {
        try await requireAdmin(actor, in: workspace, to: "see webhooks")
        return try await read(workspace) { connection in
            try WebhookOutbox.subscriptions(tenant: workspace.uuid, includingRemoved: includingRemoved, on: connection)
        }
    }

    /// Removes a subscription (admins); what it had not yet received is given up. False when the
    /// workspace has no such live subscription.
    public func removeWebhook(_ id: UUID, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> Bool {
        try await requireAdmin(actor, in: workspace, to: "manage webhooks")
        let moment = now()
        return try await read(workspace) { connection in
            try WebhookOutbox.remove(id, tenant: workspace.uuid, at: moment, on: connection)
        }
    }

    /// A subscription's deliveries, newest first (admins); nil when there is no such subscription.
    public func webhookDeliveries(
        _ id: UUID, in workspace: WorkspaceID, by actor: PrincipalID, state: WebhookDelivery.State? = nil, limit: Int = 50
    ) async throws -> [WebhookDelivery]? {
        try await requireAdmin(actor, in: workspace, to: "see webhooks")
        return try await read(workspace) { connection in
            guard try WebhookOutbox.exists(id, tenant: workspace.uuid, on: connection) else { return nil }
            return try WebhookOutbox.deliveries(of: id, tenant: workspace.uuid, state: state, limit: max(1, min(limit, 500)), on: connection)
        }
    }

    /// Where a live subscription sends, with its secret, for a test ping (admins); nil when there is none.
    public func webhookTarget(_ id: UUID, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> WebhookTarget? {
        try await requireAdmin(actor, in: workspace, to: "test webhooks")
        return try await read(workspace) { connection in try WebhookOutbox.target(of: id, tenant: workspace.uuid, on: connection) }
    }

    /// The webhook messages of the events an append stores, with their ids.
    static func webhookMessages(
        _ events: [DomainEvent], ids: [UUID], at moment: Date, workspace: WorkspaceID, workspaceName: String, icpNames: [ICPID: String]
    ) -> [WebhookMessage] {
        let context = WebhookMessage.Context(workspace: workspace, workspaceName: workspaceName, icpNames: icpNames)
        return zip(events, ids).compactMap { event, id in WebhookMessage(event, id: id, occurredAt: moment, context: context) }
    }
}
