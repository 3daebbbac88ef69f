public import EventStore
import Foundation
public import ICPDomain
public import Postgres

/// Synthetic, replayable event streams for benchmarks and scale tests: per workspace a workspace
/// stream (4 events), four ICP streams (a draft, then propose/approve/publish/review cycles of
/// tier calibrations, up to ~250 events each) and findings (2 events each), appended with the
/// store's batch append, one stream per append.
public enum SyntheticFeed {
    /// Appends about `total` events over up to 1,000 workspaces; returns how many.
    public static func append(total: Int, app: PostgresConnectionSettings) async throws -> Int {
        let workspaces = max(1, min(1000, total / 200))
        let perWorkspace = total / workspaces
        let pool = PostgresPool(settings: app, maxConnections: 4)
        let store = EventStore(pool: pool)
        let counter = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for index in stride(from: lane, to: workspaces, by: 4) {
                        for (stream, events) in workspaceStreams(index: index, budget: perWorkspace) {
                            let encoded = try events.map { event -> NewEvent in
                                let e = try EventCodec.encode(event)
                                return NewEvent(
                                    type: e.type, schemaVersion: e.schemaVersion, payload: e.payload,
                                    metadata: EventMetadata(actor: "bench"), occurredAt: Date())
                            }
                            try await store.append(encoded, to: stream, expecting: .empty(for: stream))
                            counter.add(encoded.count)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        await pool.close()
        return counter.value
    }

    /// The streams of one synthetic workspace: its own, four findings, and ICPs filling the budget.
    public static func workspaceStreams(index: Int, budget: Int) -> [(StreamID, [DomainEvent])] {
        let ws = WorkspaceID()
        let admin = PrincipalID("admin-\(index)"), editor = PrincipalID("editor-\(index)"), approver = PrincipalID("approver-\(index)")
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        func at(_ step: Int) -> Timestamp { Timestamp(base.addingTimeInterval(Double(step) * 3600)) }
        func stream(_ name: StreamName) -> StreamID { StreamID(tenant: ws.uuid, name: name.description) }
        var result: [(StreamID, [DomainEvent])] = []
        result.append(
            (
                stream(.workspace(ws)),
                [
                    .workspaceCreated(
                        WorkspaceCreated(
                            workspaceId: ws, name: "bench-\(index)", timeZone: "UTC", fiscalYearStartMonth: 1, founder: admin, createdAt: at(0))),
                    .roleGranted(RoleGranted(workspaceId: ws, principal: editor, role: .editor, grantedBy: admin)),
                    .roleGranted(RoleGranted(workspaceId: ws, principal: approver, role: .approver, grantedBy: admin)),
                    .roleGranted(RoleGranted(workspaceId: ws, principal: PrincipalID("viewer-\(index)"), role: .viewer, grantedBy: admin)),
                ]
            ))
        var left = budget - 4
        var icps: [ICPID] = []
        for _ in 0..<4 {
            let icp = ICPID()
            icps.append(icp)
            let length = min(250, max(2, (left - 8) / max(1, 4 - icps.count + 1)))
            var events: [DomainEvent] = [
                .icpDrafted(
                    ICPDrafted(
                        icpId: icp, workspaceId: ws, owner: editor,
                        definition: DemoWorkspace.coreICP, draftedBy: editor, draftedAt: at(1)))
            ]
            events.append(.revisionApproved(RevisionApproved(icpId: icp, revision: 1, approver: approver, approvedAt: at(2))))
            events.append(
                .revisionPublished(
                    RevisionPublished(
                        icpId: icp, revision: 1, effectiveOn: CalendarDay("2023-11-15")!,
                        publishedBy: editor, publishedAt: at(3))))
            var revision = 1
            var thresholds = TierThresholds.standard
            while events.count + 4 <= length {
                revision += 1
                let step = events.count * 24
                let next = thresholds == .standard ? TierThresholds(a: 75, b: 55, c: 35) : .standard
                events.append(
                    .revisionProposed(
                        RevisionProposed(
                            icpId: icp, revision: revision, baseRevision: revision - 1,
                            changes: [.thresholds(before: thresholds, after: next)], rationale: "Quarterly tier calibration.",
                            evidence: [.document(URL(string: "https://docs.example/calibration/\(revision)")!)], proposer: editor,
                            proposedAt: at(step))))
                events.append(.revisionApproved(RevisionApproved(icpId: icp, revision: revision, approver: approver, approvedAt: at(step + 1))))
                events.append(
                    .revisionPublished(
                        RevisionPublished(
                            icpId: icp, revision: revision,
                            effectiveOn: CalendarDay(daysSinceEpoch: 19_700 + step / 24), publishedBy: editor, publishedAt: at(step + 2))))
                events.append(
                    .quarterlyReviewRecorded(
                        QuarterlyReviewRecorded(
                            icpId: icp, outcome: .reaffirmed, reviewer: approver,
                            notes: "Reaffirmed.", reviewedAt: at(step + 3))))
                thresholds = next
            }
            left -= events.count
            result.append((stream(.icp(icp)), events))
        }
        for (n, audit) in [AuditType.customer, .pipeline, .winLoss, .expansion].enumerated() where left >= 2 {
            let finding = FindingID()
            result.append(
                (
                    stream(.finding(finding)),
                    [
                        .findingRecorded(
                            FindingRecorded(
                                findingId: finding, workspaceId: ws, auditType: audit, summary: "Synthetic finding \(n).",
                                severity: .medium, metrics: ["share": 0.4], recommendation: "Review.", icpId: icps[n % icps.count],
                                recordedBy: editor, recordedAt: at(5))),
                        .findingResolved(
                            FindingResolved(findingId: finding, resolution: .decision("Noted."), resolvedBy: approver, resolvedAt: at(6))),
                    ]
                ))
            left -= 2
        }
        return result
    }
}

/// A count shared by the appending tasks.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}
