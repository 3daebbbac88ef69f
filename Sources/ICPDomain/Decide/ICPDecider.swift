/// The ICP aggregate: drafting, the four-eyes revision workflow, emergency publication, reviews,
/// stale flags and retirement. Every workflow rule lives in ``decide(_:_:_:)``.
public enum ICPDecider: Decider {
    public typealias State = ICPState?
    public typealias Command = ICPCommand

    public static var initialState: ICPState? { nil }

    public static func decide(_ state: ICPState?, _ command: ICPCommand, _ context: DecisionContext) throws(DomainError) -> [DomainEvent] {
        if case .draft(let id, let workspaceId, let owner, let definition, let rationale, let evidence) = command {
            guard state == nil else { throw .alreadyExists("ICP \(id)") }
            try context.require(.editor, to: "draft an ICP")
            let note = rationale.map(\.trimmed).flatMap { $0.isEmpty ? nil : rationale }
            try check(definition.validate() + TextRule.text.problems(rationale ?? "", at: "rationale") + CommandInput.evidence(evidence))
            return [
                .icpDrafted(
                    ICPDrafted(
                        icpId: id, workspaceId: workspaceId, owner: owner, definition: definition,
                        draftedBy: context.actor, draftedAt: context.timestamp, rationale: note,
                        evidence: evidence.isEmpty ? nil : evidence))
            ]
        }
        guard let state else { throw .notFound("The ICP") }
        guard state.retiredReason == nil else { throw .icpRetired }
        let now = context.timestamp

        switch command {
        case .draft:
            return []

        case .proposeDefinition(let definition, let rationale, let evidence, let basedOn, let resolves):
            let operating = state.publishedRevision ?? 0
            if let basedOn, basedOn != operating { throw .baseMoved(edited: basedOn, operating: operating) }
            let changes = DefinitionDiff.between(state.baseDefinition, definition).changes
            return try decide(state, .proposeRevision(changes: changes, rationale: rationale, evidence: evidence, resolves: resolves), context)

        case .proposeRevision(let changes, let rationale, let evidence, let resolves):
            try context.require(.editor, to: "propose a revision")
            try check(ICPDefinition.checkCount(Set(resolves).count, InputLimits.evidenceReferences, at: "resolves", "findings"))
            let base = state.publishedRevision ?? 0
            let definition = try proposedDefinition(
                state, changes: changes, rationale: rationale, evidence: evidence,
                mustDifferFromBase: true)
            // A repeated proposal (a retried script, a lost reply) is the open revision it repeats.
            if let same = openRevision(of: state, proposing: definition) {
                guard same.authors.contains(context.actor) else {
                    throw .duplicateProposal(revision: same.number)
                }
                return []
            }
            return [
                .revisionProposed(
                    RevisionProposed(
                        icpId: state.id, revision: state.revisions.count + 1, baseRevision: base, changes: changes,
                        rationale: rationale, evidence: evidence, resolves: resolves.isEmpty ? nil : resolves, proposer: context.actor,
                        proposedAt: now))
            ]

        case .amendDefinition(let number, let definition, let rationale, let evidence):
            let changes = DefinitionDiff.between(state.baseDefinition, definition).changes
            return try decide(state, .amendProposal(revision: number, changes: changes, rationale: rationale, evidence: evidence), context)

        case .amendProposal(let number, let changes, let rationale, let evidence):
            try context.require(.editor, to: "amend a proposal")
            let revision = try openRevision(state, number)
            let definition = try proposedDefinition(
                state, changes: changes, rationale: rationale, evidence: evidence,
                mustDifferFromBase: number != 1 || state.publishedRevision != nil)
            let base = state.publishedRevision ?? 0
            if definition == revision.definition && changes == revision.changes && base == revision.baseRevision
                && rationale == revision.rationale && evidence == revision.evidence
            {
                throw .nothingToChange
            }
            return [
                .proposalAmended(
                    ProposalAmended(
                        icpId: state.id, revision: number, baseRevision: base, changes: changes, rationale: rationale,
                        evidence: evidence, amendedBy: context.actor, dismissedApprovals: revision.approvals.sorted(), amendedAt: now))
            ]

        case .approveRevision(let number, let comment):
            guard context.role?.includes(.approver) == true else { throw .notAnApprover }
            let revision = try openRevision(state, number)
            guard !revision.authors.contains(context.actor) else { throw .proposerCannotApprove }
            guard !revision.approvals.contains(context.actor) else { throw .alreadyApproved(revision: number) }
            if let comment {
                let errors = TextRule.text.problems(comment, at: "comment")
                if !errors.isEmpty { throw .invalid(errors) }
            }
            let note = comment?.trimmed
            return [
                .revisionApproved(
                    RevisionApproved(
                        icpId: state.id, revision: number, approver: context.actor, approvedAt: now,
                        comment: note?.isEmpty == false ? note : nil))
            ]

        case .rejectRevision(let number, let reason):
            guard context.role?.includes(.approver) == true else { throw .notAnApprover }
            let revision = try openRevision(state, number)
            guard !revision.authors.contains(context.actor) else { throw .proposerCannotApprove }
            try check(CommandInput.explanation(reason, at: "reason", ifBlank: "Say why the revision is rejected."))
            return [
                .revisionRejected(RevisionRejected(icpId: state.id, revision: number, rejectedBy: context.actor, reason: reason, rejectedAt: now))
            ]

        case .publishRevision(let number, let effectiveOn, let backdated):
            try context.require(.editor, to: "publish a revision")
            guard let revision = state.revision(number) else { throw .unknownRevision(number) }
            switch revision.status {
            case .approved: break
            case .proposed: throw .revisionNotApproved(number)
            case .rejected, .published, .emergencyPublished: throw .revisionNotOpen(number)
            }
            try requireFresh(state, revision)
            try check(CommandInput.effectiveDay(effectiveOn, of: revision, backdated: backdated, context: context))
            return [
                .revisionPublished(
                    RevisionPublished(icpId: state.id, revision: number, effectiveOn: effectiveOn, publishedBy: context.actor, publishedAt: now))
            ] + dismissals(in: state, publishing: number, at: now)

        case .emergencyPublish(let number, let effectiveOn, let justification, let backdated):
            guard context.role == .admin else { throw .notAnAdmin }
            let revision = try openRevision(state, number)
            try requireFresh(state, revision)
            try check(
                CommandInput.explanation(justification, at: "justification", ifBlank: "Say why this cannot wait for approval.")
                    + CommandInput.effectiveDay(effectiveOn, of: revision, backdated: backdated, context: context))
            return [
                .revisionEmergencyPublished(
                    RevisionEmergencyPublished(
                        icpId: state.id, revision: number, effectiveOn: effectiveOn, publishedBy: context.actor,
                        justification: justification, publishedAt: now))
            ] + dismissals(in: state, publishing: number, at: now)

        case .completeAfterTheFactReview(let number, let outcome, let comment):
            guard context.role?.includes(.approver) == true else { throw .notAnApprover }
            guard let review = state.afterTheFactReviews[number], review.isOverdue else { throw .noOpenAfterTheFactReview(number) }
            guard review.publisher != context.actor else { throw .publisherCannotReviewOwnBypass }
            if state.revision(number)?.authors.contains(context.actor) == true { throw .proposerCannotApprove }
            try check(CommandInput.explanation(comment, at: "comment", ifBlank: "Record what the review concluded."))
            let completed = DomainEvent.afterTheFactReviewCompleted(
                AfterTheFactReviewCompleted(
                    icpId: state.id, revision: number, reviewer: context.actor, comment: comment, outcome: outcome, reviewedAt: now))
            guard outcome == .reverted, let bypassed = state.revision(number), let previous = state.revision(bypassed.baseRevision) else {
                return [completed]
            }
            // Reverting proposes again what the bypass replaced; it goes through four-eyes like any proposal.
            guard let reviewed = evolve(state, completed) else { return [completed] }
            do {
                return [completed]
                    + (try decide(
                        reviewed,
                        .proposeDefinition(
                            previous.definition, rationale: "Reverts revision \(number): its after-the-fact review found that it should not stand.",
                            evidence: bypassed.evidence),
                        context))
            } catch .emptyChangeSet {
                return [completed]  // what operates already is the earlier definition
            } catch .duplicateProposal(_) {
                return [completed]  // an open revision already proposes it
            }

        case .recordQuarterlyReview(let outcome, let notes):
            let isOwner = context.actor == state.owner && (context.role?.includes(.editor) ?? false)
            if !isOwner { try context.require(.approver, to: "record a review of an ICP you do not own") }
            guard state.publishedRevision != nil else { throw .notPublished }
            try check(TextRule.text.problems(notes, at: "notes"))
            return [
                .quarterlyReviewRecorded(
                    QuarterlyReviewRecorded(icpId: state.id, outcome: outcome, reviewer: context.actor, notes: notes, reviewedAt: now))
            ]

        case .flagStale(let dueOn):
            try context.require(.editor, to: "flag an ICP as stale")
            guard state.publishedRevision != nil else { throw .notPublished }
            try check(CommandInput.storable(dueOn, at: "dueOn"))
            if state.staleFlags.contains(dueOn) { return [] }
            return [.icpFlaggedStale(ICPFlaggedStale(icpId: state.id, dueOn: dueOn, flaggedAt: now))]

        case .retire(let reason):
            try context.require(.approver, to: "retire an ICP")
            try check(CommandInput.explanation(reason, at: "reason", ifBlank: "Say why the ICP is retired."))
            return [.icpRetired(ICPRetired(icpId: state.id, retiredBy: context.actor, reason: reason, retiredAt: now))]

        case .flagOrphaned(let owner):
            guard state.owner == owner, state.orphanedSince == nil else { return [] }
            return [.icpOrphaned(ICPOrphaned(icpId: state.id, owner: owner, orphanedAt: now))]

        case .reassign(let owner):
            try context.require(.approver, to: "reassign an ICP")
            guard owner != state.owner || state.orphanedSince != nil else { throw .nothingToChange }
            return [
                .icpOwnerReassigned(
                    ICPOwnerReassigned(icpId: state.id, previousOwner: state.owner, owner: owner, reassignedBy: context.actor, reassignedAt: now))
            ]
        }
    }

