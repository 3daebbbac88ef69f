public import EventStore
import Foundation
public import ICPDomain
import Postgres

extension Ledger {
    // MARK: Workspace

    /// Creates a workspace; the actor becomes its first admin.
    @discardableResult
    /// Names are unique ignoring case and surrounding spaces: the name is taken in the same
    /// transaction as the event, so two workspaces can never end up with one name.
    public func createWorkspace(
        _ id: WorkspaceID = WorkspaceID(), name: String, timeZone: String = "UTC",
        fiscalYearStartMonth: Int = 1, by actor: PrincipalID,
        command: CommandIdentity = CommandIdentity()
    ) async throws -> Outcome<WorkspaceState?> {
        try await execute(
            WorkspaceDecider.self, workspace: id, stream: .workspace(id), actor: actor, retryOnConflict: false,
            command: command, alongside: Self.takeWorkspaceName,
            .create(id: id, name: name, timeZone: timeZone, fiscalYearStartMonth: fiscalYearStartMonth))
    }

    /// Records the name a workspace event takes (and frees the one it gives up) in the name directory.
    @Sendable static func takeWorkspaceName(on connection: PostgresConnection, events: [DomainEvent]) throws {
        for event in events {
            let tenant: UUID, name: String
            switch event {
            case .workspaceCreated(let e): (tenant, name) = (e.workspaceId.uuid, e.name)
            case .workspaceSettingsChanged(let e):
                guard let new = e.name else { continue }
                (tenant, name) = (e.workspaceId.uuid, new)
                try connection.query("DELETE FROM workspace_names WHERE tenant_id = \(tenant)")
            default: continue
            }
            do {
                try connection.query(
                    """
                    INSERT INTO workspace_names (name_key, tenant_id) VALUES (\(WorkspaceNames.key(name)), \(tenant))
                    """)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw LedgerError.workspaceNameTaken(name)
            }
        }
    }

    /// Gives a principal a role (admins only).
    @discardableResult
    public func grantRole(
        _ role: WorkspaceRole, to principal: PrincipalID, in workspace: WorkspaceID,
        by actor: PrincipalID
    ) async throws -> Outcome<WorkspaceState?> {
        try await execute(
            WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor,
            retryOnConflict: true, .grantRole(principal, role))
    }

    /// Takes a principal's role away (admins only). Every live ICP they own is then flagged orphaned
    /// (``ICPOrphaned``) until someone reassigns it.
    @discardableResult
    public func revokeRole(of principal: PrincipalID, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> Outcome<WorkspaceState?> {
        let outcome = try await execute(
            WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor,
            retryOnConflict: true, .revokeRole(principal))
        for icp in try await listICPs(in: workspace) where icp.owner == principal && icp.status != .retired {
            _ = try await execute(
                ICPDecider.self, workspace: workspace, stream: .icp(icp.id), actor: actor, retryOnConflict: true, .flagOrphaned(owner: principal))
        }
        return outcome
    }

    /// Makes `owner`, who must hold a role in the workspace, the ICP's owner (approvers and admins).
    @discardableResult
    public func reassign(_ icp: ICPID, in workspace: WorkspaceID, to owner: PrincipalID, by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        guard try await workspaceState(workspace)?.grants[owner] != nil else {
            throw LedgerError.refused(
                .invalid([.init(.invalidReference, at: "owner", "The new owner holds no role in this workspace; grant one first.")]))
        }
        return try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false, .reassign(owner: owner))
    }

    // MARK: ICP

