public import Foundation
public import ICPDomain
public import ICPLedger

/// A realistic sample workspace, loaded through the application layer (never raw SQL): a
/// revenue-analytics SaaS company with an operating ICP revised five times over two years,
/// an experimental ICP with an emergency change and an overdue review, a retired ICP,
/// findings from all five audits and one proposal awaiting approval.
///
/// Loading is idempotent: when a workspace with the name exists, nothing is loaded.
public enum DemoWorkspace {
    /// What ``load(into:name:today:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// The demo was loaded as a new workspace, in this many events.
        case loaded(WorkspaceID, events: Int)
        /// A workspace with the name exists already; nothing was loaded.
        case alreadyPresent(WorkspaceID)
    }

    /// Loads the demo under `name`; `today` anchors the two-year history (occurred times).
    public static func load(into ledger: Ledger, name: String = "demo", today: Date = Date()) async throws -> Outcome {
        if let existing = try? await ledger.workspace(named: name) { return .alreadyPresent(existing.id) }
        let clock = ScriptedClock(today)
        let l = ledger.with(clock: { clock.now })
        let zone = TimeZone(identifier: "America/New_York")!
        var events = 0
        func at(_ daysAgo: Int, hour: Int = 10) { clock.set(today.addingTimeInterval(Double(-daysAgo * 86_400 + (hour - 12) * 3600))) }
        func day(_ daysAgo: Int) -> CalendarDay { CalendarDay(today.addingTimeInterval(Double(-daysAgo * 86_400)), in: zone) }
        func count<S>(_ outcome: Ledger.Outcome<S>) { events += outcome.events.count }

        let ws = WorkspaceID()
        let maria = try await l.registerPrincipal("maria.chen", email: "maria.chen@northwind-analytics.example", in: ws)
        let dev = try await l.registerPrincipal("dev.patel", email: "dev.patel@northwind-analytics.example", in: ws)
        let lena = try await l.registerPrincipal("lena.ortiz", email: "lena.ortiz@northwind-analytics.example", in: ws)
        let sam = try await l.registerPrincipal("sam.okafor", email: "sam.okafor@northwind-analytics.example", in: ws)
        let jon = try await l.registerPrincipal("jon.baker", email: "jon.baker@northwind-analytics.example", in: ws)

        at(725)
        count(try await l.createWorkspace(ws, name: name, timeZone: zone.identifier, fiscalYearStartMonth: 2, by: maria))
        count(try await l.grantRole(.approver, to: dev, in: ws, by: maria))
        count(try await l.grantRole(.editor, to: lena, in: ws, by: maria))
        count(try await l.grantRole(.approver, to: sam, in: ws, by: maria))
        count(try await l.grantRole(.editor, to: jon, in: ws, by: maria))

        // The retired SMB-agency ICP.
        let agencies = ICPID()
        at(715)
        count(try await l.draftICP(agencies, in: ws, owner: jon, definition: agencyICP, by: jon))
        at(713)
        count(try await l.approve(agencies, in: ws, revision: 1, by: dev))
        at(712)
        count(try await l.publish(agencies, in: ws, revision: 1, effectiveOn: day(710), by: jon))
        at(620)
        count(try await l.recordReview(agencies, in: ws, outcome: .reaffirmed, notes: "Volume is fine; margins thin but holding.", by: maria))

        // The operating mid-market ICP, revision 1.
        let core = ICPID()
        var definition = coreICP
        at(705)
        count(try await l.draftICP(core, in: ws, owner: lena, definition: definition, by: lena))
        at(703)
        count(try await l.approve(core, in: ws, revision: 1, by: dev))
        at(702)
        count(try await l.publish(core, in: ws, revision: 1, effectiveOn: day(700), by: lena))

        at(640)
        let customer = FindingID()
        count(
            try await l.recordFinding(
                customer, in: ws, audit: .customer,
                summary: "The top NRR quartile is almost entirely Series B–D SaaS companies with a RevOps team of two or more.",
                severity: .high, metrics: ["netRevenueRetention": 131, "custom.shareWithRevOpsTeamPct": 86],
                recommendation: "Make a staffed RevOps function a fit signal.",
                icp: core, by: lena))
        at(600)
        count(
            try await l.recordReview(
                core, in: ws, outcome: .revisionNeeded, notes: "Customer audit says the RevOps team matters more than headcount.", by: maria))
        at(575)
        let pipeline = FindingID()
        count(
            try await l.recordFinding(
                pipeline, in: ws, audit: .pipeline,
                summary: "41% of open pipeline is in companies under 80 employees, where the win rate is 9% against 27% elsewhere.",
                severity: .critical, metrics: ["custom.shareOfPipelineUnder80Pct": 41, "custom.winRateUnder80Pct": 9, "custom.winRateOtherPct": 27],
                recommendation: "Disqualify companies under 80 employees.", icp: core, by: lena))
        at(565)
        definition.signals.fit.append(
            Signal(
                key: "revopsTeamSize", op: .atLeast, value: .number(2), weight: 15,
                rationale: "Customers with a staffed RevOps team renew and expand."))
        definition.disqualifiers.append(
            Disqualifier(
                key: "employees", op: .atMost, value: .number(80),
                reason: "Too small to staff RevOps; these deals stall or churn within a year."))
        count(
            try await l.proposeDefinition(
                core, in: ws, definition: definition,
                rationale: "Weight the RevOps team and stop chasing sub-80-employee companies.",
                evidence: [.finding(customer), .finding(pipeline)], by: lena))
        at(560)
        count(try await l.approve(core, in: ws, revision: 2, comment: "The win-loss interviews back the higher ACV floor.", by: dev))
        at(559)
        count(try await l.publish(core, in: ws, revision: 2, effectiveOn: day(545), by: lena))
        at(558)
        count(try await l.resolveFinding(pipeline, in: ws, resolution: .revision(icpId: core, number: 2), by: lena))
        count(try await l.resolveFinding(customer, in: ws, resolution: .revision(icpId: core, number: 2), by: lena))

        // The agency ICP is retired after its pipeline audit.
        at(500)
        let agencyChurn = FindingID()
        count(
            try await l.recordFinding(
                agencyChurn, in: ws, audit: .pipeline,
                summary: "Agencies churn at three times the base rate and their deals are half the median ACV.",
                severity: .high, metrics: ["custom.churnMultiple": 3.0, "custom.acvRatio": 0.5], recommendation: "Stop routing agencies to sales.",
                icp: agencies, by: jon))
        at(490)
        count(try await l.retire(agencies, in: ws, reason: "Agencies churn at 3x the base rate; stop routing them to sales.", by: maria))
        count(try await l.resolveFinding(agencyChurn, in: ws, resolution: .decision("ICP retired; agencies go to the self-serve plan."), by: maria))

        // Message audit → revision 3 (committee and statement).
        at(470)
        count(try await l.recordReview(core, in: ws, outcome: .reaffirmed, notes: "Revision 2 is working; pipeline quality is up.", by: dev))
        at(430)
        let message = FindingID()
        count(
            try await l.recordFinding(
                message, in: ws, audit: .message,
                summary: "'Forecast accuracy' lands with CROs but RevOps leads respond to 'no more Friday reconciliation'.",
                severity: .medium, metrics: ["custom.replyRateCROPct": 7.1, "custom.replyRateRevOpsPct": 2.4],
                recommendation: "Name the champion's own pain.",
                icp: core, by: jon))
        at(425)
        definition.committee[1] = CommitteeRole(kind: .champion, pain: "Loses every Friday to reconciling CRM exports with finance's numbers.")
        definition.statement =
            "Series B–D B2B SaaS companies with a RevOps lead who loses days to manual pipeline reconciliation, whose CRO must defend the forecast to the board this quarter."
        count(
            try await l.proposeDefinition(
                core, in: ws, definition: definition, rationale: "Say the champion's pain in their words.",
                evidence: [.finding(message)], by: jon))
        at(423)
        count(try await l.approve(core, in: ws, revision: 3, by: sam))
        at(422)
        count(try await l.publish(core, in: ws, revision: 3, effectiveOn: day(420), by: lena))
        count(try await l.resolveFinding(message, in: ws, resolution: .revision(icpId: core, number: 3), by: jon))

        // The experimental enterprise financial-services ICP.
        let finserv = ICPID()
        at(400)
        count(try await l.draftICP(finserv, in: ws, owner: jon, definition: finservICP, by: jon))
        at(396)
        count(try await l.approve(finserv, in: ws, revision: 1, by: sam))
        at(395)
        count(try await l.publish(finserv, in: ws, revision: 1, effectiveOn: day(393), by: jon))
        at(380)
        count(try await l.recordReview(core, in: ws, outcome: .reaffirmed, notes: "No new evidence; keep.", by: maria))

        // Win-loss audit → revision 4.
        at(310)
        let winLoss = FindingID()
        count(
            try await l.recordFinding(
                winLoss, in: ws, audit: .winLoss,
                summary: "Two thirds of losses went to in-house BI at companies with a data team of twelve or more.",
                severity: .high, metrics: ["dealsReviewed": 18, "custom.lossesToInHousePct": 66],
                recommendation: "Disqualify companies with large data teams.",
                icp: core, notesRef: "winloss-2025-q1", by: lena))
        at(300)
        definition.disqualifiers.append(
            Disqualifier(
                key: "dataTeamSize", op: .atLeast, value: .number(12),
                reason: "They build it in-house; we lose two deals in three."))
        definition.signals.fit[0].weight = 25
        count(
            try await l.proposeDefinition(
                core, in: ws, definition: definition,
                rationale: "Stop pursuing companies that will build it themselves.", evidence: [.finding(winLoss)], by: lena))
        at(298)
        count(try await l.approve(core, in: ws, revision: 4, by: dev))
        at(297)
        count(try await l.publish(core, in: ws, revision: 4, effectiveOn: day(290), by: lena))
        count(try await l.resolveFinding(winLoss, in: ws, resolution: .revision(icpId: core, number: 4), by: lena))

        // The experimental ICP: a rejected revision, then an emergency change reviewed after the fact.
        at(260)
        var finserv2 = finservICP
        finserv2.signals.fit.append(Signal(key: "region", op: .in, value: .stringList(["APAC"]), weight: 10))
        count(
            try await l.proposeDefinition(
                finserv, in: ws, definition: finserv2, rationale: "Add APAC banks from two inbound leads.",
                evidence: [.document(URL(string: "https://docs.example/northwind/apac-inbound")!)], by: jon))
        at(255)
        count(try await l.reject(finserv, in: ws, revision: 2, reason: "Two inbound leads are not a pattern; run the pilot first.", by: dev))
        at(240)
        var finserv3 = finservICP
        finserv3.disqualifiers.append(
            Disqualifier(
                key: "underConsentOrder", op: .equals, value: .bool(true),
                reason: "Regulators restrict new data processors for firms under consent orders."))
        let proposed = try await l.proposeDefinition(
            finserv, in: ws, definition: finserv3,
            rationale: "Legal flagged consent-order firms; sales must stop contacting them today.",
            evidence: [.document(URL(string: "https://docs.example/northwind/legal-memo-consent-orders")!)], by: jon)
        count(proposed)
        count(
            try await l.emergencyPublish(
                finserv, in: ws, revision: 3, effectiveOn: day(240),
                justification: "Legal instruction: no outreach to firms under consent orders.", by: maria))
        at(232)
        count(try await l.completeAfterTheFactReview(finserv, in: ws, revision: 3, comment: "Right call; wording checked with legal.", by: sam))
        at(200)
        count(try await l.recordReview(finserv, in: ws, outcome: .reaffirmed, notes: "Pilot continues with four design partners.", by: sam))
        at(190)
        count(try await l.recordReview(core, in: ws, outcome: .reaffirmed, notes: "Win rate in-ICP 31%; keep.", by: dev))

        // Expansion audit, resolved by a decision.
        at(150)
        let expansion = FindingID()
        count(
            try await l.recordFinding(
                expansion, in: ws, audit: .expansion,
                summary: "HubSpot-based customers expand 1.6x faster than Salesforce-based ones over 12 months.",
                severity: .low, metrics: ["accountsReviewed": 23, "custom.expansionMultiple": 1.6], recommendation: "Watch; the sample is small.",
                icp: core, by: lena))
        at(140)
        count(try await l.resolveFinding(expansion, in: ws, resolution: .decision("No change: 23 accounts is too few; revisit next half."), by: dev))

        // Revision 5: economics.
        at(120)
        definition.signals.economic[0] = Signal(
            key: "acvUSD", op: .atLeast, value: .number(30_000), weight: 20,
            rationale: "Below $30k ACV the sales cost eats the first-year margin.")
        definition.thresholds = TierThresholds(a: 75, b: 55, c: 35)
        count(
            try await l.proposeDefinition(
                core, in: ws, definition: definition,
                rationale: "Raise the ACV floor and loosen tiers after the pricing change.",
                evidence: [.document(URL(string: "https://docs.example/northwind/pricing-2025")!)], by: lena))
        at(117)
        count(try await l.approve(core, in: ws, revision: 5, by: sam))
        at(116)
        count(try await l.publish(core, in: ws, revision: 5, effectiveOn: day(110), by: lena))
        at(45)
        count(
            try await l.recordReview(core, in: ws, outcome: .reaffirmed, notes: "Q3 review: reaffirmed; watch the data-team disqualifier.", by: maria)
        )

        // An open pipeline finding and a proposal awaiting approval.
        at(20)
        let trigger = FindingID()
        count(
            try await l.recordFinding(
                trigger, in: ws, audit: .pipeline,
                summary: "Opportunities opened within 90 days of a new CRO hire close 2.1x more often.",
                severity: .medium, metrics: ["custom.closeRateMultiple": 2.1], recommendation: "Add a new-CRO trigger.", icp: core, by: lena))
        at(10)
        definition.signals.trigger.append(
            Signal(
                key: "newCROWithinDays", op: .atMost, value: .number(90), weight: 12,
                rationale: "A new CRO re-examines the forecast stack in the first quarter."))
        count(
            try await l.proposeDefinition(
                core, in: ws, definition: definition,
                rationale: "New CROs buy in their first quarter.", evidence: [.finding(trigger)], by: lena))
        return .loaded(ws, events: events)
    }
}
