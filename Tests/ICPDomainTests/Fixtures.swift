import Foundation
@testable import ICPDomain
import TestFixtures

enum Fixtures {
    static let alice: PrincipalID = "p-alice"
    static let bob: PrincipalID = "p-bob"
    static let carol: PrincipalID = "p-carol"
    static let dave: PrincipalID = "p-dave"
    static let workspaceId = WorkspaceID(UUID(uuidString: "11111111-2222-3333-4444-555555555555")!)
    static let icpId = ICPID(UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!)
    static let findingId = FindingID(UUID(uuidString: "01234567-89AB-CDEF-0123-456789ABCDEF")!)
    static let now = Date(timeIntervalSince1970: 1_717_243_200.123456) // 2024-06-01T12:00:00.123456Z

    static func context(_ actor: PrincipalID, _ role: WorkspaceRole?, at date: Date = now) -> DecisionContext {
        DecisionContext(actor: actor, role: role, now: date)
    }

    static let goodStatement = "Series B fintechs whose RevOps lead is drowning in manual board reporting without a single source of truth, and must fix it before the next funding round."

    static func definition(mode: ICPMode = .operating) -> ICPDefinition {
        ICPDefinition(
            name: "Series B fintech",
            statement: goodStatement,
            mode: mode,
            signals: SignalSet(
                fit: [
                    Signal(key: "industry", op: .in, value: .stringList(["fintech", "insurtech"]), weight: 30, rationale: "Best win rates"),
                    Signal(key: "employees", op: .between, value: .numberRange(NumberRange(100, 1000)), weight: 10),
                    Signal(key: "stack", op: .contains, value: .string("snowflake"), weight: 10),
                ],
                economic: [Signal(key: "acvUSD", op: .atLeast, value: .number(30_000), weight: 20)],
                retention: [Signal(key: "nrrPct", op: .atLeast, value: .number(110), weight: 20)],
                trigger: [Signal(key: "recentFunding", op: .exists, value: nil, weight: 10)]
            ),
            disqualifiers: [
                Disqualifier(key: "industry", op: .equals, value: .string("gaming"), reason: "Regulatory exposure"),
                Disqualifier(key: "employees", op: .atMost, value: .number(10), reason: "Too small"),
            ],
            committee: [
                CommitteeRole(kind: .economicBuyer, pain: "Board reporting takes a week"),
                CommitteeRole(kind: .champion, pain: "Owns the spreadsheets"),
            ]
        )
    }

    // MARK: Random definitions

    static let keys = ["industry", "employees", "region", "stack", "acvUSD", "nrrPct", "stage", "soc2"]

    static func randomValue(for op: SignalOperator, _ rng: inout SplitMix64) -> RuleValue? {
        switch op {
        case .equals:
            switch rng.int(3) {
            case 0: return .string(rng.pick(["a", "b", "c"]))
            case 1: return .number(Double(rng.int(100)))
            default: return .bool(rng.bool())
            }
        case .in, .notIn: return .stringList((0...rng.int(3)).map { _ in rng.pick(["a", "b", "c", "d"]) })
        case .between:
            let low = Double(rng.int(50))
            return .numberRange(NumberRange(low, low + Double(rng.int(50))))
        case .atLeast, .atMost: return .number(Double(rng.int(1000)))
        case .contains: return .string(rng.pick(["x", "y", "z"]))
        case .exists: return nil
        }
    }

    static func randomSignal(_ rng: inout SplitMix64) -> Signal {
        let op = rng.pick(SignalOperator.allCases)
        return Signal(key: rng.pick(keys), op: op, value: randomValue(for: op, &rng), weight: Double(1 + rng.int(100)),
                      rationale: rng.pick(["", "why", "because"]))
    }

    static func randomDisqualifier(_ rng: inout SplitMix64) -> Disqualifier {
        let op = rng.pick(SignalOperator.allCases)
        return Disqualifier(key: rng.pick(keys), op: op, value: randomValue(for: op, &rng), reason: rng.pick(["r1", "r2"]))
    }

    /// A random definition, possibly with duplicate keys/operators (the diff must cope).
    static func randomDefinition(_ rng: inout SplitMix64) -> ICPDefinition {
        var signals = SignalSet()
        for family in SignalFamily.allCases {
            signals[family] = (0..<rng.int(5)).map { _ in randomSignal(&rng) }
        }
        return ICPDefinition(
            name: rng.pick(["A", "B"]), statement: rng.pick(["s1", "s2", goodStatement]), mode: rng.pick(ICPMode.allCases),
            cadence: ReviewCadence(months: rng.pick([3, 6])), signals: signals,
            disqualifiers: (0..<rng.int(4)).map { _ in randomDisqualifier(&rng) },
            committee: (0..<rng.int(4)).map { _ in CommitteeRole(kind: rng.pick(CommitteeRoleKind.allCases), pain: rng.pick(["p", "q"])) },
            thresholds: rng.bool() ? .standard : TierThresholds(a: 90, b: 70, c: 50),
            missingDataPolicy: rng.pick(MissingDataPolicy.allCases))
    }

