import Foundation
public import HTTPServer
import Projections

extension LedgerServices {
    /// Whether this instance should get traffic: the database answers, the runner runs (and has not
    /// been retrying for more than 30 s), no whole-projection halt, and the read models are at most
    /// `maxLagSeconds` behind the newest event. Workspaces halted on an event are listed, each with
    /// the event's position, without making the instance unready: only they are affected.
    public func readiness(maxLagSeconds: Double) async -> ReadinessReport {
        let loop = runner.subscription.health.state
        let runnerState: String
        switch loop.state {
        case .running: runnerState = "running"
        case .stopped: runnerState = "stopped"
        case .retrying(let reason): runnerState = "retrying since \(ISO8601DateFormatter().string(from: loop.since)): \(reason)"
        }
        do {
            let status = try await runner.status()
            let halted = status.haltedTenants.map {
                ReadinessReport.HaltedWorkspace(
                    workspace: $0.tenant, stream: $0.stream, version: $0.streamVersion, type: $0.eventType,
                    position: $0.cursor.description, reason: $0.reason)
            }
            let retryingLong = if case .retrying = loop.state { Date().timeIntervalSince(loop.since) > 30 } else { false }
            let ready = loop.state != .stopped && !retryingLong && status.secondsBehind <= maxLagSeconds && status.haltReason == nil
            return ReadinessReport(
                ready: ready, database: "ok", runner: runnerState, eventsBehind: status.eventsBehind,
                secondsBehind: status.secondsBehind, haltedWorkspaces: halted)
        } catch {
            return ReadinessReport(
                ready: false, database: "unreachable: \(error)", runner: runnerState, eventsBehind: 0,
                secondsBehind: 0, haltedWorkspaces: [])
        }
    }
}
