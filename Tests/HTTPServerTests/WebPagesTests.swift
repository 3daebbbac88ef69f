import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ICPDomain
import ICPFile
import ICPLedger
import TestFixtures
import Testing

@testable import HTTPServer

/// The web pages over a live server: sign-in and its cookie, the redirect when signed out, the form
/// token, four eyes from the pages, another workspace's token, sign-out, and text escaped on the way out.
@Suite("The web pages", .timeLimit(.minutes(10)))
struct WebPagesTests {
    typealias T = APITests

    /// A browser's session: the cookie and the form token of the pages it was given.
    struct Session {
        var cookie: String
        var csrf: String = ""

        var headers: HTTPFields { [.cookie: "\(WebSession.cookieName)=\(cookie)"] }
    }

    static func signIn(_ client: some TestClientProtocol, _ token: String?, headers extra: HTTPFields = [:]) async throws -> Session {
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(
            uri: "/sign-in", method: .post, headers: headers, body: ByteBuffer(string: "token=\(token ?? "")&next=%2F"))
        #expect(response.status == .seeOther, "\(String(buffer: response.body))")
        let cookie = try #require(response.headers[.setCookie])
        let value = try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
        return Session(cookie: String(value))
    }

    /// GETs a page as the session, keeping the form token it carries.
    static func get(_ client: some TestClientProtocol, _ uri: String, _ session: inout Session) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: session.headers)
        if let token = formToken(String(buffer: response.body)) { session.csrf = token }
        return response
    }

    static func post(
        _ client: some TestClientProtocol, _ uri: String, _ session: Session, _ fields: [(String, String)], csrf: Bool = true
    )
        async throws -> TestResponse
    {
        var all = fields
        if csrf { all.append(("csrf", session.csrf)) }
        var headers = session.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = all.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func formToken(_ html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// An ICP drafted, approved and published through the ledger, ready for a page to propose revision 2.
    static func publishedICP(_ world: T.World, name: String = "Fintech platforms") async throws -> ICPID {
        let ledger = world.ledger
        let (editor, approver) = (try #require(world.principals["editor"]), try #require(world.principals["approver"]))
        let icp = ICPID()
        var definition = SampleICPs.fintechPlatforms
        definition.name = name
        try await ledger.draftICP(icp, in: world.workspace, owner: editor, definition: definition, rationale: "First cut", by: editor)
        try await ledger.approve(icp, in: world.workspace, revision: 1, by: approver)
        try await ledger.publish(icp, in: world.workspace, revision: 1, effectiveOn: today(world), by: editor)
        return icp
    }

    static func today(_ world: T.World) -> CalendarDay { CalendarDay(world.clock.now, in: .gmt) }

    @Test("signing in: a wrong token is a 401 page; a right one gives an HttpOnly, SameSite=Strict cookie, Secure behind TLS")
    func signIn() async throws {
        let world = try await T.World.make()
        try await world.app.test(.live) { client in
            let page = try await client.execute(uri: "/sign-in", method: .get)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'") && !policy.contains("script-src") && !policy.contains("unsafe"))

            let wrong = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=icpl_\(String(repeating: "A", count: 43))"))
            #expect(wrong.status == .unauthorized && wrong.headers[.setCookie] == nil)
            #expect(String(buffer: wrong.body).contains("unknown, revoked or expired"))

            let right = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(world.tokens["viewer"]!)&next=%2Fschedule"))
            #expect(right.status == .seeOther && right.headers[.location] == "/schedule")
            let cookie = try #require(right.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=") && !cookie.contains("Secure"))
            #expect(!cookie.contains(world.tokens["viewer"]!), "the session has a token of its own")

            let behindTLS = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .xForwardedProto: "https"],
                body: ByteBuffer(string: "token=\(world.tokens["viewer"]!)&next=https%3A%2F%2Fevil.example%2F"))
            #expect(behindTLS.headers[.setCookie]?.contains("Secure") == true)
            #expect(behindTLS.headers[.location] == "/", "only a path of this site is a place to go after signing in")

            // Failed sign-ins from one address: three answered at once, the fourth only after a wait.
            var took: [Duration] = []
            for _ in 0..<4 {
                let began = ContinuousClock.now
                let refused = try await client.execute(
                    uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "token=icpl_\(String(repeating: "B", count: 43))"))
                #expect(refused.status == .unauthorized)
                took.append(ContinuousClock.now - began)
            }
            #expect(took[3] >= .milliseconds(250), "\(took)")

            // The session is a token of the account, labelled, expiring within 12 hours.
            let account = try await world.ledger.account(for: world.principals["viewer"]!, in: world.workspace).id
            let session = try #require(try await world.ledger.tokens(of: account).first { $0.label == "web session" })
            #expect(try #require(session.expiresAt).timeIntervalSince(session.createdAt) <= Ledger.maxSessionLifetime)
        }
    }

    @Test("signed out, a page sends the browser to sign in and back; a dead cookie is cleared; sign-out ends the session everywhere")
    func signedOut() async throws {
        let world = try await T.World.make()
        try await world.app.test(.live) { client in
            let page = "/w/\(world.workspace)/findings?status=all"
            let anonymous = try await client.execute(uri: page, method: .get)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/sign-in?next=\(WebPageMiddleware.queryEscaped(page))")
            let forged = try await client.execute(uri: page, method: .get, headers: [.cookie: "\(WebSession.cookieName)=icpl_nonsense"])
            #expect(forged.status == .seeOther && forged.headers[.setCookie]?.contains("Max-Age=0") == true)

            var session = try await Self.signIn(client, world.tokens["editor"])
            let portfolio = try await Self.get(client, "/", &session)
            #expect(portfolio.status == .ok && !session.csrf.isEmpty)
            let out = try await Self.post(client, "/sign-out", session, [])
            #expect(out.status == .seeOther && out.headers[.location] == "/sign-in")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            // The browser may keep the cookie; the server no longer accepts it.
            let after = try await client.execute(uri: "/", method: .get, headers: session.headers)
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/sign-in") == true)
        }
    }

    @Test("a posted form without the session's form token is refused, and nothing is stored")
    func formToken() async throws {
        let world = try await T.World.make()
        try await world.app.test(.live) { client in
            var session = try await Self.signIn(client, world.tokens["editor"])
            _ = try await Self.get(client, "/w/\(world.workspace)/findings", &session)
            let fields = [("audit", "customer"), ("severity", "high"), ("summary", "Churn in the SMB tier."), ("recommendation", "Drop SMB.")]
            let missing = try await Self.post(client, "/w/\(world.workspace)/findings", session, fields, csrf: false)
            #expect(missing.status == .forbidden && String(buffer: missing.body).contains("not sent from a page of this session"))
            var forged = session
            forged.csrf = String(repeating: "0", count: 64)
            let wrong = try await Self.post(client, "/w/\(world.workspace)/findings", forged, fields)
            #expect(wrong.status == .forbidden)
            #expect(try await world.ledger.findings(in: world.workspace).isEmpty)

            // Even with the right form token, a form another site posts is refused.
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            headers[.origin] = "https://evil.example"
            let crossSite = try await client.execute(
                uri: "/w/\(world.workspace)/findings", method: .post, headers: headers,
                body: ByteBuffer(string: "audit=customer&severity=high&summary=x&recommendation=y&csrf=\(session.csrf)"))
            #expect(crossSite.status == .forbidden && String(buffer: crossSite.body).contains("another site"))
            let signInElsewhere = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                body: ByteBuffer(string: "token=\(world.tokens["editor"]!)"))
            #expect(signInElsewhere.status == .forbidden && signInElsewhere.headers[.setCookie] == nil)

            let recorded = try await Self.post(client, "/w/\(world.workspace)/findings", session, fields)
            #expect(recorded.status == .seeOther, "\(String(buffer: recorded.body))")
            #expect(try await world.ledger.findings(in: world.workspace).map(\.summary) == ["Churn in the SMB tier."])
        }
    }

    @Test("propose from the page (pasted and uploaded), the proposer's approve refused, a second person approves, publish; history and diff follow")
    func fourEyes() async throws {
        let world = try await T.World.make()
        let icp = try await Self.publishedICP(world)
        let href = "/w/\(world.workspace)/icps/\(icp)"
        try await world.app.test(.live) { client in
            var editor = try await Self.signIn(client, world.tokens["editor"])
            let form = try await Self.get(client, "\(href)/propose", &editor)
            #expect(String(buffer: form.body).contains("base-revision: 1"), "the editor starts from the exported operating file")

            let state = try #require(try await world.ledger.icpState(icp, in: world.workspace))
            var file = try #require(ICPFileDocument.exported(from: state, workspace: nil, owner: nil))
            file.definition.signals.fit[0].weight = 35

            // A broken file comes back in the form with its problem named.
            let broken = try await Self.post(
                client, "\(href)/propose", editor, [("yaml", "format: icpledger/v1\nname: [unclosed"), ("step", "preview")])
            #expect(broken.status == .unprocessableContent && String(buffer: broken.body).contains("cannot be used"))

            let preview = try await Self.post(client, "\(href)/propose", editor, [("yaml", file.yaml()), ("step", "preview")])
            #expect(preview.status == .ok && String(buffer: preview.body).contains("Revision distance"), "\(String(buffer: preview.body))")

            // Proposed as an upload (multipart), as a browser sends a file input.
            let boundary = "----icpledgerTest"
            var body = ""
            for (name, value) in [("csrf", editor.csrf), ("yaml", ""), ("rationale", "Fintech fit matters more."), ("step", "propose")] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"icp.yaml\"\r\nContent-Type: application/yaml\r\n\r\n"
            body += file.yaml() + "\r\n--\(boundary)--\r\n"
            var headers = editor.headers
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let proposed = try await client.execute(uri: "\(href)/propose", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(proposed.status == .seeOther, "\(String(buffer: proposed.body))")
            let location = try #require(proposed.headers[.location])
            #expect(location.hasPrefix("\(href)/revisions/2?done=proposed"))

            // The proposer sees no approve button, and the server refuses the approval anyway.
            let own = try await Self.get(client, location, &editor)
            let ownPage = String(buffer: own.body)
            #expect(own.status == .ok && ownPage.contains("The revision is proposed") && !ownPage.contains("/approve\""))
            let selfApproved = try await Self.post(client, "\(href)/revisions/2/approve", editor, [])
            #expect(selfApproved.status == .forbidden, "\(String(buffer: selfApproved.body))")
            #expect(try await world.ledger.revision(2, of: icp, in: world.workspace).approvers.isEmpty)

            var approver = try await Self.signIn(client, world.tokens["approver"])
            let review = try await Self.get(client, "\(href)/revisions/2", &approver)
            #expect(String(buffer: review.body).contains("/revisions/2/approve\""))
            let approved = try await Self.post(client, "\(href)/revisions/2/approve", approver, [("comment", "Agreed <after> the Q3 audit.")])
            #expect(approved.status == .seeOther, "\(String(buffer: approved.body))")
            let published = try await Self.post(client, "\(href)/revisions/2/publish", editor, [("effectiveOn", "")])
            #expect(published.status == .seeOther, "\(String(buffer: published.body))")
            #expect(try await world.ledger.currentICP(icp, in: world.workspace)?.revision == 2)

            let history = String(buffer: try await Self.get(client, "\(href)/history", &approver).body)
            #expect(history.contains("Revision published") && history.contains("Revision approved"))
            #expect(history.contains("Agreed &lt;after&gt; the Q3 audit."), "what people wrote is escaped")
            let diff = String(buffer: try await Self.get(client, "\(href)/diff?from=1&to=2", &approver).body)
            #expect(diff.contains("weight 30") && diff.contains("weight 35") && diff.contains("changed"))
        }
    }

    @Test("a token of another workspace sees nothing of this one; names are escaped; the board report page needs a key")
    func isolation() async throws {
        let world = try await T.World.make()
        _ = try await Self.publishedICP(world, name: #"Fintech <script>alert("x")</script> & co"#)
        let ledger = world.ledger
        let other = WorkspaceID()
        let otherAdmin = try await ledger.registerPrincipal("Olga Other", in: other)
        try await ledger.createWorkspace(other, name: "Other Co", by: otherAdmin)
        let account = try await ledger.account(for: otherAdmin, in: other)
        let token = try await ledger.createToken(for: account.id, workspace: other, maxRole: nil, expiresInDays: nil).secret
        try await world.app.test(.live) { client in
            var stranger = try await Self.signIn(client, token)
            let home = String(buffer: try await Self.get(client, "/", &stranger).body)
            #expect(home.contains("Other Co") && !home.contains("Fintech"))
            for page in ["/w/\(world.workspace)", "/w/\(world.workspace)/findings", "/w/\(world.workspace)/report", "/w/\(UUID())"] {
                let response = try await Self.get(client, page, &stranger)
                #expect(response.status == .notFound, "\(page)")
                #expect(!String(buffer: response.body).contains("Acme"))
            }

            var viewer = try await Self.signIn(client, world.tokens["viewer"])
            let workspace = String(buffer: try await Self.get(client, "/w/\(world.workspace)", &viewer).body)
            #expect(workspace.contains("Fintech &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"))
            #expect(!workspace.contains("<script"))
            let report = try await Self.get(client, "/w/\(world.workspace)/report", &viewer)
            #expect(report.status == .serviceUnavailable && String(buffer: report.body).contains("ICPLEDGER_SIGNING_KEY"))
        }
    }

    @Test("every page of a workspace answers 200 with a complete document, its links to this site only")
    func everyPage() async throws {
        let world = try await T.World.make()
        let icp = try await Self.publishedICP(world)
        try await world.ledger.recordFinding(
            in: world.workspace, audit: .winLoss, summary: "Lost deals lacked a finance champion.", severity: .medium,
            recommendation: "Add the committee role.", icp: icp, by: world.principals["editor"]!)
        let base = "/w/\(world.workspace)"
        let yesterday = CalendarDay(daysSinceEpoch: Self.today(world).daysSinceEpoch - 1)
        try await world.app.test(.live) { client in
            var session = try await Self.signIn(client, world.tokens["admin"])
            for page in [
                "/", "/schedule", base, "\(base)/findings", "\(base)/findings?status=all&audit=winLoss", "\(base)/icps/\(icp)",
                "\(base)/icps/\(icp)?on=\(yesterday)", "\(base)/icps/\(icp)/history", "\(base)/icps/\(icp)/diff", "\(base)/icps/\(icp)/propose",
                "\(base)/icps/\(icp)/revisions/1",
            ] {
                let response = try await Self.get(client, page, &session)
                let html = String(buffer: response.body)
                #expect(response.status == .ok, "\(page): \(html)")
                #expect(html.hasPrefix("<!doctype html>") && html.hasSuffix("</html>"), "\(page)")
                #expect(!html.contains("<script") && !html.contains("style=\""), "\(page)")
                #expect(response.headers[.cacheControl] == "private, no-store")
            }
            var compressedHeaders = session.headers
            compressedHeaders[.acceptEncoding] = "gzip, deflate"
            let compressed = try await client.execute(uri: "\(base)/icps/\(icp)/history", method: .get, headers: compressedHeaders)
            #expect(compressed.status == .ok && compressed.headers[.contentEncoding] == "gzip" && compressed.headers[.vary] == "Accept-Encoding")
            #expect(Array(compressed.body.readableBytesView.prefix(2)) == [0x1F, 0x8B])
            let past = String(buffer: try await Self.get(client, "\(base)/icps/\(icp)?on=\(yesterday)", &session).body)
            #expect(past.contains("No revision of this ICP was in force on \(yesterday)."))
            let bad = try await Self.get(client, "\(base)/icps/\(icp)?on=0000-13-45", &session)
            #expect(bad.status == .unprocessableContent)
        }
    }
}

/// The pieces of the pages that need no server: forms, the throttle, the form token, where to go next.
@Suite("The web pages' parts")
struct WebPartsTests {
    @Test("URL-encoded forms: plus and percent escapes, repeated fields; broken escapes and non-UTF-8 refused")
    func urlEncoded() throws {
        let form = try WebForm.urlEncoded(Array("a=1&b=two+words&c=%C3%A9%26&a=2&empty=&flag".utf8))
        #expect(form.all("a") == ["1", "2"] && form["b"] == "two words" && form["c"] == "é&" && form["empty"] == "" && form["flag"] == "")
        #expect(form.text("empty") == nil && form.text("b") == "two words")
        #expect(throws: Problem.self) { try WebForm.urlEncoded(Array("a=%E".utf8)) }
        #expect(throws: Problem.self) { try WebForm.urlEncoded(Array("a=%FF".utf8)) }
    }

    @Test("multipart forms: fields and a file, CRLF inside a value kept, a missing end or boundary refused")
    func multipart() throws {
        let body = Array(
            ("preamble\r\n--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nline one\r\nline two\r\n"
                + "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.yaml\"\r\nContent-Type: text/yaml\r\n\r\nname: x\r\n--xyz--\r\n")
                .utf8)
        let form = try WebForm.multipart(body, boundary: "xyz")
        #expect(form["a"] == "line one\r\nline two" && form["file"] == "name: x")
        #expect(WebForm.boundary(of: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(WebForm.boundary(of: "multipart/form-data; boundary=\(String(repeating: "x", count: 71))") == nil)
        #expect(throws: Problem.self) {
            try WebForm.multipart(Array("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end".utf8), boundary: "xyz")
        }
        #expect(throws: Problem.self) { try WebForm.multipart(Array("nothing here".utf8), boundary: "xyz") }
        #expect(throws: Problem.self) { try WebForm.multipart(Array("--xyz\r\nContent-Type: text/plain\r\n\r\nv\r\n--xyz--".utf8), boundary: "xyz") }
    }

    @Test("sign-ins from one address: three free, then doubling waits up to eight seconds, refused after twenty; a success clears it")
    func throttle() {
        let throttle = SignInThrottle()
        for _ in 0..<3 { #expect(throttle.begin("10.0.0.1") == .proceed(after: .zero)) }
        #expect(throttle.begin("10.0.0.1") == .proceed(after: .milliseconds(250)))
        #expect(throttle.begin("10.0.0.1") == .proceed(after: .milliseconds(500)))
        #expect(throttle.begin("10.0.0.2") == .proceed(after: .zero), "another address is not slowed")
        var last = Duration.zero
        for _ in 5..<20 {
            guard case .proceed(let wait) = throttle.begin("10.0.0.1") else {
                Issue.record("fewer than twenty attempts are slowed, not refused")
                return
            }
            last = wait
        }
        #expect(last == .seconds(8))
        guard case .refuse(let retry) = throttle.begin("10.0.0.1") else {
            Issue.record("the twenty-first attempt is refused")
            return
        }
        #expect(retry > .seconds(60))
        throttle.succeeded("10.0.0.1")
        #expect(throttle.begin("10.0.0.1") == .proceed(after: .zero))
    }

    @Test("the form token is the session's, compared whole; the place to go after signing in is a path of this site")
    func tokens() {
        let secret = "icpl_" + String(repeating: "b", count: 43)
        let token = WebSession.csrfToken(forSecret: secret)
        #expect(token.count == 64 && WebSession.csrfMatches(token, secret: secret))
        #expect(!WebSession.csrfMatches(token, secret: secret + "x") && !WebSession.csrfMatches(String(token.dropLast()), secret: secret))
        #expect(!WebSession.csrfMatches(nil, secret: secret) && !WebSession.csrfMatches("", secret: secret))
        for (given, expected) in [
            ("/w/1?x=2", "/w/1?x=2"), ("//evil.example", "/"), ("/\\evil.example", "/"), ("https://evil.example", "/"), ("", "/"),
            ("/a b", "/"), ("/\u{7}", "/"),
        ] {
            #expect(WebRoutes.safeNext(given) == expected, "\(given)")
        }
    }

    @Test("gzip: what zlib compresses, gunzip restores; Accept-Encoding read with its weights")
    func gzip() throws {
        let page = Array(String(repeating: "<tr><td>Mid-market SaaS</td><td class=\"num\">30</td></tr>\n", count: 2_000).utf8)
        let compressed = try #require(Gzip.compress(page))
        #expect(compressed.count < page.count / 10 && compressed.starts(with: [0x1F, 0x8B]))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icpledger-gzip-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("page.html.gz")
        try Data(compressed).write(to: file)
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-d", file.path]
        try gunzip.run()
        gunzip.waitUntilExit()
        #expect(gunzip.terminationStatus == 0)
        #expect(try Array(Data(contentsOf: folder.appendingPathComponent("page.html"))) == page)
        #expect(Gzip.compress([])?.isEmpty == false, "even nothing is a gzip stream")
        for (header, expected) in [
            ("gzip, deflate, br", true), ("br;q=1.0, gzip;q=0.8", true), ("gzip;q=0", false), ("gzip;q=0.000", false), ("*", true),
            ("identity", false), ("", false), ("x-gzip", true),
        ] {
            #expect(Gzip.accepted(by: header) == expected, "\(header)")
        }
        #expect(!Gzip.accepted(by: nil))
    }

    @Test("every template parses and renders; event names read as words")
    func templates() {
        for (name, _) in WebTemplates.all { #expect(WebTemplates.library.getTemplate(named: name) != nil, "\(name)") }
        #expect(WebText.eventName("RevisionProposed") == "Revision proposed")
        #expect(WebText.eventName("ICPDrafted") == "ICP drafted")
        #expect(WebText.eventName("AfterTheFactReviewCompleted") == "After the fact review completed")
        #expect(WebText.daysLeft(-3) == "3 days overdue" && WebText.daysLeft(0) == "today" && WebText.daysLeft(12) == "in 12 days")
    }
}
