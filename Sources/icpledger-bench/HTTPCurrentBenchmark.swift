import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication
import LedgerConfiguration
import ServiceLifecycle
import Subprocess

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `GET` of the operating ICP over HTTP, through the whole stack (token, workspace access, read
/// model, JSON), with 64 concurrent connections from wrk, beside the server's trivial route
/// (`GET /live`) in the same run. The load generator shares the machine with the server and the
/// database. Rounds alternate the two routes; each figure is the median.
///
/// Prints requests/s (baseline: the trivial route), p50 and p99 latency in milliseconds, and the
/// server process's resident memory idle and at its peak under load.
enum HTTPCurrentBenchmark {
    static let connections = 64
    static let seconds = 6
    static let rounds = 3

    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchFailure("http_current needs wrk (apt install wrk)")
        }
        let services = LedgerServices(database: context.database, role: .server)
        let port = try freePort()
        let app = buildApplication(services, server: .init(host: "127.0.0.1", port: port, maxLagSeconds: 60))
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: services.logger))
        async let running: Void = group.run()
        do {
            let lines = try await measure(services.ledger, port: port, wrk: wrk)
            await group.triggerGracefulShutdown()
            try await running
            return lines
        } catch {
            await group.triggerGracefulShutdown()
            try? await running
            throw error
        }
    }

    static func measure(_ ledger: Ledger, port: Int, wrk: String) async throws -> [BenchLine] {
        // A published ICP and a viewer's token.
        let ws = WorkspaceID()
        let admin = try await ledger.registerPrincipal("admin", in: ws)
        let approver = try await ledger.registerPrincipal("approver", in: ws)
        let viewer = try await ledger.registerPrincipal("viewer", in: ws)
        try await ledger.createWorkspace(ws, name: "bench-http-\(ws.description.prefix(8))", by: admin)
        try await ledger.grantRole(.approver, to: approver, in: ws, by: admin)
        try await ledger.grantRole(.viewer, to: viewer, in: ws, by: admin)
        let icp = ICPID()
        try await ledger.draftICP(icp, in: ws, owner: admin, definition: ScoreAccountsBenchmark.definition(), by: admin)
        try await ledger.approve(icp, in: ws, revision: 1, by: approver)
        try await ledger.publish(icp, in: ws, revision: 1, effectiveOn: CalendarDay(Date(), in: .gmt), by: admin)
        let token = try await ledger.createToken(
            for: try await ledger.account(for: viewer, in: ws).id, workspace: nil, maxRole: nil, expiresInDays: nil)

        let base = "http://127.0.0.1:\(port)"
        let current = "\(base)/v1/workspaces/\(ws)/icps/\(icp)/current"
        try await waitUntilServing("\(base)/live")
        guard try await status(current, token: token.secret) == 200 else { throw BenchFailure("GET current does not answer 200") }

        let idle = residentMiB()
        _ = try await load(wrk, "\(base)/live", token: nil, seconds: 2)
        _ = try await load(wrk, current, token: token.secret, seconds: 2)
        var trivial: [Double] = []
        var measured: [Result] = []
        var peak = idle
        for _ in 0..<rounds {
            trivial.append(try await load(wrk, "\(base)/live", token: nil, seconds: seconds).requestsPerSecond)
            let sampler = Task {
                var highest = 0.0
                while !Task.isCancelled {
                    highest = max(highest, residentMiB())
                    try? await Task.sleep(for: .milliseconds(200))
                }
                return highest
            }
            measured.append(try await load(wrk, current, token: token.secret, seconds: seconds))
            sampler.cancel()
            peak = max(peak, await sampler.value)
        }
        return [
            BenchLine(name: "http_current", value: median(measured.map(\.requestsPerSecond)), unit: "requests/s", baseline: median(trivial)),
            BenchLine(name: "http_current_p50", value: median(measured.map(\.p50)), unit: "ms"),
            BenchLine(name: "http_current_p99", value: median(measured.map(\.p99)), unit: "ms"),
            BenchLine(name: "http_memory_idle", value: idle, unit: "MiB"),
            BenchLine(name: "http_memory_load", value: peak, unit: "MiB"),
        ]
    }

    struct Result {
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var non2xx: Int
    }

    /// Runs wrk for `seconds` against `url` and reads its summary.
    static func load(_ wrk: String, _ url: String, token: String?, seconds: Int) async throws -> Result {
        var arguments = ["-t", "2", "-c", "\(connections)", "-d", "\(seconds)s", "--latency"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        arguments.append(url)
        let outcome = try await Subprocess.run(.path(.init(wrk)), arguments: .init(arguments), output: .string(limit: 1 << 20), error: .discarded)
        let text = outcome.standardOutput
        guard outcome.terminationStatus.isSuccess else { throw BenchFailure("wrk failed on \(url): \(text)") }
        let result = try parse(text)
        if result.non2xx > 0 { throw BenchFailure("\(result.non2xx) answers to \(url) were not 2xx:\n\(text)") }
        return result
    }

    /// Requests/s, the 50th and 99th latency percentiles (ms), and the count of non-2xx answers.
    static func parse(_ text: String) throws -> Result {
        var rps: Double?
        var p50: Double?
        var p99: Double?
        var non2xx = 0
        for raw in text.split(separator: "\n") {
            let fields = raw.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first == "Requests/sec:", fields.count > 1 { rps = Double(fields[1]) }
            if first == "50%", fields.count > 1 { p50 = milliseconds(String(fields[1])) }
            if first == "99%", fields.count > 1 { p99 = milliseconds(String(fields[1])) }
            if first == "Non-2xx", fields.count > 4 { non2xx = Int(fields[4]) ?? 0 }
        }
        guard let rps, let p50, let p99 else { throw BenchFailure("cannot read wrk's output:\n\(text)") }
        return Result(requestsPerSecond: rps, p50: p50, p99: p99, non2xx: non2xx)
    }

    /// `635.00us`, `2.50ms`, `1.20s` in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }

    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kib = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) } ?? 0
            return kib / 1024
        }
        return 0
    }

    static func status(_ url: String, token: String?) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    static func waitUntilServing(_ url: String) async throws {
        for _ in 0..<100 {
            if (try? await status(url, token: nil)) == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchFailure("the server did not start")
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchFailure("no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchFailure("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
