import Hummingbird
import Postgres

/// `GET /health`: the service is up and its database answers.
struct HealthController: Sendable {
    let pool: PostgresPool

    func register(on router: Router<LedgerRequestContext>) {
        router.get("health") { _, _ -> Response in
            do {
                try await pool.query("SELECT 1")
                return Self.json(.ok, #"{"status":"ok","database":"ok"}"#)
            } catch {
                return Self.json(.serviceUnavailable, #"{"status":"degraded","database":"unreachable"}"#)
            }
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
    }
}