    /// Drafts an ICP; its definition is open as proposed revision 1.
    @discardableResult
    public func draftICP(
        _ id: ICPID = ICPID(), in workspace: WorkspaceID, owner: PrincipalID, definition: ICPDefinition,
        rationale: String? = nil, evidence: [EvidenceRef] = [], by actor: PrincipalID,
        command: CommandIdentity = CommandIdentity()
    ) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(id), actor: actor, retryOnConflict: false,
            command: command, referencing: Self.findings(in: evidence),
            .draft(
                id: id, workspaceId: workspace, owner: owner, definition: definition, rationale: rationale,
                evidence: evidence))
    }

    /// The findings a list of evidence names, with where it names them.
    static func findings(in evidence: [EvidenceRef]) -> [FindingReference] {
        evidence.enumerated().compactMap { index, ref in
            guard case .finding(let id) = ref else { return nil }
            return FindingReference(path: "evidence[\(index)]", finding: id)
        }
    }

    /// Proposes a revision; ``Outcome/revision`` is its number. Retried on conflict (the changes are
    /// re-checked). Proposing again exactly what an open revision on the same base proposes returns
    /// that revision (nothing is stored) when its author asks, and is refused when someone else does.
    @discardableResult
    public func proposeRevision(
        _ icp: ICPID, in workspace: WorkspaceID, changes: [DefinitionChange], rationale: String,
        evidence: [EvidenceRef] = [], by actor: PrincipalID,
        command: CommandIdentity = CommandIdentity()
    ) async throws -> Outcome<ICPState?> {
        try proposal(
            try await execute(
                ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor,
                retryOnConflict: true, command: command, referencing: Self.findings(in: evidence),
                .proposeRevision(changes: changes, rationale: rationale, evidence: evidence)),
            changes: { _ in changes })
    }

    /// Proposes the revision that turns the base definition into `definition`, decided on one read
    /// of the ICP. With `basedOn` (the revision the author edited, 0 for the unpublished draft) it is
    /// refused when another revision has been published since. See ``proposeRevision(_:in:changes:rationale:evidence:by:command:)``.
    @discardableResult
    public func proposeDefinition(
        _ icp: ICPID, in workspace: WorkspaceID, definition: ICPDefinition, rationale: String,
        evidence: [EvidenceRef] = [], basedOn: Int? = nil, resolves: [FindingID] = [], by actor: PrincipalID,
        command: CommandIdentity = CommandIdentity()
    ) async throws -> Outcome<ICPState?> {
        let answered = resolves.enumerated().map { FindingReference(path: "resolves[\($0.offset)]", finding: $0.element) }
        return try proposal(
            try await execute(
                ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor,
                retryOnConflict: true, command: command, referencing: Self.findings(in: evidence) + answered,
                .proposeDefinition(definition, rationale: rationale, evidence: evidence, basedOn: basedOn, resolves: resolves)),
            changes: { DefinitionDiff.between($0.baseDefinition, definition).changes })
    }

    /// Fills in the revision a proposal made, or the open revision it repeated.
    private func proposal(_ outcome: Outcome<ICPState?>, changes: (ICPState) -> [DefinitionChange]) throws -> Outcome<ICPState?> {
        guard let state = outcome.state else { throw LedgerError.icpNotFound("") }
        var outcome = outcome
        for case .revisionProposed(let e) in outcome.events { outcome.revision = e.revision }
        if outcome.events.isEmpty {
            let definition = ICPState.definition(applying: changes(state), to: state.baseDefinition)
            outcome.revision = ICPDecider.openRevision(of: state, proposing: definition)?.number
        }
        return outcome
    }

    /// Replaces an open proposal's changes (not retried).
    @discardableResult
    public func amendProposal(
        _ icp: ICPID, in workspace: WorkspaceID, revision: Int, changes: [DefinitionChange],
        rationale: String, evidence: [EvidenceRef] = [], by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            referencing: Self.findings(in: evidence), .amendProposal(revision: revision, changes: changes, rationale: rationale, evidence: evidence))
    }

    /// Replaces an open proposal with a whole definition; its approvals are dismissed (not retried).
    @discardableResult
    public func amendDefinition(
        _ icp: ICPID, in workspace: WorkspaceID, revision: Int, definition: ICPDefinition,
        rationale: String, evidence: [EvidenceRef] = [], by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            referencing: Self.findings(in: evidence),
            .amendDefinition(revision: revision, definition, rationale: rationale, evidence: evidence))
    }

    /// Approves a revision, with an optional comment recorded on the approval (four-eyes; not retried).
    @discardableResult
    public func approve(
        _ icp: ICPID, in workspace: WorkspaceID, revision: Int, comment: String? = nil,
        by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            .approveRevision(revision, comment: comment))
    }

    /// Rejects a revision (not retried).
    @discardableResult
    public func reject(
        _ icp: ICPID, in workspace: WorkspaceID, revision: Int, reason: String, by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            .rejectRevision(revision, reason: reason))
    }

    /// Publishes an approved revision from a day (not retried). A day before the revision was proposed
    /// needs `backdated: true`.
    @discardableResult
    public func publish(
        _ icp: ICPID, in workspace: WorkspaceID, revision: Int, effectiveOn: CalendarDay, backdated: Bool = false,
        by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        let outcome = try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            .publishRevision(revision, effectiveOn: effectiveOn, backdated: backdated))
        try await resolveAnswered(by: outcome, icp: icp, revision: revision, in: workspace, actor: actor)
        return outcome
    }

    /// Once a revision is published, the findings it said it answers are resolved by it.
    private func resolveAnswered(
        by outcome: Outcome<ICPState?>, icp: ICPID, revision: Int, in workspace: WorkspaceID, actor: PrincipalID
    )
        async throws
    {
        guard !outcome.events.isEmpty, let published = outcome.state?.revision(revision) else { return }
        for finding in published.resolves {
            do {
                try await resolveFinding(finding, in: workspace, resolution: .revision(icpId: icp, number: revision), by: actor)
            } catch LedgerError.refused(.findingAlreadyResolved) {
                continue  // closed meanwhile by someone else
            }
        }
    }

    /// Publishes without approval (admins only); an after-the-fact review becomes owed.
    @discardableResult
    public func emergencyPublish(
        _ icp: ICPID, in workspace: WorkspaceID, revision: Int, effectiveOn: CalendarDay,
        justification: String, backdated: Bool = false, by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        let outcome = try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            .emergencyPublish(revision, effectiveOn: effectiveOn, justification: justification, backdated: backdated))
        try await resolveAnswered(by: outcome, icp: icp, revision: revision, in: workspace, actor: actor)
        return outcome
    }

    /// Closes the after-the-fact review of an emergency publication; `reverted` proposes again the
    /// definition the emergency revision replaced.
    @discardableResult
    public func completeAfterTheFactReview(
        _ icp: ICPID, in workspace: WorkspaceID, revision: Int, outcome: AfterTheFactOutcome = .upheld, comment: String,
        by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            .completeAfterTheFactReview(revision: revision, outcome: outcome, comment: comment))
    }

    /// Records the periodic review (retried on conflict).
    @discardableResult
    public func recordReview(
        _ icp: ICPID, in workspace: WorkspaceID, outcome: ReviewOutcome, notes: String,
        by actor: PrincipalID
    ) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: true,
            .recordQuarterlyReview(outcome: outcome, notes: notes))
    }

    /// Flags the ICP stale for a due date (idempotent; retried on conflict).
    @discardableResult
    public func flagStale(_ icp: ICPID, in workspace: WorkspaceID, dueOn: CalendarDay, by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: true,
            .flagStale(dueOn: dueOn))
    }

    /// Retires the ICP (not retried).
    @discardableResult
    public func retire(_ icp: ICPID, in workspace: WorkspaceID, reason: String, by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(
            ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
            .retire(reason: reason))
    }

    // MARK: Findings

    /// Records an audit finding.
    @discardableResult
    public func recordFinding(
        _ id: FindingID = FindingID(), in workspace: WorkspaceID, audit: AuditType, summary: String,
        severity: FindingSeverity, metrics: [String: Double] = [:], recommendation: String,
        icp: ICPID? = nil, notesRef: String? = nil, notes: String? = nil, by actor: PrincipalID
    ) async throws -> Outcome<FindingState?> {
        // Notes may name people: they go to the erasable side table, and the event keeps a reference
        // to them by id and digest.
        var reference = notesRef
        var sideWrite: (@Sendable (PostgresConnection, [DomainEvent]) throws -> Void)? = nil
        if let notes, !notes.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard notesRef == nil else {
                throw LedgerError.refused(.invalid([.init(.invalidReference, at: "notes", "Give notes or a notes reference, not both.")]))
            }
            let problems = TextRule.text.problems(notes, at: "notes")
            if !problems.isEmpty { throw LedgerError.refused(.invalid(problems)) }
            let note = PersonalNote(body: notes, author: actor)
            reference = note.reference
            sideWrite = { connection, _ in try note.store(in: workspace, on: connection) }
        }
        return try await execute(
            FindingDecider.self, workspace: workspace, stream: .finding(id), actor: actor, retryOnConflict: false, alongside: sideWrite,
            .record(
                id: id, workspaceId: workspace, auditType: audit, summary: summary, severity: severity,
                metrics: metrics, recommendation: recommendation, icpId: icp, notesRef: reference))
    }

    /// Resolves a finding by a revision or a decision (retried on conflict).
    @discardableResult
    public func resolveFinding(
        _ id: FindingID, in workspace: WorkspaceID, resolution: FindingResolution,
        by actor: PrincipalID
    ) async throws -> Outcome<FindingState?> {
        try await execute(
            FindingDecider.self, workspace: workspace, stream: .finding(id), actor: actor, retryOnConflict: true,
            .resolve(resolution))
    }
}
