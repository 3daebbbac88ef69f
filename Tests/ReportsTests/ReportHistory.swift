import Foundation
import ICPDomain
import Reports
import TestFixtures

/// A workspace's history written through the deciders (no database), on a scripted clock, with
/// fixed ids: the same events on every run, so reports made from them can be compared with golden files.
struct ReportHistory {
    var events: [DomainEvent] = []
    var workspace: WorkspaceState?
    var icps: [ICPID: ICPState] = [:]
    var findings: [FindingID: FindingState] = [:]
    var now = Date(timeIntervalSince1970: 0)
    let zone: TimeZone

    init(zone: TimeZone) { self.zone = zone }

    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    mutating func at(_ day: String, hour: Int = 10) {
        guard let d = CalendarDay(day) else { fatalError("bad day \(day)") }
        now = d.startOfDay(in: zone).addingTimeInterval(Double(hour) * 3600)
    }

    func context(_ actor: PrincipalID) -> DecisionContext {
        DecisionContext(actor: actor, role: workspace?.role(of: actor), now: now, timeZone: zone)
    }

    mutating func workspace(_ command: WorkspaceCommand, by actor: PrincipalID) throws {
        let (new, state) = try WorkspaceDecider.handle(workspace, command, context(actor))
        events += new
        workspace = state
    }

    mutating func icp(_ id: ICPID, _ command: ICPCommand, by actor: PrincipalID) throws {
        let (new, state) = try ICPDecider.handle(icps[id], command, context(actor))
        events += new
        icps[id] = state
    }

    mutating func finding(_ id: FindingID, _ command: FindingCommand, by actor: PrincipalID) throws {
        let (new, state) = try FindingDecider.handle(findings[id], command, context(actor))
        events += new
        findings[id] = state
    }

    // MARK: The story the golden files tell

    static let ada = PrincipalID("ada"), eve = PrincipalID("eve"), abe = PrincipalID("abe"), amy = PrincipalID("amy")
    static let workspaceID = WorkspaceID(id(1))
    static let fintech = ICPID(id(2)), health = ICPID(id(3))
    static let customerFinding = FindingID(id(4)), pipelineFinding = FindingID(id(5))
    static let snapshots = [SnapshotID(id(6)), SnapshotID(id(7)), SnapshotID(id(8))]
    static let hostile = "Small teams churn <script>alert('x')</script> | pipe *stars* [link](javascript:x)\nsecond line"

