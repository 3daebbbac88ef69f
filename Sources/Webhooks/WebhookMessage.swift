import ByteText
public import Foundation
public import ICPDomain

/// What one event tells a subscriber, made once when the event is stored and sent unchanged on
/// every retry: a Standard Webhooks body (`type`, `timestamp`, `data`) and, for subscriptions that
/// post into a chat, a Slack-compatible `{"text": …}` body. Bodies carry ids, the ICP's and the
/// workspace's names, days and types — never a person's name or free text.
public struct WebhookMessage: Sendable, Hashable {
    /// The stored event it announces (the receiver's link back to the history).
    public var eventID: UUID
    public var type: WebhookEventType
    /// The Standard Webhooks JSON body.
    public var standardBody: String
    /// The Slack-compatible body.
    public var slackBody: String

    /// What the messages of an append need besides the events.
    public struct Context: Sendable {
        public var workspace: WorkspaceID
        public var workspaceName: String
        /// ICP names by id (an ICP missing here is announced by id only).
        public var icpNames: [ICPID: String]

        public init(workspace: WorkspaceID, workspaceName: String, icpNames: [ICPID: String]) {
            self.workspace = workspace
            self.workspaceName = workspaceName
            self.icpNames = icpNames
        }
    }

    /// The message of a stored event, or nil when no subscription can receive its kind.
    public init?(_ event: DomainEvent, id: UUID, occurredAt: Date, context: Context) {
        guard let type = WebhookEventType(event) else { return nil }
        var data: [String: Payload] = [
            "workspace": .text(context.workspace.description), "workspaceName": .text(context.workspaceName),
            "eventId": .text(UUIDText.lowercase(id)),
        ]
        let text: String
        let workspaceName = Self.slackEscaped(context.workspaceName)
        switch event {
        case .reviewNoticed(let notice):
            let name = context.icpNames[notice.icpId]
            data["icp"] = .text(notice.icpId.description)
            if let name { data["icpName"] = .text(name) }
            data["subject"] = .text(notice.subject.rawValue)
            data["dueOn"] = .text(notice.dueOn.description)
            data["noticedOn"] = .text(notice.noticedOn.description)
            if let revision = notice.revision { data["revision"] = .number(revision) }
            let icp = name.map { "“" + Self.slackEscaped($0) + "”" } ?? notice.icpId.description
            let owed =
                switch notice.subject {
                case .review: "the quarterly review of ICP \(icp)"
                case .afterTheFactReview: "the after-the-fact review of revision \(notice.revision ?? 0) of ICP \(icp)"
                case .owner: "a new owner for ICP \(icp)"
                }
            text =
                switch notice.notice {
                case .dueSoon: "Due soon in \(workspaceName): \(owed), due on \(notice.dueOn)."
                case .flaggedStale: "Overdue in \(workspaceName): \(owed) was due on \(notice.dueOn); the ICP is flagged stale."
                case .reminder: "Reminder from \(workspaceName): \(owed) is due on \(notice.dueOn)."
                }
        case .revisionPublished(let published):
            text = Self.publication(
                published.icpId, revision: published.revision, effectiveOn: published.effectiveOn, by: published.publishedBy, emergency: false,
                workspaceName: workspaceName, context: context, data: &data)
        case .revisionEmergencyPublished(let published):
            text = Self.publication(
                published.icpId, revision: published.revision, effectiveOn: published.effectiveOn, by: published.publishedBy, emergency: true,
                workspaceName: workspaceName, context: context, data: &data)
        default:
            return nil
        }
        self.eventID = id
        self.type = type
        self.standardBody = Self.json([
            "type": .text(type.rawValue), "timestamp": .text(Self.timestamp(occurredAt)), "data": .object(data),
        ])
        self.slackBody = Self.json(["text": .text(text)])
    }

    /// A publication's data fields and its Slack text (whatever published it, with or without approval).
    private static func publication(
        _ icpID: ICPID, revision: Int, effectiveOn: CalendarDay, by publisher: PrincipalID, emergency: Bool, workspaceName: String,
        context: Context, data: inout [String: Payload]
    ) -> String {
        let name = context.icpNames[icpID]
        data["icp"] = .text(icpID.description)
        if let name { data["icpName"] = .text(name) }
        data["revision"] = .number(revision)
        data["effectiveOn"] = .text(effectiveOn.description)
        data["publishedBy"] = .text(publisher.rawValue)
        data["emergency"] = .flag(emergency)
        let icp = name.map { "“" + slackEscaped($0) + "”" } ?? icpID.description
        return emergency
            ? "Published without approval in \(workspaceName): revision \(revision) of ICP \(icp), in force from \(effectiveOn); "
                + "an after-the-fact review is owed."
            : "Published in \(workspaceName): revision \(revision) of ICP \(icp), in force from \(effectiveOn)."
    }

    /// The ping `webhook test` sends: a `webhook.test` body naming the subscription.
    public static func test(subscription: UUID, workspace: WorkspaceID, at moment: Date) -> String {
        json([
            "type": .text(testType), "timestamp": .text(timestamp(moment)),
            "data": .object(["workspace": .text(workspace.description), "subscription": .text(UUIDText.lowercase(subscription))]),
        ])
    }

    /// The type of the test ping (not one a subscription asks for).
    public static let testType = "webhook.test"

    /// Slack's three reserved characters, escaped as its formatting rules say.
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp(_ moment: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: moment)
    }

    /// A JSON value of a body.
    indirect enum Payload: Sendable {
        case text(String)
        case number(Int)
        case flag(Bool)
        case object([String: Payload])
    }

    /// Compact JSON with sorted keys (the same message always has the same bytes).
    static func json(_ object: [String: Payload]) -> String {
        var out: [UInt8] = []
        write(.object(object), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: Payload, to out: inout [UInt8]) {
        switch value {
        case .text(let text): JSONString.append(text, to: &out)
        case .number(let number): out += Array(String(number).utf8)
        case .flag(let flag): out += Array((flag ? "true" : "false").utf8)
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(fields[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
