import Foundation
import ICPDomain
import Testing

@testable import Webhooks

@Suite("Webhook bodies, subscription checks and the retry policy")
struct WebhookMessageTests {
    let workspace = WorkspaceID()
    let icp = ICPID()
    let eventID = UUID()
    let moment = Date(timeIntervalSince1970: 1_767_600_000)

    func context(_ icpName: String = "Mid-market SaaS", workspaceName: String = "Acme") -> WebhookMessage.Context {
        WebhookMessage.Context(workspace: workspace, workspaceName: workspaceName, icpNames: [icp: icpName])
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("a publication: type, RFC 3339 timestamp, ids, names, revision and day; the publisher only by opaque id")
    func publication() throws {
        let publisher = PrincipalID(UUID())
        let event = DomainEvent.revisionPublished(
            RevisionPublished(
                icpId: icp, revision: 3, effectiveOn: CalendarDay("2026-01-05")!, publishedBy: publisher, publishedAt: Timestamp(moment)))
        let message = try #require(WebhookMessage(event, id: eventID, occurredAt: moment, context: context()))
        #expect(message.type == .revisionPublished)
        let body = try object(message.standardBody)
        #expect(body["type"] as? String == "revision.published")
        #expect(body["timestamp"] as? String == "2026-01-05T08:00:00.000Z")
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["icp"] as? String == icp.description && data["icpName"] as? String == "Mid-market SaaS")
        #expect(data["workspace"] as? String == workspace.description && data["workspaceName"] as? String == "Acme")
        #expect(data["revision"] as? Int == 3 && data["effectiveOn"] as? String == "2026-01-05" && data["emergency"] as? Bool == false)
        #expect(data["publishedBy"] as? String == publisher.rawValue && data["eventId"] as? String == eventID.uuidString.lowercased())
        let again = try #require(WebhookMessage(event, id: eventID, occurredAt: moment, context: context()))
        #expect(again == message, "the same event always makes the same bytes")
        #expect(
            try object(message.slackBody)["text"] as? String == "Published in Acme: revision 3 of ICP “Mid-market SaaS”, in force from 2026-01-05.")
    }

    @Test("names with quotes, control characters and Slack's reserved characters stay valid JSON and plain text")
    func hostileNames() throws {
        let name = "Q\"4\" <script>&\u{1}\n\u{202E}"
        let notice = ReviewNoticed(
            workspaceId: workspace, icpId: icp, subject: .review, notice: .flaggedStale, dueOn: CalendarDay("2026-04-05")!,
            noticedOn: CalendarDay("2026-04-06")!)
        let message = try #require(
            WebhookMessage(.reviewNoticed(notice), id: eventID, occurredAt: moment, context: context(name, workspaceName: "A&B")))
        #expect(message.type == .reviewFlaggedStale)
        let data = try #require(try object(message.standardBody)["data"] as? [String: Any])
        #expect(data["icpName"] as? String == name, "the JSON carries the name exactly")
        #expect(data["subject"] as? String == "review" && data["dueOn"] as? String == "2026-04-05")
        let text = try #require(try object(message.slackBody)["text"] as? String)
        #expect(text.contains("&lt;script&gt;&amp;") && text.hasPrefix("Overdue in A&amp;B:"), "\(text)")
        #expect(!text.contains("<script>"))
    }

    @Test("each notice kind maps to its type; events no one subscribes to make no message")
    func mapping() throws {
        for (kind, type) in [(ReviewNoticeKind.dueSoon, "review.due_soon"), (.flaggedStale, "review.flagged_stale"), (.reminder, "review.reminder")] {
            let notice = ReviewNoticed(
                workspaceId: workspace, icpId: icp, subject: .afterTheFactReview, revision: 2, notice: kind, dueOn: CalendarDay("2026-04-05")!,
                noticedOn: CalendarDay("2026-04-05")!)
            let message = try #require(WebhookMessage(.reviewNoticed(notice), id: eventID, occurredAt: moment, context: context()))
            #expect(message.type.rawValue == type)
            #expect(try object(message.slackBody)["text"] as? String != nil)
        }
        let flagged = DomainEvent.icpFlaggedStale(ICPFlaggedStale(icpId: icp, dueOn: CalendarDay("2026-04-05")!, flaggedAt: Timestamp(moment)))
        #expect(WebhookMessage(flagged, id: eventID, occurredAt: moment, context: context()) == nil)
    }

    @Test("a subscription request reports every bad field at once, without resolving a host for a bad request")
    func requestChecks() {
        let bad = NewWebhookSubscription(
            url: "gopher://example.invalid/x", eventTypes: ["review.reminder", "nope", "review.reminder"], format: "xml", secret: "whsec_",
            description: String(repeating: "d", count: 201))
        guard case .failure(.invalid(let problems)) = bad.checked(against: WebhookAddressPolicy()) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.map(\.path) == ["url", "eventTypes[1]", "eventTypes[2]", "format", "secret", "description"])
        let good = NewWebhookSubscription(url: "https://93.184.215.14/hook", eventTypes: ["revision.published"])
        guard case .success(let checked) = good.checked(against: WebhookAddressPolicy()) else {
            Issue.record("refused")
            return
        }
        #expect(checked.format == .standard && checked.secret.key.count == 32 && checked.eventTypes == [.revisionPublished])
    }

    @Test("retries: each wait between half and all of the doubled delay, capped, and a bound on attempts")
    func retryPolicy() {
        let policy = WebhookRetryPolicy(maxAttempts: 4, firstDelay: 30, maxDelay: 100)
        #expect(policy.delay(after: 1, unit: 0) == 15 && policy.delay(after: 1, unit: 1) == 30)
        #expect(policy.delay(after: 2, unit: 0) == 30 && policy.delay(after: 2, unit: 1) == 60)
        #expect(policy.delay(after: 3, unit: 1) == 100 && policy.delay(after: 60, unit: 1) == 100, "capped")
        #expect(policy.retries(after: 3) && !policy.retries(after: 4))
        for attempt in 1...10 {
            let wait = policy.delay(after: attempt)
            #expect(wait > 0 && wait <= 100)
        }
        let defaults = WebhookRetryPolicy()
        let total = (1..<defaults.maxAttempts).reduce(0.0) { $0 + defaults.delay(after: $1, unit: 1) }
        #expect(total > 12 * 3600 && total < 30 * 3600, "the defaults keep trying for about a day: \(total / 3600) h")
    }
}