    /// A random edit of `base`: keeps, changes, removes, adds and shuffles.
    static func mutate(_ base: ICPDefinition, _ rng: inout SplitMix64) -> ICPDefinition {
        var d = base
        for family in SignalFamily.allCases {
            var list = d.signals[family].compactMap { s -> Signal? in
                switch rng.int(5) {
                case 0: return nil
                case 1: var t = s; t.weight = Double(1 + rng.int(100)); return t
                case 2: var t = s; t.value = randomValue(for: s.op, &rng); return t
                default: return s
                }
            }
            if rng.int(3) == 0 { list.append(randomSignal(&rng)) }
            if rng.int(4) == 0 { list.shuffle(using: &rng) }
            d.signals[family] = list
        }
        if rng.int(3) == 0 { d.disqualifiers.append(randomDisqualifier(&rng)) }
        if rng.int(3) == 0, !d.disqualifiers.isEmpty { d.disqualifiers.remove(at: rng.int(d.disqualifiers.count)) }
        if rng.int(4) == 0 { d.disqualifiers.shuffle(using: &rng) }
        if rng.int(3) == 0 { d.committee.append(CommitteeRole(kind: rng.pick(CommitteeRoleKind.allCases), pain: "new")) }
        if rng.int(4) == 0 { d.statement += " more" }
        if rng.int(4) == 0 { d.thresholds = TierThresholds(a: 85, b: 65, c: 45) }
        if rng.int(6) == 0 { d.mode = d.mode == .operating ? .experimental : .operating }
        return d
    }

    // MARK: One sample of every event kind

    static func sample(_ kind: EventKind) -> DomainEvent {
        let t = Timestamp(now)
        let def = definition()
        var changed = def
        changed.signals.fit[0].weight = 25
        changed.disqualifiers.append(Disqualifier(key: "region", op: .in, value: .stringList(["APAC"]), reason: "No local support"))
        let changes = DefinitionDiff.between(def, changed).changes
        let evidence: [EvidenceRef] = [.finding(findingId), .document(URL(string: "https://example.com/win-loss/q2?x=1")!)]
        switch kind {
        case .workspaceCreated:
            return .workspaceCreated(WorkspaceCreated(workspaceId: workspaceId, name: "Acme", timeZone: "Europe/Berlin", fiscalYearStartMonth: 2, founder: alice, createdAt: t))
        case .workspaceSettingsChanged:
            return .workspaceSettingsChanged(WorkspaceSettingsChanged(workspaceId: workspaceId, name: "Acme GmbH", timeZone: nil, fiscalYearStartMonth: 7))
        case .roleGranted:
            return .roleGranted(RoleGranted(workspaceId: workspaceId, principal: bob, role: .approver, grantedBy: alice))
        case .roleRevoked:
            return .roleRevoked(RoleRevoked(workspaceId: workspaceId, principal: bob, revokedBy: alice))
        case .icpDrafted:
            return .icpDrafted(ICPDrafted(icpId: icpId, workspaceId: workspaceId, owner: alice, definition: def, draftedBy: alice, draftedAt: t))
        case .revisionProposed:
            return .revisionProposed(RevisionProposed(icpId: icpId, revision: 2, baseRevision: 1, changes: changes, rationale: "Win-loss says so", evidence: evidence, proposer: alice, proposedAt: t))
        case .proposalAmended:
            return .proposalAmended(ProposalAmended(icpId: icpId, revision: 2, baseRevision: 1, changes: changes, rationale: "Tightened", evidence: evidence, amendedBy: carol, dismissedApprovals: [bob], amendedAt: t))
        case .revisionApproved:
            return .revisionApproved(RevisionApproved(icpId: icpId, revision: 2, approver: bob, approvedAt: t))
        case .revisionRejected:
            return .revisionRejected(RevisionRejected(icpId: icpId, revision: 2, rejectedBy: bob, reason: "Not enough data", rejectedAt: t))
        case .revisionPublished:
            return .revisionPublished(RevisionPublished(icpId: icpId, revision: 2, effectiveOn: CalendarDay(year: 2024, month: 7, day: 1)!, publishedBy: carol, publishedAt: t))
        case .revisionEmergencyPublished:
            return .revisionEmergencyPublished(RevisionEmergencyPublished(icpId: icpId, revision: 3, effectiveOn: CalendarDay(year: 2024, month: 2, day: 29)!, publishedBy: alice, justification: "Sanctions list changed", publishedAt: t))
        case .afterTheFactReviewCompleted:
            return .afterTheFactReviewCompleted(AfterTheFactReviewCompleted(icpId: icpId, revision: 3, reviewer: bob, comment: "Justified", reviewedAt: t))
        case .quarterlyReviewRecorded:
            return .quarterlyReviewRecorded(QuarterlyReviewRecorded(icpId: icpId, outcome: .revisionNeeded, reviewer: bob, notes: "Pipeline audit disagrees", reviewedAt: t))
        case .icpFlaggedStale:
            return .icpFlaggedStale(ICPFlaggedStale(icpId: icpId, dueOn: CalendarDay(year: 2024, month: 9, day: 1)!, flaggedAt: t))
        case .icpRetired:
            return .icpRetired(ICPRetired(icpId: icpId, retiredBy: bob, reason: "Market exit", retiredAt: t))
        case .findingRecorded:
            return .findingRecorded(FindingRecorded(findingId: findingId, workspaceId: workspaceId, auditType: .winLoss, summary: "Lost 6 of 8 deals below 50 seats", severity: .high, metrics: ["winRate": 0.25, "deals": 8, "acv": 31_415.926535], recommendation: "Raise the size floor", icpId: icpId, notesRef: "notes-7f3a", recordedBy: carol, recordedAt: t))
        case .findingResolved:
            return .findingResolved(FindingResolved(findingId: findingId, resolution: .revision(icpId: icpId, number: 2), resolvedBy: carol, resolvedAt: t))
        }
    }
}
