import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import ICPFile
import ICPLedger
import TestFixtures
import Testing

/// The governance routes over HTTP: people, findings, reviews, the bypass and its review,
/// retirement, point-in-time reads, the activity feed, and the ICP file.
@Suite("The HTTP API's governance routes", .timeLimit(.minutes(10)))
struct APIGovernanceTests {
    typealias T = APITests

    /// POSTs JSON (a string) as `token` and returns the response.
    static func post(_ client: some TestClientProtocol, _ uri: String, _ token: String?, _ json: String = "") async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: T.headers(token), body: json.isEmpty ? nil : ByteBuffer(string: json))
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, _ token: String?) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: T.headers(token))
    }

    struct OwnedDraft: Encodable {
        var definition: ICPDefinition
        var owner: String
        var evidence: [EvidenceRef]
    }

    @Test("the people of a workspace by name and role; a draft owned by someone else, with evidence; an unknown owner refused")
    func peopleOwnersEvidence() async throws {
        let world = try await T.World.make()
        try await world.app.test(.live) { client in
            let people = try await Self.get(client, "\(world.base)/principals", world.tokens["viewer"])
            #expect(people.status == .ok, "\(String(buffer: people.body))")
            let entries = try #require(try T.json(people)["principals"] as? [[String: Any]])
            let approver = try #require(world.principals["approver"])
            let entry = try #require(entries.first { $0["principal"] as? String == approver.description })
            #expect(entry["role"] as? String == "approver" && (entry["name"] as? String)?.isEmpty == false)
            #expect(entries.allSatisfy { $0["email"] == nil }, "no e-mail addresses in the listing")

            let finding = try await Self.post(
                client, "\(world.base)/findings", world.tokens["editor"],
                #"{"audit": "customer", "summary": "Best accounts run a PLG motion.", "severity": "medium", "recommendation": "Weight PLG."}"#)
            let findingText = try #require(try T.json(finding)["finding"] as? String)
            let findingID = try #require(FindingID(findingText))
            let evidence: [EvidenceRef] = [.finding(findingID), .document(URL(string: "https://example.com/win-loss-q3")!)]
            let drafted = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: T.headers(world.tokens["editor"]),
                body: try T.body(OwnedDraft(definition: SampleICPs.fintechPlatforms, owner: approver.description, evidence: evidence)))
            #expect(drafted.status == .created, "\(String(buffer: drafted.body))")
            let icp = try #require(try T.json(drafted)["icp"] as? String)
            let summary = try await Self.get(client, "\(world.base)/icps/\(icp)", world.tokens["viewer"])
            #expect(try T.json(summary)["owner"] as? String == approver.description)
            let revision = try await Self.get(client, "\(world.base)/icps/\(icp)/revisions/1", world.tokens["viewer"])
            #expect((try T.json(revision)["evidence"] as? [Any])?.count == 2, "\(String(buffer: revision.body))")

            // What was recorded before anything was published is the draft's definition.
            let recorded = try await Self.get(client, "\(world.base)/icps/\(icp)/recorded?at=2999-01-01T00:00:00Z", world.tokens["viewer"])
            let answer = try T.json(recorded)
            #expect(
                answer["definition"] == nil && (answer["draftDefinition"] as? [String: Any])?["name"] as? String == SampleICPs.fintechPlatforms.name)

            let stranger = try await client.execute(
                uri: "\(world.base)/icps", method: .post, headers: T.headers(world.tokens["editor"]),
                body: try T.body(OwnedDraft(definition: SampleICPs.fintechPlatforms, owner: UUID().uuidString.lowercased(), evidence: [])))
            try T.expectProblem(stranger, .unprocessableContent)
        }
    }

    @Test("a new workspace, its people, findings resolved by a revision, a review, a bypass reviewed after the fact, retirement")
    func lifecycle() async throws {
        let world = try await T.World.make()
        try await world.app.test(.live) { client in
            let admin = world.tokens["admin"], editor = world.tokens["editor"], approver = world.tokens["approver"]
            // A workspace of the admin's own; the account now works in two.
            let created = try await Self.post(client, "/v1/workspaces", admin, #"{"name": "Second Co", "timeZone": "Europe/Berlin"}"#)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let second = try #require(try T.json(created)["id"] as? String)
            let me = try await Self.get(client, "/v1/me", admin)
            #expect((try T.json(me)["workspaces"] as? [Any])?.count == 2)
            let taken = try await Self.post(client, "/v1/workspaces", admin, #"{"name": "second co"}"#)
            try T.expectProblem(taken, .conflict)
            let limited = try await Self.post(client, "/v1/workspaces", editor, #"{"name": "x", "fiscalYearStartMonth": 13}"#)
            try T.expectProblem(limited, .unprocessableContent)

            // People: register with a role, change it, take it away; editors cannot.
            let registered = try await Self.post(client, "/v1/workspaces/\(second)/principals", admin, #"{"name": "Rita RevOps", "role": "editor"}"#)
            #expect(registered.status == .created, "\(String(buffer: registered.body))")
            let rita = try #require(try T.json(registered)["principal"] as? String)
            let promoted = try await client.execute(
                uri: "/v1/workspaces/\(second)/members/\(rita)", method: .put, headers: T.headers(admin),
                body: ByteBuffer(string: #"{"role": "approver"}"#))
            #expect(promoted.status == .ok)
            let revoked = try await client.execute(uri: "/v1/workspaces/\(second)/members/\(rita)", method: .delete, headers: T.headers(admin))
            #expect(revoked.status == .noContent)
            let byEditor = try await Self.post(client, "\(world.base)/principals", editor, #"{"name": "Mallory", "role": "admin"}"#)
            try T.expectProblem(byEditor, .forbidden)

            // A finding, an ICP revised because of it, the finding resolved by that revision.
            let icp = try await T.draft(client, world)
            let finding = try await Self.post(
                client, "\(world.base)/findings", editor,
                #"{"audit": "winLoss", "summary": "Losses cluster in unregulated firms.", "severity": "high", "recommendation": "Add a regulation signal.", "icp": "\#(icp)", "metrics": {"lossesFromPoorFit": 62}}"#
            )
            #expect(finding.status == .created, "\(String(buffer: finding.body))")
            let findingID = try #require(try T.json(finding)["finding"] as? String)
            let open = try await Self.get(client, "\(world.base)/findings?open=true&severity=medium&audit=winLoss", world.tokens["viewer"])
            #expect((try T.json(open)["findings"] as? [Any])?.count == 1)
            let none = try await Self.get(client, "\(world.base)/findings?audit=customer", world.tokens["viewer"])
            #expect((try T.json(none)["findings"] as? [Any])?.isEmpty == true)
            let badFilter = try await Self.get(client, "\(world.base)/findings?severity=extreme&open=maybe", world.tokens["viewer"])
            try T.expectProblem(badFilter, .unprocessableContent)
            #expect((try T.json(badFilter)["errors"] as? [Any])?.count == 2)
            _ = try await Self.post(client, "\(world.base)/icps/\(icp)/revisions/1/approve", approver)
            _ = try await Self.post(client, "\(world.base)/icps/\(icp)/revisions/1/publish", editor)
            let resolved = try await Self.post(client, "\(world.base)/findings/\(findingID)/resolve", editor, #"{"icp": "\#(icp)", "revision": 1}"#)
            #expect(resolved.status == .ok, "\(String(buffer: resolved.body))")
            let both = try await Self.post(client, "\(world.base)/findings/\(findingID)/resolve", editor, #"{"decision": "x", "revision": 1}"#)
            try T.expectProblem(both, .unprocessableContent)

            // The quarterly review, then a bypass: published at once by an admin, reviewed after the fact by an approver.
            let review = try await Self.post(
                client, "\(world.base)/icps/\(icp)/reviews", approver, #"{"outcome": "reaffirmed", "notes": "Still right."}"#)
            #expect(review.status == .created, "\(String(buffer: review.body))")
            var changed = SampleICPs.fintechPlatforms
            changed.statement += " Urgent: a new regulation."
            try await T.propose(client, world, icp, changed, rationale: "Regulation changed overnight.")
            let byEditorBypass = try await Self.post(
                client, "\(world.base)/icps/\(icp)/revisions/2/emergency-publish", editor, #"{"justification": "Now."}"#)
            try T.expectProblem(byEditorBypass, .forbidden)
            let bypass = try await Self.post(
                client, "\(world.base)/icps/\(icp)/revisions/2/emergency-publish", admin, #"{"justification": "The regulator's deadline is today."}"#)
            #expect(bypass.status == .ok, "\(String(buffer: bypass.body))")
            let ownReview = try await Self.post(
                client, "\(world.base)/icps/\(icp)/revisions/2/after-the-fact-review", admin, #"{"comment": "Fine."}"#)
            try T.expectProblem(ownReview, .forbidden)
            let afterTheFact = try await Self.post(
                client, "\(world.base)/icps/\(icp)/revisions/2/after-the-fact-review", approver, #"{"comment": "Justified."}"#)
            #expect(afterTheFact.status == .ok, "\(String(buffer: afterTheFact.body))")

            // Retired by an approver; an editor may not; afterwards nothing more is accepted.
            let byEditorRetire = try await Self.post(client, "\(world.base)/icps/\(icp)/retire", editor, #"{"reason": "Replaced."}"#)
            try T.expectProblem(byEditorRetire, .forbidden)
            let retired = try await Self.post(client, "\(world.base)/icps/\(icp)/retire", approver, #"{"reason": "Replaced by the 2027 ICP."}"#)
            #expect(retired.status == .ok, "\(String(buffer: retired.body))")
            let afterRetire = try await Self.post(client, "\(world.base)/icps/\(icp)/reviews", approver, #"{"outcome": "reaffirmed", "notes": "x"}"#)
            try T.expectProblem(afterRetire, .conflict)
        }
    }

    @Test("point-in-time reads, the activity feed in pages and filtered, the file planned and exported")
    func historyAndFiles() async throws {
        let world = try await T.World.make()
        try await world.app.test(.live) { client in
            let viewer = world.tokens["viewer"], editor = world.tokens["editor"]
            let beforeAnything = Date().addingTimeInterval(-60).formatted(Date.ISO8601FormatStyle())
            let icp = try await T.draft(client, world)
            _ = try await Self.post(client, "\(world.base)/icps/\(icp)/revisions/1/approve", world.tokens["approver"])
            _ = try await Self.post(client, "\(world.base)/icps/\(icp)/revisions/1/approve", world.tokens["approver2"])
            let today = CalendarDay(Date(), in: .gmt)
            _ = try await Self.post(client, "\(world.base)/icps/\(icp)/revisions/1/publish", editor, #"{"effectiveOn": "\#(today)"}"#)

            let operating = try await Self.get(client, "\(world.base)/icps/\(icp)/operating?on=\(today)", viewer)
            #expect(try T.json(operating)["revision"] as? Int == 1)
            let tooEarly = try await Self.get(client, "\(world.base)/icps/\(icp)/operating?on=2000-01-01", viewer)
            try T.expectProblem(tooEarly, .notFound)
            let badDay = try await Self.get(client, "\(world.base)/icps/\(icp)/operating?on=0000-13-45", viewer)
            try T.expectProblem(badDay, .unprocessableContent)
            let recorded = try await Self.get(
                client, "\(world.base)/icps/\(icp)/recorded?at=\(Date().addingTimeInterval(60).formatted(Date.ISO8601FormatStyle()))", viewer)
            #expect(try T.json(recorded)["eventCount"] as? Int == 4)
            let notYet = try await Self.get(client, "\(world.base)/icps/\(icp)/recorded?at=\(beforeAnything)", viewer)
            try T.expectProblem(notYet, .notFound)

            // Four events: two pages of two, then a filter by type.
            let first = try await Self.get(client, "\(world.base)/icps/\(icp)/activity?limit=2", viewer)
            let page1 = try T.json(first)
            let events1 = try #require(page1["events"] as? [[String: Any]])
            #expect(events1.map { $0["version"] as? Int } == [4, 3])
            #expect(events1[0]["type"] as? String == "RevisionPublished" && events1[0]["actor"] as? String == world.principals["editor"]?.rawValue)
            #expect(events1[0]["payload"] is [String: Any])
            let next = try #require(page1["next"] as? Int)
            let second = try T.json(try await Self.get(client, "\(world.base)/icps/\(icp)/activity?limit=2&before=\(next)", viewer))
            #expect((second["events"] as? [[String: Any]])?.map { $0["version"] as? Int } == [2, 1])
            #expect(second["next"] == nil)
            let approvals = try T.json(try await Self.get(client, "\(world.base)/icps/\(icp)/activity?type=RevisionApproved", viewer))
            #expect((approvals["events"] as? [Any])?.count == 2)
            let bad = try await Self.get(client, "\(world.base)/icps/\(icp)/activity?limit=100000&type=Nope&since=yesterday", viewer)
            try T.expectProblem(bad, .unprocessableContent)
            #expect((try T.json(bad)["errors"] as? [Any])?.count == 3)

            // Export, edit, plan: the plan lists the change and stores nothing.
            let exported = try await Self.get(client, "\(world.base)/icps/\(icp)/export", viewer)
            #expect(exported.status == .ok && exported.headers[.contentType]?.hasPrefix("application/yaml") == true)
            let yaml = String(buffer: exported.body)
            #expect(yaml.contains("base-revision: 1"))
            let edited = yaml.replacingOccurrences(of: "base-revision: 1", with: "base-revision: 1\n# edited")
                .replacingOccurrences(of: SampleICPs.fintechPlatforms.statement, with: SampleICPs.fintechPlatforms.statement + " Regulated only.")
            let plan = try await client.execute(
                uri: "\(world.base)/plan", method: .post, headers: T.headers(editor, [.contentType: "application/yaml"]),
                body: ByteBuffer(string: edited))
            #expect(plan.status == .ok, "\(String(buffer: plan.body))")
            let summary = try #require(try T.json(plan)["summary"] as? [String: Any])
            #expect(summary["isNew"] as? Bool == false)
            #expect((try T.json(plan)["text"] as? String)?.contains("statement") == true)
            let version = try await world.ledger.icpVersion(try #require(ICPID(icp)), in: world.workspace)
            #expect(version == 4, "planning stored nothing")
            let json = try await Self.post(client, "\(world.base)/plan", editor, "{}")
            try T.expectProblem(json, .unsupportedMediaType)
        }
    }

    @Test("GET /v1/schedule lists the ICPs of the caller's workspaces by urgency, with owner names; without a token it is a 401")
    func schedule() async throws {
        let world = try await APITests.World.make()
        try await world.app.test(.live) { client in
            let icp = try await APITests.draft(client, world)
            let response = try await client.execute(uri: "/v1/schedule", method: .get, headers: APITests.headers(world.tokens["viewer"]))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let entries = try #require(try APITests.json(response)["entries"] as? [[String: Any]])
            #expect(entries.map { $0["icp"] as? String } == [icp])
            #expect(entries.first?["status"] as? String == "notPublished" && entries.first?["ownerName"] as? String == "Eve Editor")
            let unauthenticated = try await client.execute(uri: "/v1/schedule", method: .get, headers: APITests.headers(nil))
            #expect(unauthenticated.status == .unauthorized)
        }
    }

    @Test(
        "a calendar feed: made once with its secret, served without a header at /calendar/<secret>.ics, listed without the secret, gone once revoked")
    func calendarFeed() async throws {
        let world = try await APITests.World.make()
        try await world.app.test(.live) { client in
            let icp = try await APITests.draft(client, world)
            let approve = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: APITests.headers(world.tokens["approver"]))
            #expect(approve.status == .ok)
            let publish = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: APITests.headers(world.tokens["editor"]))
            #expect(publish.status == .ok, "\(String(buffer: publish.body))")

            let viewer = APITests.headers(world.tokens["viewer"])
            let made = try await client.execute(uri: "/v1/calendar-feeds", method: .post, headers: viewer, body: ByteBuffer(string: "{}"))
            #expect(made.status == .created, "\(String(buffer: made.body))")
            let created = try APITests.json(made)
            let secret = try #require(created["secret"] as? String)
            let path = try #require(created["path"] as? String)
            #expect(secret.hasPrefix("icpc_") && path == "/calendar/\(secret).ics")

            let feed = try await client.execute(uri: path, method: .get)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = String(buffer: feed.body)
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.contains("SUMMARY:ICP review due: \(SampleICPs.fintechPlatforms.name)"))
            #expect(text.contains("UID:review-\(icp)-"), "\(text)")

            let listed = try await client.execute(uri: "/v1/calendar-feeds", method: .get, headers: viewer)
            let feeds = try #require(try APITests.json(listed)["feeds"] as? [[String: Any]])
            #expect(feeds.count == 1 && !String(buffer: listed.body).contains(secret))
            let id = try #require(feeds.first?["id"] as? String)
            // Another person cannot revoke it; its owner can, and the address stops answering.
            let foreign = try await client.execute(
                uri: "/v1/calendar-feeds/\(id)", method: .delete, headers: APITests.headers(world.tokens["editor"]))
            #expect(foreign.status == .notFound)
            let revoked = try await client.execute(uri: "/v1/calendar-feeds/\(id)", method: .delete, headers: viewer)
            #expect(revoked.status == .noContent)
            #expect(try await client.execute(uri: path, method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/calendar/icpc_nothing.ics", method: .get).status == .notFound)
            #expect(
                try await client.execute(uri: "/calendar/\(world.tokens["viewer"]!)", method: .get).status == .notFound, "an API token is no feed")
        }
    }
}
