import ByteText
public import Foundation
public import ICPDomain
public import Postgres

/// The SQL of webhooks: subscriptions, and the outbox of deliveries the dispatcher works through.
///
/// Request-path functions run on a connection whose transaction has the workspace set (row-level
/// security); the dispatcher's run as the system role, across workspaces.
public enum WebhookOutbox {
    /// Writes one delivery per live subscription of the workspace that asked for each message's
    /// type. Call it in the transaction that appends the events, so a delivery exists exactly when
    /// its event does. A message already written for a subscription is not written again.
    public static func enqueue(_ messages: [WebhookMessage], tenant: UUID, on connection: PostgresConnection) throws {
        for message in messages {
            try connection.query(
                """
                INSERT INTO webhook_deliveries (tenant_id, delivery_id, subscription_id, event_id, event_type, body)
                SELECT s.tenant_id, gen_random_uuid(), s.subscription_id, \(message.eventID), \(message.type.rawValue),
                       CASE s.format WHEN 'slack' THEN \(message.slackBody) ELSE \(message.standardBody) END
                FROM webhook_subscriptions s
                WHERE s.tenant_id = \(tenant) AND s.removed_at IS NULL AND \(message.type.rawValue) = ANY (s.event_types)
                ON CONFLICT (tenant_id, subscription_id, event_id) DO NOTHING
                """)
        }
    }

    // MARK: Subscriptions (request path)

    /// Stores a checked subscription; refuses when the workspace already has the most it may.
    public static func insert(
        _ checked: NewWebhookSubscription.Checked, id: UUID, tenant: UUID, by actor: PrincipalID, at moment: Date,
        on connection: PostgresConnection
    ) throws -> Bool {
        let live = try connection.query(
            "SELECT count(*) FROM webhook_subscriptions WHERE tenant_id = \(tenant) AND removed_at IS NULL"
        ).single().column(0, as: Int.self)
        guard live < NewWebhookSubscription.maxPerWorkspace else { return false }
        try connection.query(
            """
            INSERT INTO webhook_subscriptions (tenant_id, subscription_id, url, secret, event_types, format, description, created_by, created_at)
            VALUES (\(tenant), \(id), \(checked.url.absoluteString), \(checked.secret.text),
                    \(PostgresArray(checked.eventTypes.map(\.rawValue)))::text[], \(checked.format.rawValue), \(checked.description),
                    \(actor.rawValue), \(moment))
            """)
        return true
    }

    /// The workspace's subscriptions (removed ones only when asked), oldest first, with delivery
    /// counts and the last delivery given up: two queries, whatever the number of subscriptions.
    public static func subscriptions(tenant: UUID, includingRemoved: Bool, on connection: PostgresConnection) throws -> [WebhookSubscription] {
        let rows = try connection.query(
            """
            SELECT s.subscription_id, s.url, s.event_types, s.format, s.description, s.created_by, s.created_at, s.removed_at,
                   count(d.*) FILTER (WHERE d.delivered_at IS NULL AND d.failed_at IS NULL),
                   count(d.*) FILTER (WHERE d.delivered_at IS NOT NULL),
                   count(d.*) FILTER (WHERE d.failed_at IS NOT NULL)
            FROM webhook_subscriptions s
            LEFT JOIN webhook_deliveries d ON d.tenant_id = s.tenant_id AND d.subscription_id = s.subscription_id
            WHERE s.tenant_id = \(tenant) AND (\(includingRemoved) OR s.removed_at IS NULL)
            GROUP BY s.tenant_id, s.subscription_id
            ORDER BY s.created_at, s.subscription_id
            """
        ).map { row in
            let (id, url, types, format, description, createdBy, createdAt, removedAt, pending, delivered, failed) = try row.decode(
                (UUID, String, [String], String, String, String, Date, Date?, Int, Int, Int).self)
            return WebhookSubscription(
                id: id, url: url, eventTypes: types.compactMap(WebhookEventType.init(rawValue:)),
                format: WebhookFormat(rawValue: format) ?? .standard, description: description, createdBy: PrincipalID(createdBy),
                createdAt: createdAt, removedAt: removedAt,
                deliveries: WebhookDeliveryCounts(pending: pending, delivered: delivered, failed: failed), lastFailure: nil)
        }
        guard rows.contains(where: { $0.deliveries.failed > 0 }) else { return rows }
        let lastFailures = Dictionary(
            try connection.query(
                """
                SELECT DISTINCT ON (subscription_id) \(deliveryColumns) FROM webhook_deliveries
                WHERE tenant_id = \(tenant) AND failed_at IS NOT NULL
                ORDER BY subscription_id, created_at DESC, delivery_id
                """
            ).map { row in
                let failure = try delivery(row)
                return (failure.subscription, failure)
            }, uniquingKeysWith: { first, _ in first })
        return rows.map { subscription in
            var subscription = subscription
            subscription.lastFailure = lastFailures[subscription.id]
            return subscription
        }
    }

