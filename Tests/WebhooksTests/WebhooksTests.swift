import Foundation
import ICPDomain
import Testing
import Webhooks

@Suite("Webhook signing (Standard Webhooks) and the address policy")
struct WebhooksTests {
    @Test("the specification's example signs to its published signature, and verifies")
    func specificationVector() throws {
        let secret = try #require(WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let signature = WebhookSignature.sign(secret, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(
            WebhookSignature.verify(
                secret, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body,
                signatures: "v1,bm9wZQ== " + signature, now: 1_614_265_400))
    }

    @Test("verification fails for another body, id, secret or a stale timestamp")
    func refusals() throws {
        let secret = WebhookSecret.generate()
        let other = WebhookSecret.generate()
        let body = Array(#"{"type":"review.reminder"}"#.utf8)
        let signature = WebhookSignature.sign(secret, id: "d1", timestamp: 1_000, body: body)
        #expect(WebhookSignature.verify(secret, id: "d1", timestamp: 1_000, body: body, signatures: signature, now: 1_000))
        #expect(!WebhookSignature.verify(secret, id: "d1", timestamp: 1_000, body: body + [32], signatures: signature, now: 1_000))
        #expect(!WebhookSignature.verify(secret, id: "d2", timestamp: 1_000, body: body, signatures: signature, now: 1_000))
        #expect(!WebhookSignature.verify(other, id: "d1", timestamp: 1_000, body: body, signatures: signature, now: 1_000))
        #expect(!WebhookSignature.verify(secret, id: "d1", timestamp: 1_000, body: body, signatures: signature, now: 1_301))
        let headers = WebhookSignature.headers(secret, id: "d1", timestamp: 1_000, body: body)
        #expect(headers.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers.map(\.value) == ["d1", "1000", signature])
    }

    @Test("secrets: whsec_ and 24 to 64 bytes of base64; a generated one parses back")
    func secrets() {
        let generated = WebhookSecret.generate()
        #expect(generated.key.count == 32 && WebhookSecret(generated.text) == generated)
        for bad in [
            "", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!", "whsec_" + Data(count: 16).base64EncodedString(),
            "whsec_" + Data(count: 65).base64EncodedString(),
        ] {
            #expect(WebhookSecret(bad) == nil, "\(bad)")
        }
    }

    @Test(
        "internal addresses are refused: loopback, private, link-local (cloud metadata), shared, unspecified, mapped and unique-local IPv6",
        arguments: [
            "127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "64:ff9b::a00:1", "not-an-address",
        ])
    func internalAddresses(_ address: String) {
        #expect(WebhookAddressPolicy.isInternal(address))
    }

    @Test("public addresses pass", arguments: ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
    func publicAddresses(_ address: String) {
        #expect(!WebhookAddressPolicy.isInternal(address))
    }

    @Test("addresses: http(s) only, no credentials, bounded length; names and literals that resolve inside are refused unless allowed")
    func urls() {
        let policy = WebhookAddressPolicy()
        func problem(_ text: String, _ policy: WebhookAddressPolicy = WebhookAddressPolicy()) -> WebhookAddressProblem? {
            if case .failure(let problem) = policy.check(text) { return problem }
            return nil
        }
        #expect(problem("ftp://example.com/hook") == .notHTTP(scheme: "ftp"))
        #expect(problem("file:///etc/passwd") != nil)
        #expect(problem("https://user:pw@example.com/hook") == .credentials)
        #expect(problem("not a url") == .malformed)
        #expect(problem("https://example.com/" + String(repeating: "a", count: 2_000)) == .tooLong(2_020))
        #expect(problem("http://127.0.0.1:8080/hook") == .internalAddress(host: "127.0.0.1", address: "127.0.0.1"))
        #expect(problem("http://[::1]/hook") == .internalAddress(host: "[::1]", address: "::1"))
        #expect(problem("http://169.254.169.254/latest/meta-data") != nil)
        if case .internalAddress(let host, _)? = problem("http://localhost:9/hook") {
            #expect(host == "localhost")
        } else {
            Issue.record("localhost was not refused")
        }
        #expect(problem("http://no-such-host.invalid/hook") == .unresolvable(host: "no-such-host.invalid"))
        #expect(problem("http://127.0.0.1:8080/hook", WebhookAddressPolicy(allowInternal: true)) == nil, "allowed on purpose")
        #expect(policy.parse("https://hooks.example.com/icp?x=1").map(\.host) == .success("hooks.example.com"))
        #expect(problem("https://93.184.216.34/hook") == nil, "a public literal passes without a lookup")
    }

    @Test("which stored events a subscription can receive")
    func eventTypes() {
        let workspace = WorkspaceID(), icp = ICPID(), day = CalendarDay("2026-04-15")!
        for (notice, type) in [
            (ReviewNoticeKind.dueSoon, "review.due_soon"), (.flaggedStale, "review.flagged_stale"), (.reminder, "review.reminder"),
        ] {
            let event = DomainEvent.reviewNoticed(
                ReviewNoticed(workspaceId: workspace, icpId: icp, subject: .review, notice: notice, dueOn: day, noticedOn: day))
            #expect(WebhookEventType(event)?.rawValue == type)
        }
        let published = DomainEvent.revisionPublished(
            RevisionPublished(icpId: icp, revision: 2, effectiveOn: day, publishedBy: "p-1", publishedAt: Timestamp(Date())))
        #expect(WebhookEventType(published) == .revisionPublished)
        #expect(WebhookEventType(.icpRetired(ICPRetired(icpId: icp, retiredBy: "p-1", reason: "x", retiredAt: Timestamp(Date())))) == nil)
    }
}
