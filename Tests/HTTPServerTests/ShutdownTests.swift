import Foundation
import ICPDomain
import ICPLedger
import LedgerApplication
import Postgres
import PostgresTestSupport
import ServiceLifecycle
import TestFixtures
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A graceful shutdown (what SIGTERM starts) lets a request in flight finish and store its change
/// before the runner and the pools stop.
@Suite("Graceful shutdown drains requests", .timeLimit(.minutes(10)))
struct ShutdownTests {
    @Test("a change waiting on the database when shutdown begins is answered 201 and stored; then every service stops")
    func drainsInFlight() async throws {
        let world = try await APITests.World.make(on: .holdsTransactionsOpen)
        let port = try LoopbackPort.free()
        let services = world.services
        let app = buildApplication(services, server: .init(host: "127.0.0.1", port: port, maxLagSeconds: 60))
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: services.logger))
        async let running: Void = group.run()

        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: "\(base)/live")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Hold appends back: a superuser locks the events table until told to let go.
        let db = world.db
        let lock = try PostgresConnection(settings: db.superuser)
        try lock.query("BEGIN")
        try lock.query("LOCK TABLE events IN EXCLUSIVE MODE")

        var request = URLRequest(url: URL(string: "\(base)/v1/workspaces/\(world.workspace)/icps")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(world.tokens["editor"]!)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(APITests.Draft(definition: SampleICPs.fintechPlatforms))
        let sent = request
        let answer = Task { try await URLSession.shared.data(for: sent) }
        try await Task.sleep(for: .milliseconds(500))  // the request is now waiting on the lock

        await group.triggerGracefulShutdown()
        try await Task.sleep(for: .milliseconds(300))
        try lock.query("COMMIT")
        let (body, response) = try await answer.value
        #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: body, as: UTF8.self))")
        try await running
        let icps = try await db.withConnection(db.system) { connection in
            try connection.query("SELECT count(*)::int FROM events WHERE event_type = 'ICPDrafted'").single().column(0, as: Int.self)
        }
        #expect(icps == 1, "the drained request's change is stored")
        await #expect(throws: PostgresError.self) { try await services.appPool.query("SELECT 1") }
    }
}