    /// Whether the workspace has this subscription, removed or not.
    public static func exists(_ id: UUID, tenant: UUID, on connection: PostgresConnection) throws -> Bool {
        try !connection.query("SELECT 1 FROM webhook_subscriptions WHERE tenant_id = \(tenant) AND subscription_id = \(id)").isEmpty
    }

    /// A live subscription's address, secret and format, for a test ping; nil when there is no such live one.
    public static func target(of id: UUID, tenant: UUID, on connection: PostgresConnection) throws -> WebhookTarget? {
        guard
            let row = try connection.query(
                """
                SELECT url, secret, format FROM webhook_subscriptions
                WHERE tenant_id = \(tenant) AND subscription_id = \(id) AND removed_at IS NULL
                """
            ).first
        else { return nil }
        let (url, secret, format) = try row.decode((String, String, String).self)
        guard let parsed = WebhookSecret(secret) else { return nil }
        return WebhookTarget(
            subscription: id, workspace: WorkspaceID(tenant), url: url, secret: parsed, format: WebhookFormat(rawValue: format) ?? .standard)
    }

    /// Marks a live subscription removed; its pending deliveries are given up by the dispatcher.
    /// False when the workspace has no such live subscription.
    public static func remove(_ id: UUID, tenant: UUID, at moment: Date, on connection: PostgresConnection) throws -> Bool {
        try connection.query(
            """
            UPDATE webhook_subscriptions SET removed_at = \(moment)
            WHERE tenant_id = \(tenant) AND subscription_id = \(id) AND removed_at IS NULL
            """
        ).affectedRows == 1
    }

    /// A subscription's deliveries, newest first, optionally of one state.
    public static func deliveries(
        of subscription: UUID, tenant: UUID, state: WebhookDelivery.State? = nil, limit: Int, on connection: PostgresConnection
    ) throws -> [WebhookDelivery] {
        let filter = state?.rawValue ?? ""
        return try connection.query(
            """
            SELECT \(deliveryColumns) FROM webhook_deliveries
            WHERE tenant_id = \(tenant) AND subscription_id = \(subscription) AND (\(filter) = '' OR \(filter) = \(stateExpression))
            ORDER BY created_at DESC, delivery_id
            LIMIT \(limit)
            """
        ).map(delivery)
    }

    /// A delivery's state from its columns.
    static let stateExpression: PostgresQuery =
        "CASE WHEN delivered_at IS NOT NULL THEN 'delivered' WHEN failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END"

    /// The columns ``delivery(_:)`` reads, in its order.
    static let deliveryColumns: PostgresQuery = """
        delivery_id, subscription_id, event_id, event_type, \(stateExpression), attempts, created_at,
        CASE WHEN delivered_at IS NULL AND failed_at IS NULL THEN next_attempt_at END, last_attempt_at, last_status, last_error
        """

    static func delivery(_ row: PostgresRow) throws -> WebhookDelivery {
        let (id, subscription, event, type, state, attempts, created, next, last, status, error) = try row.decode(
            (UUID, UUID, UUID, String, String, Int, Date, Date?, Date?, Int?, String?).self)
        return WebhookDelivery(
            id: id, subscription: subscription, eventID: event, eventType: type, state: WebhookDelivery.State(rawValue: state) ?? .pending,
            attempts: attempts, createdAt: created, nextAttemptAt: next, lastAttemptAt: last, lastStatus: status, lastError: error)
    }

    // MARK: The dispatcher (system role)

    /// A delivery claimed for sending.
    public struct Claimed: Sendable, Hashable {
        public var tenant: UUID
        public var id: UUID
        /// The attempt this claim makes (1 for the first); recording checks it, so only this claim records.
        public var attempt: Int
        public var body: String
        public var url: String
        public var secret: String
        /// False when the subscription was removed after the event: the delivery is given up unsent.
        public var live: Bool
    }

