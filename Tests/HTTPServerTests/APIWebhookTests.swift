import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import Testing

/// `…/webhooks`: admins manage subscriptions; every bad field is a 4xx naming it.
@Suite("The webhook resources of the HTTP API")
struct APIWebhookTests {
    @Test("an admin adds a webhook (the secret shown once), lists it with its counts, sees its deliveries, removes it; others are refused")
    func manage() async throws {
        let world = try await APITests.World.make()
        try await world.app.test(.live) { client in
            let admin = APITests.headers(world.tokens["admin"])
            let body = #"{"url": "https://93.184.215.14/hooks/icp", "eventTypes": ["revision.published", "review.reminder"], "format": "slack"}"#
            let made = try await client.execute(uri: "\(world.base)/webhooks", method: .post, headers: admin, body: ByteBuffer(string: body))
            #expect(made.status == .created, "\(String(buffer: made.body))")
            let created = try APITests.json(made)
            let secret = try #require(created["secret"] as? String)
            #expect(secret.hasPrefix("whsec_"))
            let id = try #require((created["webhook"] as? [String: Any])?["id"] as? String).lowercased()
            #expect(made.headers[.location] == "\(world.base)/webhooks/\(id)")

            // A publication writes its delivery with it: one pending (no dispatcher runs here).
            let icp = try await APITests.draft(client, world)
            _ = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: APITests.headers(world.tokens["approver"]))
            let publish = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: APITests.headers(world.tokens["editor"]))
            #expect(publish.status == .ok, "\(String(buffer: publish.body))")
            let listed = try await client.execute(uri: "\(world.base)/webhooks", method: .get, headers: admin)
            #expect(listed.status == .ok)
            #expect(!String(buffer: listed.body).contains(secret), "the secret is shown once")
            let hooks = try #require(try APITests.json(listed)["webhooks"] as? [[String: Any]])
            #expect(hooks.count == 1 && hooks.first?["format"] as? String == "slack")
            #expect((hooks.first?["deliveries"] as? [String: Int]) == ["pending": 1, "delivered": 0, "failed": 0])
            let deliveries = try await client.execute(uri: "\(world.base)/webhooks/\(id)/deliveries?state=pending", method: .get, headers: admin)
            let rows = try #require(try APITests.json(deliveries)["deliveries"] as? [[String: Any]])
            #expect(rows.count == 1 && rows.first?["eventType"] as? String == "revision.published" && rows.first?["state"] as? String == "pending")

            for person in ["editor", "approver", "viewer"] {
                let refused = try await client.execute(uri: "\(world.base)/webhooks", method: .get, headers: APITests.headers(world.tokens[person]))
                #expect(refused.status == .forbidden, "\(person): \(String(buffer: refused.body))")
            }
            let removed = try await client.execute(uri: "\(world.base)/webhooks/\(id)", method: .delete, headers: admin)
            #expect(removed.status == .noContent)
            #expect(try await client.execute(uri: "\(world.base)/webhooks/\(id)", method: .delete, headers: admin).status == .notFound)
            #expect(try await client.execute(uri: "\(world.base)/webhooks/\(id)/test", method: .post, headers: admin).status == .notFound)
            let remaining = try await client.execute(uri: "\(world.base)/webhooks", method: .get, headers: admin)
            #expect((try APITests.json(remaining)["webhooks"] as? [Any])?.isEmpty == true)
            let all = try await client.execute(uri: "\(world.base)/webhooks?removed=true", method: .get, headers: admin)
            #expect((try APITests.json(all)["webhooks"] as? [Any])?.count == 1)
        }
    }

    @Test("bad subscriptions are 4xx naming the field: scheme, internal address, type, secret, format, unknown fields, ids")
    func refusals() async throws {
        let world = try await APITests.World.make()
        try await world.app.test(.live) { client in
            let admin = APITests.headers(world.tokens["admin"])
            func post(_ body: String) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.execute(uri: "\(world.base)/webhooks", method: .post, headers: admin, body: ByteBuffer(string: body))
                return (response.status, String(buffer: response.body))
            }
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"url": "ftp://93.184.215.14/x", "eventTypes": ["revision.published"]}"#, .unprocessableContent, "\"url\""),
                (#"{"url": "http://127.0.0.1:8080/x", "eventTypes": ["revision.published"]}"#, .unprocessableContent, "internal address"),
                (#"{"url": "http://169.254.169.254/x", "eventTypes": ["revision.published"]}"#, .unprocessableContent, "internal address"),
                (#"{"url": "https://93.184.215.14/x", "eventTypes": ["review.bogus"]}"#, .unprocessableContent, "eventTypes[0]"),
                (#"{"url": "https://93.184.215.14/x", "eventTypes": []}"#, .unprocessableContent, "eventTypes"),
                (
                    #"{"url": "https://93.184.215.14/x", "eventTypes": ["review.reminder"], "secret": "whsec_c2hvcnQ="}"#, .unprocessableContent,
                    "secret"
                ),
                (#"{"url": "https://93.184.215.14/x", "eventTypes": ["review.reminder"], "format": "xml"}"#, .unprocessableContent, "format"),
                (#"{"url": "https://93.184.215.14/x", "eventTypes": ["review.reminder"], "hmm": 1}"#, .unprocessableContent, "hmm"),
                (#"{"url": 5}"#, .unprocessableContent, "\"url\""),
            ]
            for (body, status, mention) in cases {
                let (got, text) = try await post(body)
                #expect(got == status, "\(body): \(text)")
                #expect(text.contains(mention), "\(body): \(text)")
            }
            let bad = try await client.execute(uri: "\(world.base)/webhooks/not-an-id/deliveries", method: .get, headers: admin)
            #expect(bad.status == .notFound)
            let limit = try await client.execute(
                uri: "\(world.base)/webhooks/\(UUID().uuidString)/deliveries?limit=0", method: .get, headers: admin)
            #expect(limit.status == .unprocessableContent || limit.status == .badRequest, "\(String(buffer: limit.body))")
            let listed = try await client.execute(uri: "\(world.base)/webhooks", method: .get, headers: admin)
            #expect((try APITests.json(listed)["webhooks"] as? [Any])?.isEmpty == true, "nothing was stored")
        }
    }
}
