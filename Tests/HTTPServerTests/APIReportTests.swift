import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import ICPLedger
import Testing

/// `GET /v1/workspaces/{id}/reports/board` and `GET /v1/reports/board`: the board report over HTTP.
@Suite("The board report over HTTP", .timeLimit(.minutes(10)))
struct APIReportTests {
    @Test("any member gets the report in each format; a bad quarter or format is a 422; no key is a 503; strangers see nothing")
    func boardReport() async throws {
        let signer = try CheckpointSigner(name: "api")
        let world = try await APITests.World.make(signer: signer)
        // Someone who works only in another workspace of the same service.
        let elsewhere = WorkspaceID()
        let outsiderID = try await world.ledger.registerPrincipal("Olga Outsider", in: elsewhere)
        try await world.ledger.createWorkspace(elsewhere, name: "Elsewhere", by: outsiderID)
        let outsiderAccount = try await world.ledger.account(for: outsiderID, in: elsewhere)
        let outsiderToken = try await world.ledger.createToken(for: outsiderAccount.id, workspace: nil, maxRole: nil, expiresInDays: nil).secret
        try await world.app.test(.live) { client in
            _ = try await APITests.draft(client, world)
            let path = "\(world.base)/reports/board?quarter=current"
            let json = try await client.execute(uri: path, method: .get, headers: APITests.headers(world.tokens["viewer"]))
            #expect(json.status == .ok, "\(String(buffer: json.body))")
            #expect(json.headers[.contentType] == "application/json")
            let report = try APITests.json(json)
            let checkpoint = try #require(report["checkpoint"] as? [String: Any])
            let note = try #require(checkpoint["note"] as? String)
            #expect(try signer.verifier.open(note).size == checkpoint["size"] as? Int)
            #expect((report["icps"] as? [Any])?.count == 1)

            let html = try await client.execute(uri: path + "&format=html", method: .get, headers: APITests.headers(world.tokens["viewer"]))
            #expect(html.status == .ok && html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: html.body).hasPrefix("<!DOCTYPE html>"))
            let markdown = try await client.execute(uri: path + "&format=md", method: .get, headers: APITests.headers(world.tokens["editor"]))
            #expect(markdown.status == .ok && String(buffer: markdown.body).hasPrefix("# ICP board report"))

            let badFormat = try await client.execute(uri: path + "&format=pdf", method: .get, headers: APITests.headers(world.tokens["viewer"]))
            try APITests.expectProblem(badFormat, .unprocessableContent)
            let badQuarter = try await client.execute(
                uri: "\(world.base)/reports/board?quarter=FY2026-Q9", method: .get, headers: APITests.headers(world.tokens["viewer"]))
            try APITests.expectProblem(badQuarter, .unprocessableContent)
            let outsider = try await client.execute(uri: path, method: .get, headers: APITests.headers(outsiderToken))
            try APITests.expectProblem(outsider, .notFound)

            let all = try await client.execute(
                uri: "/v1/reports/board?quarter=current", method: .get, headers: APITests.headers(world.tokens["admin"]))
            #expect(all.status == .ok)
            let portfolio = try APITests.json(all)
            #expect(portfolio["format"] as? String == "icpledger.board-portfolio/1" && (portfolio["reports"] as? [Any])?.count == 1)
        }
        let unsigned = try await APITests.World.make()
        try await unsigned.app.test(.live) { client in
            let response = try await client.execute(
                uri: "\(unsigned.base)/reports/board", method: .get, headers: APITests.headers(unsigned.tokens["viewer"]))
            try APITests.expectProblem(response, .serviceUnavailable, "no-signing-key")
        }
    }
}