    /// Claims up to `limit` due deliveries for `seconds`, in one short statement that skips rows
    /// another dispatcher is claiming: no transaction stays open while anything is sent. A claim
    /// that lapses (its dispatcher died) makes the delivery due again.
    public static func claim(limit: Int, seconds: Int, on connection: PostgresConnection) throws -> [Claimed] {
        try connection.query(
            """
            WITH due AS (
                SELECT tenant_id, delivery_id FROM webhook_deliveries
                WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                  AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY next_attempt_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_deliveries d
            SET claimed_until = now() + make_interval(secs => \(seconds)), attempts = d.attempts + 1, last_attempt_at = now()
            FROM due, webhook_subscriptions s
            WHERE d.tenant_id = due.tenant_id AND d.delivery_id = due.delivery_id
              AND s.tenant_id = d.tenant_id AND s.subscription_id = d.subscription_id
            RETURNING d.tenant_id, d.delivery_id, d.attempts, d.body, s.url, s.secret, s.removed_at IS NULL
            """
        ).map { row in
            let (tenant, id, attempt, body, url, secret, live) = try row.decode((UUID, UUID, Int, String, String, String, Bool).self)
            return Claimed(tenant: tenant, id: id, attempt: attempt, body: body, url: url, secret: secret, live: live)
        }
    }

    /// What became of one attempt.
    public enum Outcome: Sendable, Hashable {
        case delivered(status: Int)
        /// Try again after `seconds` (by the database's clock, which every instance shares).
        case retry(status: Int?, error: String, after: Double)
        /// Give up: attempts exhausted, or a failure no retry can mend.
        case giveUp(status: Int?, error: String)
    }

    /// Records an attempt's outcome, if the claim is still this attempt's (a lapsed claim taken by
    /// another dispatcher is theirs to record). Returns whether it recorded.
    @discardableResult
    public static func record(_ outcome: Outcome, of claimed: Claimed, on connection: PostgresConnection) throws -> Bool {
        let query: PostgresQuery
        switch outcome {
        case .delivered(let status):
            query = """
                UPDATE webhook_deliveries SET delivered_at = now(), claimed_until = NULL, last_status = \(status), last_error = NULL
                WHERE tenant_id = \(claimed.tenant) AND delivery_id = \(claimed.id) AND attempts = \(claimed.attempt)
                  AND delivered_at IS NULL AND failed_at IS NULL
                """
        case .retry(let status, let error, let seconds):
            query = """
                UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => \(seconds)), claimed_until = NULL,
                       last_status = \(status),
                       last_error = \(String(error.prefix(1000)))
                WHERE tenant_id = \(claimed.tenant) AND delivery_id = \(claimed.id) AND attempts = \(claimed.attempt)
                  AND delivered_at IS NULL AND failed_at IS NULL
                """
        case .giveUp(let status, let error):
            query = """
                UPDATE webhook_deliveries SET failed_at = now(), claimed_until = NULL, last_status = \(status),
                       last_error = \(String(error.prefix(1000)))
                WHERE tenant_id = \(claimed.tenant) AND delivery_id = \(claimed.id) AND attempts = \(claimed.attempt)
                  AND delivered_at IS NULL AND failed_at IS NULL
                """
        }
        return try connection.query(query).affectedRows == 1
    }

    /// The whole outbox at a glance, across workspaces (system role): what waits, since when, and
    /// what was given up.
    public struct Summary: Sendable, Hashable, Codable {
        public var pending: Int
        public var failed: Int
        public var oldestPending: Date?
    }

    public static func summary(on connection: PostgresConnection) throws -> Summary {
        let (pending, failed, oldest) = try connection.query(
            """
            SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL), count(*) FILTER (WHERE failed_at IS NOT NULL),
                   min(created_at) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL)
            FROM webhook_deliveries
            """
        ).single().decode((Int, Int, Date?).self)
        return Summary(pending: pending, failed: failed, oldestPending: oldest)
    }

    /// The database's clock, which due times are compared with (every instance shares it).
    public static func databaseNow(on connection: PostgresConnection) throws -> Date {
        try connection.query("SELECT now()").single().column(0, as: Date.self)
    }
}
