import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication
import SampleData
import ServiceLifecycle
import Subprocess

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `web_pages`: every web page of a workspace with five years of history and 20 ICPs
/// (``FiveYearWorkspace``, without snapshots), signed in, one connection at a time through wrk for a
/// few seconds each, asking for gzip as browsers do. Prints each page's 95th-percentile latency (from
/// wrk's own histogram, through a small Lua script), its HTML size and the bytes sent compressed.
enum WebPagesBenchmark {
    static let seconds = 4

    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchFailure("web_pages needs wrk (apt install wrk)")
        }
        let clock = ScriptedClock(Date())
        let services = LedgerServices(
            database: context.database, role: .server, now: { clock.now }, signer: try CheckpointSigner(name: "bench"))
        let ledger = services.ledger
        let history = try await FiveYearWorkspace.build(ledger, clock: clock, icps: 20, quarters: 20, snapshotRows: nil)
        clock.set(CalendarDay("2026-01-15")!.startOfDay(in: .gmt))
        // One proposal left open, for its page.
        guard var definition = try await ledger.currentICP(history.icps[0], in: history.workspace)?.definition else {
            throw BenchFailure("web_pages: the first ICP has no revision in force")
        }
        definition.signals.fit[0].weight += 1
        let proposed = try await ledger.proposeDefinition(
            history.icps[0], in: history.workspace, definition: definition, rationale: "One more point.", by: history.editor)
        guard let revision = proposed.revision else { throw BenchFailure("web_pages: the proposal was not stored") }
        let token = try await ledger.createToken(
            for: try await ledger.account(for: history.admin, in: history.workspace).id, workspace: nil, maxRole: nil, expiresInDays: nil)

        let port = try HTTPCurrentBenchmark.freePort()
        let app = buildApplication(services, server: .init(host: "127.0.0.1", port: port, maxLagSeconds: 60))
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: services.logger))
        async let running: Void = group.run()
        do {
            let base = "http://127.0.0.1:\(port)"
            try await HTTPCurrentBenchmark.waitUntilServing("\(base)/live")
            let cookie = try await signIn(base, token: token.secret)
            let ws = "/w/\(history.workspace)", icp = "\(ws)/icps/\(history.icps[0])"
            let pages = [
                ("portfolio", "/"), ("workspace", ws), ("icp", icp), ("icp_past", "\(icp)?on=2023-06-30"), ("history", "\(icp)/history"),
                ("diff", "\(icp)/diff?from=1&to=5"), ("propose", "\(icp)/propose"), ("proposal", "\(icp)/revisions/\(revision)"),
                ("findings", "\(ws)/findings?status=all"), ("schedule", "/schedule"), ("report", "\(ws)/report?quarter=FY2025-Q4"),
            ]
            let script = NSTemporaryDirectory() + "icpledger-bench-p95-\(getpid()).lua"
            try Data(Self.percentileScript.utf8).write(to: URL(fileURLWithPath: script))
            defer { try? FileManager.default.removeItem(atPath: script) }
            var lines: [BenchLine] = []
            for (name, path) in pages {
                let (status, size) = try await fetch(base + path, cookie: cookie, gzip: false)
                let (_, transferred) = try await fetch(base + path, cookie: cookie, gzip: true)
                guard status == 200 else { throw BenchFailure("web_pages: \(path) answered \(status)") }
                let outcome = try await Subprocess.run(
                    .path(.init(wrk)),
                    arguments: [
                        "-t", "1", "-c", "1", "-d", "\(seconds)s", "-s", script, "-H", "Cookie: \(cookie)", "-H", "Accept-Encoding: gzip",
                        base + path,
                    ],
                    output: .string(limit: 1 << 20), error: .discarded)
                let text = outcome.standardOutput
                guard outcome.terminationStatus.isSuccess,
                    let line = text.split(separator: "\n").first(where: { $0.hasPrefix("P95 ") }),
                    let microseconds = Double(line.dropFirst(4)), !text.contains("NON2XX")
                else { throw BenchFailure("web_pages: wrk failed on \(path):\n\(text)") }
                lines.append(BenchLine(name: "web_\(name)_p95", value: (microseconds / 100).rounded() / 10, unit: "ms"))
                lines.append(BenchLine(name: "web_\(name)_html", value: (Double(size) / 102.4).rounded() / 10, unit: "KiB"))
                lines.append(BenchLine(name: "web_\(name)_gzip", value: (Double(transferred) / 102.4).rounded() / 10, unit: "KiB"))
            }
            await group.triggerGracefulShutdown()
            try await running
            return lines
        } catch {
            await group.triggerGracefulShutdown()
            try? await running
            throw error
        }
    }

    /// Signs in with the token; the session cookie (`name=value`).
    static func signIn(_ base: String, token: String) async throws -> String {
        var request = URLRequest(url: URL(string: "\(base)/sign-in")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("token=\(token)&next=%2F".utf8)
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        let (_, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse, let cookie = http.value(forHTTPHeaderField: "Set-Cookie"),
            let pair = cookie.split(separator: ";").first
        else { throw BenchFailure("web_pages: signing in gave no cookie") }
        return String(pair)
    }

    /// wrk's 95th latency percentile (µs) and whether any answer was not 2xx.
    static let percentileScript = """
        local failed = 0
        response = function(status, headers, body) if status >= 300 then failed = failed + 1 end end
        done = function(summary, latency, requests)
          io.write(string.format("P95 %d\\n", latency:percentile(95)))
          if failed > 0 or summary.errors.status > 0 then io.write("NON2XX\\n") end
        end
        """

    /// The status and the bytes sent: with `gzip`, the Content-Length of the compressed answer.
    static func fetch(_ url: String, cookie: String, gzip: Bool) async throws -> (Int, Int) {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        if gzip { request.setValue("gzip", forHTTPHeaderField: "Accept-Encoding") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let sent = gzip ? http?.value(forHTTPHeaderField: "Content-Length").flatMap { Int($0) } ?? data.count : data.count
        return (http?.statusCode ?? 0, sent)
    }

    final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
            completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}
