public import Foundation
import Hummingbird

/// What `GET /ready` reports: whether this instance should receive traffic, and why not.
///
/// A projection halted for one workspace is listed but does not make the instance unready: it
/// affects that workspace only, and taking the instance out of a load balancer would stop every other.
public struct ReadinessReport: Sendable, Encodable {
    /// A workspace whose read models are halted on an event they cannot apply.
    public struct HaltedWorkspace: Sendable, Encodable {
        public var workspace: UUID
        public var stream: String
        public var version: Int64
        public var type: String
        public var position: String
        public var reason: String

        public init(workspace: UUID, stream: String, version: Int64, type: String, position: String, reason: String) {
            self.workspace = workspace
            self.stream = stream
            self.version = version
            self.type = type
            self.position = position
            self.reason = reason
        }
    }

    public var ready: Bool
    /// `ok` or why not.
    public var database: String
    /// The read-model runner's state: `running`, `retrying: …` or `stopped`.
    public var runner: String
    public var eventsBehind: Int
    public var secondsBehind: Double
    public var haltedWorkspaces: [HaltedWorkspace]

    public init(
        ready: Bool, database: String, runner: String, eventsBehind: Int, secondsBehind: Double,
        haltedWorkspaces: [HaltedWorkspace]
    ) {
        self.ready = ready
        self.database = database
        self.runner = runner
        self.eventsBehind = eventsBehind
        self.secondsBehind = secondsBehind
        self.haltedWorkspaces = haltedWorkspaces
    }
}

/// `GET /ready`: 200 with the report when ready, 503 with it when not.
struct ReadinessController: Sendable {
    let check: @Sendable () async -> ReadinessReport

    func register(on router: Router<LedgerRequestContext>) {
        router.get("ready") { _, _ -> Response in
            let report = await check()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let body = (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"ready":false}"#
            return HealthController.json(report.ready ? .ok : .serviceUnavailable, body)
        }
    }
}