    /// Publishing `number` moves the base under every other open revision: their approvals were given
    /// against a definition that no longer operates, so they are dismissed.
    static func dismissals(in state: ICPState, publishing number: Int, at now: Timestamp) -> [DomainEvent] {
        state.revisions.filter { $0.number != number && ($0.status == .proposed || $0.status == .approved) && !$0.approvals.isEmpty }
            .map { revision in
                .approvalsDismissed(
                    ApprovalsDismissed(
                        icpId: state.id, revision: revision.number, dismissed: revision.approvals.sorted(), publishedRevision: number,
                        dismissedAt: now))
            }
    }

    public static func evolve(_ state: ICPState?, _ event: DomainEvent) -> ICPState? {
        var next = state
        apply(event, to: &next)
        return next
    }

    /// ``evolve(_:_:)`` in place: the state's revisions are mutated, not copied, so folding a long
    /// stream costs time linear in its length.
    public static func apply(_ event: DomainEvent, to state: inout ICPState?) {
        if case .icpDrafted(let e) = event {
            guard state == nil else { return }
            let first = Revision(
                number: 1, baseRevision: 0, changes: [], definition: e.definition, rationale: e.rationale ?? "Initial draft",
                evidence: e.evidence ?? [], proposer: e.draftedBy, authors: [e.draftedBy], approvals: [], status: .proposed,
                proposedAt: e.draftedAt)
            state = ICPState(
                id: e.icpId, workspaceId: e.workspaceId, owner: e.owner, draftDefinition: e.definition,
                revisions: [first], publishedRevision: nil, reviewClockStartedAt: nil, lastReviewOutcome: nil,
                staleFlags: [], afterTheFactReviews: [:], retiredReason: nil)
            return
        }
        guard let id = state?.id, event.stream == .icp(id) else { return }
        state?.fold(event)
    }

