import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import TestFixtures
import Testing

/// `…/pipeline/snapshots` and `…/revisions/{n}/impact`: a CRM export imported as a day's snapshot
/// with its scores frozen, read back, erased, and a proposal's impact on it.
@Suite("Pipeline snapshots through the HTTP API")
struct APIPipelineTests {
    /// Under fintech-platforms: Northwind fits (A), Volga is disqualified (RU), Smallco is A on
    /// industry and ACV but has 40 employees.
    static let export =
        "Account;industry;employees;acvUSD;region;owner;stage;amount\r\n"
        + "\"Northwind; Payments\";Fintech;120;30000;DE;Eve Editor;Proposal;30000\r\n"
        + "Volga;fintech;80;40000;RU;pat@example.com;Won;40000\r\n"
        + "Smallco;fintech;40;30000;US;Eve Editor;Lead;1500\r\n"

    @Test(
        "an editor imports a CSV export (201, then 200 for the same file), rows keep their frozen scores, a bad row is a 422 naming it, a viewer is refused, a proposal's impact is previewed, and an admin erases the rows"
    )
    func importReadEraseAndImpact() async throws {
        let world = try await APITests.World.make()
        try await world.app.test(.live) { client in
            let icp = try await APITests.draft(client, world)
            _ = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/approve", method: .post, headers: APITests.headers(world.tokens["approver"]))
            let publish = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/1/publish", method: .post, headers: APITests.headers(world.tokens["editor"]))
            #expect(publish.status == .ok, "\(String(buffer: publish.body))")

            let path = "\(world.base)/pipeline/snapshots"
            func csv(_ key: String) -> HTTPFields { APITests.headers(world.tokens[key], [.contentType: "text/csv"]) }
            let query = "?date=2099-01-01&labelColumn=Account&source=crm.csv"

            // Before any snapshot, there is nothing to preview an impact on.
            var proposed = SampleICPs.fintechPlatforms
            proposed.disqualifiers.append(Disqualifier(key: "employees", op: .atMost, value: .number(100), reason: "Too small to buy."))
            let proposal = try await APITests.propose(client, world, icp, proposed, rationale: "Small firms churn.")
            #expect(proposal.status == .created, "\(String(buffer: proposal.body))")
            let impactPath = "\(world.base)/icps/\(icp)/revisions/2/impact"
            let noSnapshot = try await client.execute(uri: impactPath, method: .get, headers: APITests.headers(world.tokens["viewer"]))
            try APITests.expectProblem(noSnapshot, .notFound, "no-snapshot")

            let viewer = try await client.execute(uri: path + query, method: .post, headers: csv("viewer"), body: ByteBuffer(string: Self.export))
            try APITests.expectProblem(viewer, .forbidden)

            let imported = try await client.execute(uri: path + query, method: .post, headers: csv("editor"), body: ByteBuffer(string: Self.export))
            #expect(imported.status == .created, "\(String(buffer: imported.body))")
            let result = try APITests.json(imported)
            #expect(result["alreadyImported"] as? Bool == false)
            let snapshot = try #require(result["snapshot"] as? [String: Any])
            let id = try #require(snapshot["id"] as? String)
            #expect(snapshot["rows"] as? Int == 3 && snapshot["sourceName"] as? String == "crm.csv" && snapshot["day"] as? String == "2099-01-01")
            #expect(((snapshot["targets"] as? [[String: Any]])?.first?["revision"] as? Int) == 1)
            #expect(imported.headers[.location] == "\(path)/\(id)")

            let again = try await client.execute(
                uri: path + "?date=2099-01-02", method: .post, headers: csv("editor"), body: ByteBuffer(string: Self.export))
            #expect(again.status == .ok, "\(String(buffer: again.body))")
            let repeated = try APITests.json(again)
            #expect(repeated["alreadyImported"] as? Bool == true && (repeated["snapshot"] as? [String: Any])?["id"] as? String == id)

            let list = try APITests.json(try await client.execute(uri: path, method: .get, headers: APITests.headers(world.tokens["viewer"])))
            #expect((list["snapshots"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let shown = try await client.execute(uri: "\(path)/\(id)", method: .get, headers: APITests.headers(world.tokens["viewer"]))
            #expect(shown.status == .ok)
            #expect(try APITests.json(shown)["id"] as? String == id)

            let rowsPath = "\(path)/\(id)/rows"
            let rowsAnswer = try await client.execute(uri: rowsPath, method: .get, headers: APITests.headers(world.tokens["viewer"]))
            #expect(rowsAnswer.status == .ok, "\(String(buffer: rowsAnswer.body))")
            let rows = try #require(try APITests.json(rowsAnswer)["rows"] as? [[String: Any]])
            #expect(rows.map { $0["row"] as? Int } == [2, 3, 4])
            #expect(rows.map { $0["label"] as? String } == ["Northwind; Payments", "Volga", "Smallco"])
            #expect(rows.map { $0["amount"] as? Double } == [30_000, 40_000, 1_500])
            let scores = rows.compactMap { ($0["scores"] as? [[String: Any]])?.first }
            #expect(scores.map { $0["revision"] as? Int } == [1, 1, 1])
            #expect(scores.map { $0["qualified"] as? Bool } == [true, false, true])
            #expect(scores.first?["score"] as? Double == 100)
            let page = try APITests.json(
                try await client.execute(uri: rowsPath + "?offset=1&limit=1", method: .get, headers: APITests.headers(world.tokens["viewer"])))
            #expect((page["rows"] as? [[String: Any]])?.map { $0["label"] as? String } == ["Volga"])

            // A bad amount: nothing imported, the row named.
            let broken = Self.export.replacingOccurrences(of: "Won;40000", with: "Won;12abc")
            let refused = try await client.execute(uri: path + query, method: .post, headers: csv("editor"), body: ByteBuffer(string: broken))
            try APITests.expectProblem(refused, .unprocessableContent, "invalid")
            let problem = try APITests.json(refused)
            #expect((problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["row 3.amount"], "\(problem)")
            #expect((problem["detail"] as? String)?.contains("nothing was imported") == true)
            #expect(problem["unreadableRows"] as? String == "1")
            let still = try APITests.json(try await client.execute(uri: path, method: .get, headers: APITests.headers(world.tokens["viewer"])))
            #expect((still["snapshots"] as? [Any])?.count == 1)

            // Queries that cannot be used.
            for (uri, status) in [
                (path, HTTPResponse.Status.unprocessableContent), (path + "?date=tomorrow", .unprocessableContent),
                (path + "?date=2099-01-01&skipBadRows=yes", .unprocessableContent), (path + "?date=2099-01-01&icp=nope", .unprocessableContent),
                (path + "?date=2099-01-01&icp=\(UUID().uuidString)", .notFound), (path + "?date=1999-01-01", .unprocessableContent),
            ] {
                let response = try await client.execute(uri: uri, method: .post, headers: csv("editor"), body: ByteBuffer(string: broken))
                #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
            }
            for uri in [rowsPath + "?limit=0", rowsPath + "?limit=1001", rowsPath + "?offset=-1", rowsPath + "?limit=many"] {
                let response = try await client.execute(uri: uri, method: .get, headers: APITests.headers(world.tokens["viewer"]))
                try APITests.expectProblem(response, .unprocessableContent)
            }
            for uri in ["\(path)/\(UUID().uuidString)", "\(path)/nope", "\(path)/\(UUID().uuidString)/rows"] {
                let response = try await client.execute(uri: uri, method: .get, headers: APITests.headers(world.tokens["viewer"]))
                try APITests.expectProblem(response, .notFound)
            }

            // The proposal disqualifies Smallco (40 employees); Volga was out already.
            let impact = try await client.execute(uri: impactPath, method: .get, headers: APITests.headers(world.tokens["viewer"]))
            #expect(impact.status == .ok, "\(String(buffer: impact.body))")
            let answer = try APITests.json(impact)
            #expect(answer["snapshot"] as? String == id)
            let preview = try #require(answer["preview"] as? [String: Any])
            #expect(preview["operatingRevision"] as? Int == 1 && preview["proposedRevision"] as? Int == 2)
            let moves = try #require(preview["moves"] as? [[String: Any]])
            #expect(moves.map { "\($0["from"] as? String ?? "")→\($0["to"] as? String ?? "")" } == ["A→disqualified"])
            #expect(((moves.first?["measure"] as? [String: Any])?["count"] as? Int) == 1)
            let noRevision = try await client.execute(
                uri: "\(world.base)/icps/\(icp)/revisions/9/impact", method: .get, headers: APITests.headers(world.tokens["viewer"]))
            try APITests.expectProblem(noRevision, .notFound, "not-found")

            // Erasing the rows: admins only; the snapshot and its aggregates stay.
            let byEditor = try await client.execute(uri: rowsPath, method: .delete, headers: APITests.headers(world.tokens["editor"]))
            try APITests.expectProblem(byEditor, .forbidden)
            let erased = try await client.execute(uri: rowsPath, method: .delete, headers: APITests.headers(world.tokens["admin"]))
            #expect(erased.status == .ok, "\(String(buffer: erased.body))")
            #expect(try APITests.json(erased)["erased"] as? Int == 3)
            let empty = try APITests.json(try await client.execute(uri: rowsPath, method: .get, headers: APITests.headers(world.tokens["viewer"])))
            #expect((empty["rows"] as? [Any])?.isEmpty == true)
            let after = try APITests.json(
                try await client.execute(uri: "\(path)/\(id)", method: .get, headers: APITests.headers(world.tokens["viewer"])))
            #expect(after["erased"] as? Bool == true && after["rows"] as? Int == 3)
            let unknown = try await client.execute(
                uri: "\(path)/\(UUID().uuidString)/rows", method: .delete, headers: APITests.headers(world.tokens["admin"]))
            try APITests.expectProblem(unknown, .notFound)

            // A JSON export, scored against the one ICP named, with its fit recorded as a finding.
            let json = #"[{"name": "Ledgerly", "industry": "fintech", "employees": 90, "acvUSD": 50000, "amount": 5000}]"#
            let fromJSON = try await client.execute(
                uri: path + "?date=2099-02-01&recordFinding=true&icp=\(icp)", method: .post, headers: APITests.headers(world.tokens["editor"]),
                body: ByteBuffer(string: json))
            #expect(fromJSON.status == .created, "\(String(buffer: fromJSON.body))")
            let second = try APITests.json(fromJSON)
            #expect((second["findings"] as? [Any])?.count == 1 && (second["snapshot"] as? [String: Any])?["rows"] as? Int == 1)

            // Exports larger than other bodies (1 MiB) are taken.
            var large = "Account;industry;employees;acvUSD;region;amount\r\n"
            // Few rows with long labels: over the limit in bytes without making the test score tens of
            // thousands of rows in a debug build (which slows every other test of the run).
            let padding = String(repeating: "x", count: 1_100)
            for n in 0..<1_000 { large += "Account \(n) \(padding);fintech;\(50 + n % 400);30000;DE;\(n)\r\n" }
            #expect(large.utf8.count > 1 << 20)
            let big = try await client.execute(
                uri: path + "?date=2099-03-01", method: .post, headers: csv("editor"), body: ByteBuffer(string: large))
            #expect(big.status == .created, "\(String(buffer: big.body).prefix(500))")
            #expect((try APITests.json(big)["snapshot"] as? [String: Any])?["rows"] as? Int == 1_000)
        }
    }
}
