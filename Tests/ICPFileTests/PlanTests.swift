import Foundation
import ICPDomain
import ICPFile
import TestFixtures
import Testing

@Suite("Plan rendering")
struct PlanTests {
    let base = SampleICPs.fintechOps

    @Test("no change renders 'No changes' and exits 0")
    func noChange() {
        let plan = ICPPlan(operating: base, proposed: base, operatingRevision: 4)
        #expect(plan.summary.hasChanges == false)
        #expect(plan.summary.exitCode == 0)
        #expect(plan.summary.added == 0 && plan.summary.removed == 0 && plan.summary.changed == 0)
        #expect(plan.summary.distance == 0)
        let text = plan.rendered()
        #expect(text.hasPrefix("No changes: the file matches operating revision 4 of \"Series B fintech ops\".\n"))
        #expect(!text.contains("Plan:"))
    }

    @Test("an added rule renders as a + line with its weight")
    func added() {
        var proposed = base
        proposed.signals.fit.append(Signal(key: "stage", op: .in, value: .stringList(["series-b", "series-c"]), weight: 9, rationale: "Funded."))
        let plan = ICPPlan(operating: base, proposed: proposed)
        let text = plan.rendered()
        #expect(text.contains("\n  + fit stage in [series-b, series-c] weight 9\n      rationale: \"Funded.\"\n"))
        #expect(
            plan.summary
                == PlanSummary(
                    isNew: false, hasChanges: true, added: 1, removed: 0, changed: 0,
                    distance: plan.summary.distance, warnings: plan.summary.warnings))
        #expect(plan.summary.exitCode == 2)
        #expect(text.contains("Plan: 1 to add, 0 to change, 0 to remove.\n"))
    }

    @Test("a removed rule renders as a - line")
    func removed() {
        var proposed = base
        proposed.disqualifiers.removeFirst()
        let plan = ICPPlan(operating: base, proposed: proposed)
        #expect(
            plan.rendered().contains("\n  - disqualifier ownership equals public-sector\n      reason: \"Procurement cycles exceed 12 months.\"\n"))
        #expect(plan.summary.removed == 1)
    }

    @Test("a changed value renders before → after")
    func changedValue() {
        var proposed = base
        proposed.signals.economic[0].value = .number(40000)
        let text = ICPPlan.render(operating: base, proposed: proposed)
        #expect(text.contains("\n  ~ economic acvUSD at-least 30000 → 40000 weight 15\n"))
    }

    @Test("a changed weight and rationale render their before and after")
    func changedWeight() {
        var proposed = base
        proposed.signals.fit[0].weight = 25
        proposed.signals.fit[0].rationale = "Now 80% of ARR."
        let text = ICPPlan.render(operating: base, proposed: proposed)
        #expect(
            text.contains(
                """
                  ~ fit industry in [fintech, insurtech] weight 20 → 25
                      - rationale: "Both verticals make up 70% of closed-won ARR."
                      + rationale: "Now 80% of ARR."

                """))
    }

    @Test("statement, mode, cadence, tiers, missing-data and committee changes are all shown")
    func fieldChanges() {
        var proposed = base
        proposed.statement = "New statement."
        proposed.mode = .experimental
        proposed.cadence = ReviewCadence(months: 6)
        proposed.thresholds.a = 80
        proposed.missingDataPolicy = .neutral
        proposed.committee[1].pain = "Close takes two weeks."
        proposed.committee.append(CommitteeRole(kind: .blocker, pain: "Security review."))
        let plan = ICPPlan(operating: base, proposed: proposed, operatingRevision: 4)
        let text = plan.rendered()
        for line in [
            "Changes to \"Series B fintech ops\" against operating revision 4:",
            "  ~ statement:\n      - \"Series B–C fintech lenders",
            "      + \"New statement.\"",
            "  ~ mode: operating → experimental",
            "  ~ cadence: quarterly → half-yearly",
            "  ~ tiers: a 75 → 80, b 55, c 35",
            "  ~ missing-data: zero → neutral",
            "  ~ committee champion\n      - pain: \"Month-end close takes the ops team a full week.\"\n      + pain: \"Close takes two weeks.\"",
            "  + committee blocker\n      pain: \"Security review.\"",
        ] {
            #expect(text.contains(line), "missing: \(line)")
        }
        #expect(plan.summary.changed == 6)
        #expect(plan.summary.added == 1)
    }

    @Test("a new ICP lists everything as added and has no distance")
    func newICP() {
        let plan = ICPPlan(operating: nil, proposed: base)
        #expect(plan.summary.isNew)
        #expect(plan.summary.hasChanges)
        #expect(plan.summary.distance == nil)
        #expect(plan.summary.added == base.signals.count + base.disqualifiers.count + base.committee.count)
        let text = plan.rendered()
        #expect(text.hasPrefix("New ICP \"Series B fintech ops\": nothing is published yet; proposing the file creates it.\n"))
        #expect(
            text.contains(
                "Plan: create it with \(plan.summary.added) rules: \(base.signals.count) signals, \(base.disqualifiers.count) disqualifiers, \(base.committee.count) committee seats.\n"
            ), "the summary counts the rules it lists")
        #expect(text.contains("  + triggers hiringHeadOfOps exists weight 6\n"))
        #expect(text.contains("  + fit employees between {min: 150, max: 1200} weight 10\n"))
        #expect(!text.contains("Revision distance"))
    }

    @Test("the revision distance is shown with two decimals")
    func distance() {
        var proposed = base
        proposed.disqualifiers = []
        let plan = ICPPlan(operating: base, proposed: proposed)
        #expect(plan.summary.distance == 0.3)
        #expect(plan.rendered().contains("Revision distance: 0.30 (0 = same in effect, 1 = a different ICP)\n"))
    }

    @Test("linter warnings on the result are listed with code, message and hint")
    func warnings() {
        var proposed = base
        proposed.disqualifiers = []
        let plan = ICPPlan(operating: base, proposed: proposed)
        #expect(plan.summary.warnings.map(\.code).contains(.noDisqualifiers))
        #expect(
            plan.rendered().contains(
                "  ICP003 no-disqualifiers: Nothing excludes an account, so every company is a potential fit.\n    hint: \(LintCode.noDisqualifiers.fixHint)\n"
            ))
    }

    @Test("a clean ICP says so")
    func noWarnings() {
        #expect(ICPPlan(operating: base, proposed: base).summary.warnings.isEmpty)
        #expect(ICPPlan.render(operating: base, proposed: base).hasSuffix("Lint: no warnings.\n"))
    }

    @Test("a plan lints the revision the file would become: its evidence, its mode where nothing else operates")
    func planContext() throws {
        let actor = PrincipalID("alice"), approver = PrincipalID("bob")
        var state: ICPState? = nil
        let day = CalendarDay(year: 2026, month: 1, day: 5)!
        for (command, who, role) in [
            (
                ICPCommand.draft(id: ICPID(), workspaceId: WorkspaceID(), owner: actor, definition: SampleICPs.boardReporting()), actor,
                WorkspaceRole.editor
            ),
            (.approveRevision(1), approver, .approver), (.publishRevision(1, effectiveOn: day, backdated: true), actor, .editor),
        ] {
            let events = try ICPDecider.decide(state, command, DecisionContext(actor: who, role: role, now: Date()))
            state = events.reduce(state, ICPDecider.evolve)
        }
        var edited = SampleICPs.boardReporting()
        edited.signals.fit[0].weight += 5
        let bare = ICPPlan(proposed: edited, against: state)
        #expect(bare.summary.warnings.map(\.code).contains(.revisionWithoutEvidence), "revision 2 with no evidence")
        let cited = ICPPlan(proposed: edited, against: state, evidence: [.document(URL(string: "https://example.com/q3")!)])
        #expect(!cited.summary.warnings.map(\.code).contains(.revisionWithoutEvidence), "the file's own evidence counts")
        var experiment = edited
        experiment.mode = .experimental
        #expect(ICPPlan(proposed: experiment, against: nil, operatesAlone: true).summary.warnings.map(\.code).contains(.experimentalUsedAsOperating))
        #expect(
            !ICPPlan(proposed: experiment, against: nil, operatesAlone: false).summary.warnings.map(\.code).contains(.experimentalUsedAsOperating))
        #expect(
            ICPPlan(proposed: experiment, against: state).summary.warnings.map(\.code).contains(.experimentalUsedAsOperating),
            "it replaces an operating one")
        #expect(
            ICPPlan(proposed: edited, against: state, reviewStatus: .overdue(daysOverdue: 9)).summary.warnings.map(\.code).contains(.reviewOverdue))
    }

    @Test("a reorder counts as a change")
    func reorder() {
        var proposed = base
        proposed.signals.fit.reverse()
        let plan = ICPPlan(operating: base, proposed: proposed)
        #expect(plan.summary.changed == 1)
        #expect(plan.rendered().contains("  ~ fit order: usesSnowflake equals, region not-in, employees between, industry in\n"))
    }

    @Test("the summary encodes to JSON and back")
    func json() throws {
        var proposed = base
        proposed.disqualifiers = []
        let summary = ICPPlan(operating: base, proposed: proposed).summary
        let data = try JSONEncoder().encode(summary)
        #expect(try JSONDecoder().decode(PlanSummary.self, from: data) == summary)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["isNew", "hasChanges", "added", "removed", "changed", "distance", "warnings"])
    }

    @Test("planning a parsed file against the operating definition shows exactly the edit")
    func editedFile() throws {
        let yaml = Fixtures.fintechDocument.yaml().replacingOccurrences(of: "value: 30000", with: "value: 35000")
        let document = try ICPFileDocument(yaml: yaml)
        let plan = ICPPlan(operating: base, proposed: document.definition)
        #expect(plan.changes.count == 1)
        #expect(plan.rendered().contains("~ economic acvUSD at-least 30000 → 35000 weight 15"))
    }
}