    /// Fiscal years start in April, Berlin time. FY2026-Q2 is July to September 2025.
    static func story() throws -> ReportHistory {
        var h = ReportHistory(zone: TimeZone(identifier: "Europe/Berlin")!)
        let ws = workspaceID
        h.at("2025-01-06")
        try h.workspace(.create(id: ws, name: "Northwind", timeZone: "Europe/Berlin", fiscalYearStartMonth: 4), by: ada)
        try h.workspace(.grantRole(eve, .editor), by: ada)
        try h.workspace(.grantRole(abe, .approver), by: ada)
        try h.workspace(.grantRole(amy, .approver), by: ada)

        // The operating ICP: published in January, reviewed on time in April.
        h.at("2025-01-10")
        try h.icp(
            fintech, .draft(id: fintech, workspaceId: ws, owner: eve, definition: SampleICPs.fintechPlatforms, rationale: "First cut."), by: eve)
        h.at("2025-01-12")
        try h.icp(fintech, .approveRevision(1), by: abe)
        h.at("2025-01-13")
        try h.icp(fintech, .publishRevision(1, effectiveOn: CalendarDay("2025-01-15")!), by: eve)

        // The experimental ICP: published in February, never reviewed.
        h.at("2025-02-01")
        try h.icp(health, .draft(id: health, workspaceId: ws, owner: eve, definition: SampleICPs.experimentHealth), by: eve)
        try h.icp(health, .approveRevision(1), by: amy)
        h.at("2025-02-03")
        try h.icp(health, .publishRevision(1, effectiveOn: CalendarDay("2025-02-03")!), by: eve)

        h.at("2025-03-20")
        try h.snapshot(0, day: "2025-03-20", fintech: (1, 100, 40, 1000, 500), health: (1, 100, 10, 1000, 80))
        h.at("2025-04-10")
        try h.icp(fintech, .recordQuarterlyReview(outcome: .reaffirmed, notes: "Still right."), by: ada)
        h.at("2025-06-25")
        try h.snapshot(1, day: "2025-06-25", fintech: (1, 120, 54, 1200, 700), health: (1, 120, 12, 1200, 90))

        // FY2026-Q2: an audit, a late revision that adds a disqualifier, an emergency change that removes one.
        h.at("2025-07-02")
        try h.finding(
            customerFinding,
            .record(
                id: customerFinding, workspaceId: ws, auditType: .customer, summary: "Best customers have a finance team of five or more.",
                severity: .high, metrics: ["netRevenueRetention": 124, "custom.financeTeamPct": 81.5], recommendation: "Disqualify tiny teams.",
                icpId: fintech, notesRef: nil), by: eve)
        h.at("2025-07-20")
        var second = SampleICPs.fintechPlatforms
        second.disqualifiers.append(Disqualifier(key: "employees", op: .atMost, value: .number(10), reason: "Too small to buy."))
        second.signals.fit[0].weight = 35
        try h.icp(
            fintech,
            .proposeDefinition(
                second, rationale: hostile, evidence: [.finding(customerFinding), .document(URL(string: "https://docs.example/churn?a=1&b=2")!)]),
            by: eve)
        h.at("2025-07-22")
        try h.icp(fintech, .approveRevision(2, comment: "Backed by the audit."), by: abe)
        h.at("2025-07-23")
        try h.icp(fintech, .approveRevision(2), by: amy)
        h.at("2025-07-24")
        try h.icp(fintech, .publishRevision(2, effectiveOn: CalendarDay("2025-07-25")!), by: eve)
        h.at("2025-07-25")
        try h.finding(customerFinding, .resolve(.revision(icpId: fintech, number: 2)), by: eve)
        h.at("2025-08-01")
        try h.icp(health, .flagStale(dueOn: CalendarDay("2025-05-03")!), by: ada)
        h.at("2025-08-05")
        try h.finding(
            pipelineFinding,
            .record(
                id: pipelineFinding, workspaceId: ws, auditType: .pipeline, summary: "A third of the pipeline is in Russia-based firms.",
                severity: .medium, metrics: ["custom.sharePct": 33], recommendation: "Check the region rule.", icpId: fintech, notesRef: nil),
            by: eve)
        h.at("2025-09-01")
        var third = second
        third.disqualifiers.removeAll { $0.key == "region" }
        try h.icp(fintech, .proposeDefinition(third, rationale: "The sanctions list changed.", evidence: [.finding(pipelineFinding)]), by: eve)
        try h.icp(fintech, .emergencyPublish(3, effectiveOn: CalendarDay("2025-09-01")!, justification: "Legal asked for it today."), by: ada)
        h.at("2025-09-05")
        try h.icp(fintech, .completeAfterTheFactReview(revision: 3, outcome: .upheld, comment: "Fine."), by: amy)
        h.at("2025-09-20")
        try h.snapshot(2, day: "2025-09-20", fintech: (3, 130, 70, 1500, 900), health: (1, 130, 13, 1500, 100))

        // After the quarter: amy is erased; the report still names what she did, as erased.
        h.at("2025-10-05")
        try h.workspace(.erase(amy), by: ada)
        h.at("2025-10-10")
        return h
    }

    typealias Fit = (revision: Int, total: Int, inFit: Int, totalValue: Double, inFitValue: Double)

    mutating func snapshot(_ index: Int, day: String, fintech f: Fit, health g: Fit) throws {
        func fit(_ icp: ICPID, _ x: Fit) -> PipelineFit {
            PipelineFit(
                icpId: icp, revision: x.revision, total: PipelineMeasure(count: x.total, value: x.totalValue),
                inFit: PipelineMeasure(count: x.inFit, value: x.inFitValue), byTier: [], disqualified: PipelineMeasure(), topDisqualifiers: [],
                owners: [], otherOwners: nil)
        }
        try workspace(
            .recordPipelineSnapshot(
                snapshotId: Self.snapshots[index], day: CalendarDay(day)!, contentHash: String(repeating: "ab", count: 32), rows: f.total,
                skippedRows: 0, fits: [fit(Self.fintech, f), fit(Self.health, g)]), by: Self.eve)
    }

    static let checkpoint = ReportCheckpoint(
        origin: "icpledger/00000000-0000-4000-8000-000000000001", size: 41,
        root: "4f2c0c1d3e5b6a798897a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5", keyId: "0a1b2c3d",
        note:
            "icpledger/00000000-0000-4000-8000-000000000001\n41\nTywMHT5bannImKa1xNPi8aC5yNfm9aSzwtHg+ai3xtU=\ntime 2025-10-10T08:00:00Z\n\n— icpledger CgsMDQ==\n"
    )
}
