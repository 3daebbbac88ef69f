import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import Testing

/// `POST …/icps/{icp}/score`: accounts scored against a revision; nothing stored.
@Suite("Scoring accounts through the HTTP API")
struct APIScoreTests {
    @Test("a viewer scores a CSV export and a JSON batch against the revision in force, a day's, or a named one; bad rows are 422 unless skipped")
    func score() async throws {
        let world = try await APITests.World.make()
        try await world.app.test(.live) { client in
            let icp = try await APITests.draft(client, world)
            let viewer = APITests.headers(world.tokens["viewer"])
            let path = "\(world.base)/icps/\(icp)/score"
            let unpublished = try await client.execute(uri: path, method: .post, headers: viewer, body: ByteBuffer(string: "{}"))
            #expect(unpublished.status == .notFound, "\(String(buffer: unpublished.body))")
            let proposal = try await client.execute(
                uri: path + "?revision=1", method: .post, headers: viewer, body: ByteBuffer(string: #"{"industry": "fintech"}"#))
            #expect(proposal.status == .ok, "a proposal can be scored by number: \(String(buffer: proposal.body))")

            _ = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: APITests.headers(world.tokens["approver"]))
            let publish = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: APITests.headers(world.tokens["editor"]))
            #expect(publish.status == .ok)

            var csv = viewer
            csv[.contentType] = "text/csv"
            let export = "Account,industry,employees,acvUSD,region\r\nNorthwind,Fintech,120,\"$30,000\",DE\r\nVolga,fintech,80,40000,RU\r\n"
            let scored = try await client.execute(uri: path, method: .post, headers: csv, body: ByteBuffer(string: export))
            #expect(scored.status == .ok, "\(String(buffer: scored.body))")
            let answer = try APITests.json(scored)
            #expect(answer["revision"] as? Int == 1)
            let scores = try #require(answer["scores"] as? [[String: Any]])
            #expect(scores.map { $0["label"] as? String } == ["Northwind", "Volga"])
            #expect(scores.map { $0["score"] as? Double } == [100, 100])
            #expect(scores.map { $0["qualified"] as? Bool } == [true, false])
            #expect(((scores[1]["disqualifiedBy"] as? [[String: Any]])?.first?["reason"] as? String) == "Sanctions.")

            let batch = #"[{"id": "a", "industry": "retail", "employees": 10}, {"id": "b"}]"#
            let json = try await client.execute(uri: path + "?on=2099-01-01", method: .post, headers: viewer, body: ByteBuffer(string: batch))
            let rows = try #require(try APITests.json(json)["scores"] as? [[String: Any]])
            #expect(rows.map { $0["score"] as? Double } == [0, 0] && rows.map { $0["coverage"] as? Double } == [0.667, 0])
            #expect(rows.map { $0["tier"] as? String } == ["D", "D"])

            let bad = #"[{"id": "x", "employees": "lots"}, {"id": "y", "employees": 100}]"#
            let refused = try await client.execute(uri: path, method: .post, headers: viewer, body: ByteBuffer(string: bad))
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("row 1.employees"), "\(String(buffer: refused.body))")
            let skipped = try await client.execute(uri: path + "?skipBadRows=true", method: .post, headers: viewer, body: ByteBuffer(string: bad))
            let kept = try APITests.json(skipped)
            #expect((kept["scores"] as? [Any])?.count == 1 && (kept["skipped"] as? [Any])?.count == 1)

            for (query, body) in [
                ("?revision=0", "{}"), ("?on=someday", "{}"), ("?revision=1&on=2026-01-01", "{}"), ("", "a,b\n1,2,3\n"), ("", "[1]"),
            ] {
                let response = try await client.execute(uri: path + query, method: .post, headers: viewer, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableContent, "\(query) \(body): \(String(buffer: response.body))")
            }
            let missing = try await client.execute(uri: path + "?revision=9", method: .post, headers: viewer, body: ByteBuffer(string: "{}"))
            #expect(missing.status == .notFound)
        }
    }

    @Test("the field mapping: set by an admin as a file or JSON (others are refused), read back with its history, and used by score")
    func mapping() async throws {
        let world = try await APITests.World.make()
        try await world.app.test(.live) { client in
            let icp = try await APITests.draft(client, world)
            _ = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: APITests.headers(world.tokens["approver"]))
            _ = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: APITests.headers(world.tokens["editor"]))
            let path = "\(world.base)/mapping"
            var yaml = APITests.headers(world.tokens["admin"])
            yaml[.contentType] = "application/yaml"
            let file = "columns:\n  Sector: {key: industry, values: {Payments: fintech}}\n  Headcount: {key: employees, as: range}\n"
            let set = try await client.execute(uri: path, method: .put, headers: yaml, body: ByteBuffer(string: file))
            #expect(set.status == .ok, "\(String(buffer: set.body))")
            #expect(try APITests.json(set)["changed"] as? Bool == true)
            var editor = APITests.headers(world.tokens["editor"])
            editor[.contentType] = "application/yaml"
            #expect(try await client.execute(uri: path, method: .put, headers: editor, body: ByteBuffer(string: file)).status == .forbidden)
            let typo = try await client.execute(
                uri: path, method: .put, headers: yaml, body: ByteBuffer(string: "columns:\n  A: {key: a, as: rnage}\n"))
            #expect(typo.status == .unprocessableContent && String(buffer: typo.body).contains("range"))
            let json =
                #"{"mapping": {"columns": [{"column": "Sector", "key": "industry", "values": {"Payments": "fintech"}}, {"column": "Headcount", "key": "employees", "reading": "range"}]}}"#
            let same = try await client.execute(
                uri: path, method: .put, headers: APITests.headers(world.tokens["admin"]), body: ByteBuffer(string: json))
            #expect(try APITests.json(same)["changed"] as? Bool == false, "the same mapping as JSON records nothing")

            let shown = try APITests.json(try await client.execute(uri: path, method: .get, headers: APITests.headers(world.tokens["viewer"])))
            #expect((shown["history"] as? [Any])?.count == 1 && (shown["file"] as? String)?.contains("Headcount") == true)

            let scored = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/score", method: .post, headers: APITests.headers(world.tokens["viewer"]),
                body: ByteBuffer(string: #"{"Sector": "payments", "Headcount": "51-200", "acvUSD": 30000}"#))
            let score = try #require((try APITests.json(scored)["scores"] as? [[String: Any]])?.first)
            #expect(score["score"] as? Double == 100, "payments → fintech, 51-200 → 125.5 (in 50–500): \(score)")
        }
    }
}
