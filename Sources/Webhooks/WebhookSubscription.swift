public import Foundation
public import ICPDomain

/// The body a subscription receives: the Standard Webhooks JSON (`type`, `timestamp`, `data`), or a
/// Slack-compatible `{"text": …}` for an incoming-webhook URL of a chat tool. Both are signed.
public enum WebhookFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case standard
    case slack
}

/// A workspace's webhook subscription as its admins see it: never its secret, which is shown once.
public struct WebhookSubscription: Sendable, Hashable, Codable {
    public var id: UUID
    public var url: String
    public var eventTypes: [WebhookEventType]
    public var format: WebhookFormat
    public var description: String
    public var createdBy: PrincipalID
    public var createdAt: Date
    /// Set once removed: nothing more is delivered to it, its history stays.
    public var removedAt: Date?
    /// Its deliveries by state.
    public var deliveries: WebhookDeliveryCounts
    /// The most recent delivery that was given up, if any.
    public var lastFailure: WebhookDelivery?

    public init(
        id: UUID, url: String, eventTypes: [WebhookEventType], format: WebhookFormat, description: String, createdBy: PrincipalID,
        createdAt: Date, removedAt: Date?, deliveries: WebhookDeliveryCounts, lastFailure: WebhookDelivery?
    ) {
        self.id = id
        self.url = url
        self.eventTypes = eventTypes
        self.format = format
        self.description = description
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.removedAt = removedAt
        self.deliveries = deliveries
        self.lastFailure = lastFailure
    }
}

/// How many of a subscription's deliveries wait, arrived, or were given up.
public struct WebhookDeliveryCounts: Sendable, Hashable, Codable {
    public var pending: Int
    public var delivered: Int
    public var failed: Int

    public init(pending: Int, delivered: Int, failed: Int) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
    }
}

/// One delivery of one event to one subscription, with what its attempts found.
public struct WebhookDelivery: Sendable, Hashable, Codable {
    /// Sent as `webhook-id` (`msg_` and the hex of this id), the same on every retry.
    public var id: UUID
    public var subscription: UUID
    public var eventID: UUID
    public var eventType: String
    public var state: State
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    /// The receiver's HTTP status at the last attempt, when it answered.
    public var lastStatus: Int?
    /// Why the last attempt failed.
    public var lastError: String?

    public enum State: String, Sendable, Hashable, Codable {
        case pending, delivered, failed
    }

    /// The `webhook-id` header of a delivery.
    public static func messageID(_ id: UUID) -> String {
        "msg_" + id.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}

/// A subscription an admin asks for, before it is checked.
public struct NewWebhookSubscription: Sendable, Hashable {
    public var url: String
    public var eventTypes: [String]
    /// `standard` (default) or `slack`.
    public var format: String?
    /// A `whsec_…` secret the admin brings (for a receiver that already has one); nil: one is made.
    public var secret: String?
    public var description: String?

    public init(url: String, eventTypes: [String], format: String? = nil, secret: String? = nil, description: String? = nil) {
        self.url = url
        self.eventTypes = eventTypes
        self.format = format
        self.secret = secret
        self.description = description
    }

    /// The most subscriptions one workspace may have live.
    public static let maxPerWorkspace = 20

    /// A checked subscription request.
    public struct Checked: Sendable {
        public var url: URL
        public var eventTypes: [WebhookEventType]
        public var format: WebhookFormat
        public var secret: WebhookSecret
        public var description: String
    }

    /// Checks every field and reports every problem at once, each with its field's path: the URL
    /// (form, scheme, and where it resolves, by `policy`), the event types (known, at least one, no
    /// repeats), the format, the secret's form and length, and the description.
    public func checked(against policy: WebhookAddressPolicy) -> Result<Checked, DomainError> {
        var problems: [ValidationError] = []
        var url: URL? = nil
        switch policy.parse(self.url) {
        case .success(let parsed): url = parsed
        case .failure(let problem):
            problems.append(ValidationError(.invalidReference, at: "url", "The webhook URL \(problem)."))
        }
        var types: [WebhookEventType] = []
        if eventTypes.isEmpty {
            problems.append(ValidationError(.emptyList, at: "eventTypes", "Name at least one event type: \(Self.typeList)."))
        }
        for (index, text) in eventTypes.enumerated() {
            guard let type = WebhookEventType(rawValue: text) else {
                problems.append(
                    ValidationError(
                        .invalidReference, at: "eventTypes[\(index)]",
                        "'\(TextEscaping.visible(String(text.prefix(100))))' is not an event type; use \(Self.typeList)."))
                continue
            }
            if types.contains(type) {
                problems.append(ValidationError(.duplicateRule, at: "eventTypes[\(index)]", "\(text) is named twice."))
            } else {
                types.append(type)
            }
        }
        var format = WebhookFormat.standard
        if let text = self.format {
            if let known = WebhookFormat(rawValue: text) {
                format = known
            } else {
                problems.append(
                    ValidationError(
                        .invalidReference, at: "format", "'\(TextEscaping.visible(String(text.prefix(100))))' is not a format; use standard or slack."
                    ))
            }
        }
        var secret = WebhookSecret.generate()
        if let text = self.secret {
            if let given = WebhookSecret(text) {
                secret = given
            } else {
                problems.append(
                    ValidationError(
                        .invalidReference, at: "secret",
                        "A secret is whsec_ followed by the base64 of 24 to 64 random bytes (leave it out and one is made)."))
            }
        }
        let description = self.description ?? ""
        if description.count > 200 {
            problems.append(ValidationError(.tooLong, at: "description", "At most 200 characters; this is \(description.count)."))
        } else if description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(ValidationError(.controlCharacter, at: "description", "Control characters are not allowed."))
        }
        guard problems.isEmpty, url != nil else { return .failure(.invalid(problems)) }
        // Resolving the host takes time, so it is done only for an otherwise acceptable request.
        switch policy.check(self.url) {
        case .success(let checked): url = checked
        case .failure(let problem):
            return .failure(.invalid([ValidationError(.invalidReference, at: "url", "The webhook URL \(problem).")]))
        }
        guard let url else { return .failure(.invalid(problems)) }
        return .success(Checked(url: url, eventTypes: types, format: format, secret: secret, description: description))
    }

    static var typeList: String { WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Where a subscription sends and how, for a test ping.
public struct WebhookTarget: Sendable, Hashable {
    public var subscription: UUID
    public var workspace: WorkspaceID
    public var url: String
    public var secret: WebhookSecret
    public var format: WebhookFormat

    public init(subscription: UUID, workspace: WorkspaceID, url: String, secret: WebhookSecret, format: WebhookFormat) {
        self.subscription = subscription
        self.workspace = workspace
        self.url = url
        self.secret = secret
        self.format = format
    }

    /// The test ping's body in this subscription's format.
    public func testBody(at moment: Date) -> String {
        switch format {
        case .standard: WebhookMessage.test(subscription: subscription, workspace: workspace, at: moment)
        case .slack: WebhookMessage.json(["text": .text("Test from ICP Ledger: this webhook works.")])
        }
    }
}
