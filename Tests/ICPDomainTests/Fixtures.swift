import Foundation
import TestFixtures

@testable import ICPDomain

enum Fixtures {
    static let alice: PrincipalID = "p-alice"
    static let bob: PrincipalID = "p-bob"
    static let carol: PrincipalID = "p-carol"
    static let dave: PrincipalID = "p-dave"
    static let workspaceId = WorkspaceID(UUID(uuidString: "11111111-2222-3333-4444-555555555555")!)
    static let icpId = ICPID(UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!)
    static let findingId = FindingID(UUID(uuidString: "01234567-89AB-CDEF-0123-456789ABCDEF")!)
    static let now = Date(timeIntervalSince1970: 1_717_243_200.123456)  // 2024-06-01T12:00:00.123456Z

    static func context(_ actor: PrincipalID, _ role: WorkspaceRole?, at date: Date = now) -> DecisionContext {
        DecisionContext(actor: actor, role: role, now: date)
    }

    // MARK: One sample of every event kind

    static func sample(_ kind: EventKind) -> DomainEvent {
        let t = Timestamp(now)
        let def = SampleICPs.boardReporting()
        var changed = def
        changed.signals.fit[0].weight = 25
        changed.disqualifiers.append(Disqualifier(key: "region", op: .in, value: .stringList(["APAC"]), reason: "No local support"))
        let changes = DefinitionDiff.between(def, changed).changes
        let evidence: [EvidenceRef] = [.finding(findingId), .document(URL(string: "https://example.com/win-loss/q2?x=1")!)]
        switch kind {
        case .workspaceCreated:
            return .workspaceCreated(
                WorkspaceCreated(
                    workspaceId: workspaceId, name: "Acme", timeZone: "Europe/Berlin", fiscalYearStartMonth: 2, founder: alice, createdAt: t))
        case .workspaceSettingsChanged:
            return .workspaceSettingsChanged(
                WorkspaceSettingsChanged(workspaceId: workspaceId, name: "Acme GmbH", timeZone: nil, fiscalYearStartMonth: 7))
        case .roleGranted:
            return .roleGranted(RoleGranted(workspaceId: workspaceId, principal: bob, role: .approver, grantedBy: alice))
        case .roleRevoked:
            return .roleRevoked(RoleRevoked(workspaceId: workspaceId, principal: bob, revokedBy: alice))
        case .icpDrafted:
            return .icpDrafted(ICPDrafted(icpId: icpId, workspaceId: workspaceId, owner: alice, definition: def, draftedBy: alice, draftedAt: t))
        case .revisionProposed:
            return .revisionProposed(
                RevisionProposed(
                    icpId: icpId, revision: 2, baseRevision: 1, changes: changes, rationale: "Win-loss says so", evidence: evidence, proposer: alice,
                    proposedAt: t))
        case .proposalAmended:
            return .proposalAmended(
                ProposalAmended(
                    icpId: icpId, revision: 2, baseRevision: 1, changes: changes, rationale: "Tightened", evidence: evidence, amendedBy: carol,
                    dismissedApprovals: [bob], amendedAt: t))
        case .revisionApproved:
            return .revisionApproved(RevisionApproved(icpId: icpId, revision: 2, approver: bob, approvedAt: t))
        case .principalErased:
            return .principalErased(PrincipalErased(workspaceId: workspaceId, principal: bob, erasedBy: alice, erasedAt: t))
        case .icpOrphaned:
            return .icpOrphaned(ICPOrphaned(icpId: icpId, owner: bob, orphanedAt: t))
        case .reviewNoticed:
            return .reviewNoticed(
                ReviewNoticed(
                    workspaceId: workspaceId, icpId: icpId, subject: .review, notice: .flaggedStale, dueOn: CalendarDay("2024-06-01")!,
                    noticedOn: CalendarDay("2024-06-02")!))
        case .fieldMappingSet:
            return .fieldMappingSet(
                FieldMappingSet(
                    workspaceId: workspaceId,
                    mapping: FieldMapping(columns: [
                        ColumnMapping(column: "Industry", key: "industry", values: ["Financial Services": "fintech"]),
                        ColumnMapping(column: "Employee Range", key: "employees", reading: .range, pick: .lower),
                        ColumnMapping(column: "Tech", key: "stack", reading: .list, separator: ","),
                        ColumnMapping(
                            column: "Funded", key: "recentFunding", reading: .boolean, trueWords: ["Series B"], falseWords: ["Bootstrapped"]),
                    ]), setBy: alice, setAt: t))
        case .logCheckpointed:
            return .logCheckpointed(
                LogCheckpointed(
                    workspaceId: workspaceId, size: 42, root: String(repeating: "cd", count: 32), keyId: "c74f20a3", keyName: "icpledger",
                    verifierKey: "icpledger+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                    note:
                        "icpledger/\(workspaceId)\n42\nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc=\ntime 2024-06-01T12:00:00Z\n\n— icpledger AAAA\n",
                    checkpointedBy: alice, checkpointedAt: t))
        case .pipelineSnapshotRecorded:
            let measure = PipelineMeasure(count: 3, value: 1_250.5)
            return .pipelineSnapshotRecorded(
                PipelineSnapshotRecorded(
                    workspaceId: workspaceId, snapshotId: SnapshotID(UUID(uuidString: "99999999-8888-7777-6666-555555555555")!),
                    day: CalendarDay("2024-06-30")!, contentHash: String(repeating: "ab", count: 32), rows: 4, skippedRows: 1,
                    fits: [
                        PipelineFit(
                            icpId: icpId, revision: 2, total: PipelineMeasure(count: 4, value: 2_000), inFit: measure,
                            byTier: [
                                TierMeasure(tier: .a, measure: measure), TierMeasure(tier: .b, measure: PipelineMeasure()),
                                TierMeasure(tier: .c, measure: PipelineMeasure()), TierMeasure(tier: .d, measure: PipelineMeasure()),
                            ],
                            disqualified: PipelineMeasure(count: 1, value: 749.5),
                            topDisqualifiers: [
                                DisqualifierMeasure(key: "industry", reason: "Gambling", measure: PipelineMeasure(count: 1, value: 749.5))
                            ],
                            owners: [
                                OwnerMeasure(
                                    owner: "p-bob", total: PipelineMeasure(count: 4, value: 2_000),
                                    outsideFit: PipelineMeasure(count: 1, value: 749.5))
                            ],
                            otherOwners: nil)
                    ], recordedBy: alice, recordedAt: t))
        case .icpOwnerReassigned:
            return .icpOwnerReassigned(ICPOwnerReassigned(icpId: icpId, previousOwner: bob, owner: carol, reassignedBy: alice, reassignedAt: t))
        case .approvalsDismissed:
            return .approvalsDismissed(ApprovalsDismissed(icpId: icpId, revision: 3, dismissed: [bob], publishedRevision: 2, dismissedAt: t))
        case .revisionRejected:
            return .revisionRejected(RevisionRejected(icpId: icpId, revision: 2, rejectedBy: bob, reason: "Not enough data", rejectedAt: t))
        case .revisionPublished:
            return .revisionPublished(
                RevisionPublished(
                    icpId: icpId, revision: 2, effectiveOn: CalendarDay(year: 2024, month: 7, day: 1)!, publishedBy: carol, publishedAt: t))
        case .revisionEmergencyPublished:
            return .revisionEmergencyPublished(
                RevisionEmergencyPublished(
                    icpId: icpId, revision: 3, effectiveOn: CalendarDay(year: 2024, month: 2, day: 29)!, publishedBy: alice,
                    justification: "Sanctions list changed", publishedAt: t))
        case .afterTheFactReviewCompleted:
            return .afterTheFactReviewCompleted(
                AfterTheFactReviewCompleted(icpId: icpId, revision: 3, reviewer: bob, comment: "Justified", reviewedAt: t))
        case .quarterlyReviewRecorded:
            return .quarterlyReviewRecorded(
                QuarterlyReviewRecorded(icpId: icpId, outcome: .revisionNeeded, reviewer: bob, notes: "Pipeline audit disagrees", reviewedAt: t))
        case .icpFlaggedStale:
            return .icpFlaggedStale(ICPFlaggedStale(icpId: icpId, dueOn: CalendarDay(year: 2024, month: 9, day: 1)!, flaggedAt: t))
        case .icpRetired:
            return .icpRetired(ICPRetired(icpId: icpId, retiredBy: bob, reason: "Market exit", retiredAt: t))
        case .findingRecorded:
            return .findingRecorded(
                FindingRecorded(
                    findingId: findingId, workspaceId: workspaceId, auditType: .winLoss, summary: "Lost 6 of 8 deals below 50 seats", severity: .high,
                    metrics: ["winRate": 0.25, "deals": 8, "acv": 31_415.926535], recommendation: "Raise the size floor", icpId: icpId,
                    notesRef: "notes-7f3a", recordedBy: carol, recordedAt: t))
        case .findingResolved:
            return .findingResolved(
                FindingResolved(findingId: findingId, resolution: .revision(icpId: icpId, number: 2), resolvedBy: carol, resolvedAt: t))
        }
    }
}