    private static func openRevision(_ state: ICPState, _ number: Int) throws(DomainError) -> Revision {
        guard let revision = state.revision(number) else { throw .unknownRevision(number) }
        guard revision.status.isOpen else { throw .revisionNotOpen(number) }
        return revision
    }

    private static func requireFresh(_ state: ICPState, _ revision: Revision) throws(DomainError) {
        let current = state.publishedRevision ?? 0
        if revision.baseRevision != current {
            throw .revisionStale(revision: revision.number, base: revision.baseRevision, current: current)
        }
    }

    private static func proposedDefinition(
        _ state: ICPState, changes: [DefinitionChange], rationale: String, evidence: [EvidenceRef],
        mustDifferFromBase: Bool
    ) throws(DomainError) -> ICPDefinition {
        if changes.isEmpty && mustDifferFromBase { throw .emptyChangeSet }
        let definition = try DefinitionDiff(changes: changes).apply(to: state.baseDefinition)
        if mustDifferFromBase && definition == state.baseDefinition { throw .emptyChangeSet }
        try check(
            definition.validate()
                + CommandInput.explanation(rationale, at: "rationale", ifBlank: "Explain why the ICP should change.")
                + CommandInput.evidence(evidence))
        return definition
    }

    /// The open revision that already proposes exactly this definition on the current base, if any.
    public static func openRevision(of state: ICPState, proposing definition: ICPDefinition) -> Revision? {
        let base = state.publishedRevision ?? 0
        return state.revisions.first { $0.status.isOpen && $0.baseRevision == base && $0.definition == definition && $0.number > 1 }
    }

    /// Throws the validation errors, if there are any.
    private static func check(_ errors: [ValidationError]) throws(DomainError) {
        if !errors.isEmpty { throw .invalid(errors) }
    }
}

extension ICPState {
    /// Folds one event of this ICP's stream (other than the draft) into the state.
    fileprivate mutating func fold(_ event: DomainEvent) {
        switch event {
        case .revisionProposed(let e):
            guard e.revision == revisions.count + 1 else { return }
            let base = definition(atRevision: e.baseRevision) ?? baseDefinition
            let proposed = ICPState.definition(applying: e.changes, to: base)
            revisions.append(
                Revision(
                    number: e.revision, baseRevision: e.baseRevision, changes: e.changes, definition: proposed,
                    rationale: e.rationale, evidence: e.evidence, proposer: e.proposer, authors: [e.proposer],
                    approvals: [], status: .proposed, proposedAt: e.proposedAt, resolves: e.resolves ?? []))
        case .proposalAmended(let e):
            let base = definition(atRevision: e.baseRevision) ?? baseDefinition
            updateRevision(e.revision) { r in
                r.baseRevision = e.baseRevision
                r.changes = e.changes
                r.definition = ICPState.definition(applying: e.changes, to: base)
                r.rationale = e.rationale
                r.evidence = e.evidence
                r.authors.insert(e.amendedBy)
                r.approvals = []
                r.status = .proposed
            }
        case .revisionApproved(let e):
            updateRevision(e.revision) { r in
                r.approvals.insert(e.approver)
                r.status = .approved
            }
        case .revisionRejected(let e):
            updateRevision(e.revision) { $0.status = .rejected }
        case .approvalsDismissed(let e):
            updateRevision(e.revision) { r in
                r.approvals = []
                r.status = .proposed
            }
        case .revisionPublished(let e):
            updateRevision(e.revision) { r in
                r.status = .published
                r.effectiveOn = e.effectiveOn
                r.publishedBy = e.publishedBy
                r.publishedAt = e.publishedAt
            }
            publishedRevision = e.revision
            reviewClockStartedAt = e.publishedAt
        case .revisionEmergencyPublished(let e):
            updateRevision(e.revision) { r in
                r.status = .emergencyPublished
                r.effectiveOn = e.effectiveOn
                r.publishedBy = e.publishedBy
                r.publishedAt = e.publishedAt
            }
            publishedRevision = e.revision
            reviewClockStartedAt = e.publishedAt
            afterTheFactReviews[e.revision] = AfterTheFactReview(revision: e.revision, publisher: e.publishedBy, openedAt: e.publishedAt)
        case .afterTheFactReviewCompleted(let e):
            afterTheFactReviews[e.revision]?.reviewer = e.reviewer
            afterTheFactReviews[e.revision]?.completedAt = e.reviewedAt
        case .quarterlyReviewRecorded(let e):
            lastReviewOutcome = e.outcome
            if e.outcome == .reaffirmed { reviewClockStartedAt = e.reviewedAt }
        case .icpFlaggedStale(let e):
            staleFlags.insert(e.dueOn)
        case .icpRetired(let e):
            retiredReason = e.reason
        case .icpOrphaned(let e):
            orphanedSince = e.orphanedAt
        case .icpOwnerReassigned(let e):
            owner = e.owner
            orphanedSince = nil
        default:
            break
        }
    }
}
