import Foundation
public import ICPDomain

extension Ledger {
    // MARK: Workspace

    /// Creates a workspace; the actor becomes its first admin.
    @discardableResult
    public func createWorkspace(_ id: WorkspaceID = WorkspaceID(), name: String, timeZone: String = "UTC",
                                fiscalYearStartMonth: Int = 1, by actor: PrincipalID) async throws -> Outcome<WorkspaceState?> {
        try await execute(WorkspaceDecider.self, workspace: id, stream: .workspace(id), actor: actor, retryOnConflict: false,
                          .create(id: id, name: name, timeZone: timeZone, fiscalYearStartMonth: fiscalYearStartMonth))
    }

    /// Gives a principal a role (admins only).
    @discardableResult
    public func grantRole(_ role: WorkspaceRole, to principal: PrincipalID, in workspace: WorkspaceID,
                          by actor: PrincipalID) async throws -> Outcome<WorkspaceState?> {
        try await execute(WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor,
                          retryOnConflict: true, .grantRole(principal, role))
    }

    /// Takes a principal's role away (admins only).
    @discardableResult
    public func revokeRole(of principal: PrincipalID, in workspace: WorkspaceID, by actor: PrincipalID) async throws -> Outcome<WorkspaceState?> {
        try await execute(WorkspaceDecider.self, workspace: workspace, stream: .workspace(workspace), actor: actor,
                          retryOnConflict: true, .revokeRole(principal))
    }

    // MARK: ICP

    /// Drafts an ICP; its definition is open as proposed revision 1.
    @discardableResult
    public func draftICP(_ id: ICPID = ICPID(), in workspace: WorkspaceID, owner: PrincipalID, definition: ICPDefinition,
                         by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(id), actor: actor, retryOnConflict: false,
                          .draft(id: id, workspaceId: workspace, owner: owner, definition: definition))
    }

    /// Proposes a revision; returns its number in `state`. Retried on conflict (the changes are re-checked).
    @discardableResult
    public func proposeRevision(_ icp: ICPID, in workspace: WorkspaceID, changes: [DefinitionChange], rationale: String,
                                evidence: [EvidenceRef] = [], by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: true,
                          .proposeRevision(changes: changes, rationale: rationale, evidence: evidence))
    }

    /// Proposes the revision that turns the base definition into `definition`.
    @discardableResult
    public func proposeDefinition(_ icp: ICPID, in workspace: WorkspaceID, definition: ICPDefinition, rationale: String,
                                  evidence: [EvidenceRef] = [], by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        let stream = Self.streamID(workspace, .icp(icp))
        guard let state = try await load(ICPDecider.self, stream).0 else { throw LedgerError.icpNotFound(icp.description) }
        let changes = DefinitionDiff.between(state.baseDefinition, definition).changes
        return try await proposeRevision(icp, in: workspace, changes: changes, rationale: rationale, evidence: evidence, by: actor)
    }

    /// Replaces an open proposal's changes (not retried).
    @discardableResult
    public func amendProposal(_ icp: ICPID, in workspace: WorkspaceID, revision: Int, changes: [DefinitionChange],
                              rationale: String, evidence: [EvidenceRef] = [], by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
                          .amendProposal(revision: revision, changes: changes, rationale: rationale, evidence: evidence))
    }

    /// Approves a revision, with an optional comment recorded on the approval (four-eyes; not retried).
    @discardableResult
    public func approve(_ icp: ICPID, in workspace: WorkspaceID, revision: Int, comment: String? = nil,
                        by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
                          .approveRevision(revision, comment: comment))
    }

    /// Rejects a revision (not retried).
    @discardableResult
    public func reject(_ icp: ICPID, in workspace: WorkspaceID, revision: Int, reason: String, by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
                          .rejectRevision(revision, reason: reason))
    }

    /// Publishes an approved revision from a day (not retried).
    @discardableResult
    public func publish(_ icp: ICPID, in workspace: WorkspaceID, revision: Int, effectiveOn: CalendarDay,
                        by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
                          .publishRevision(revision, effectiveOn: effectiveOn))
    }

    /// Publishes without approval (admins only); an after-the-fact review becomes owed.
    @discardableResult
    public func emergencyPublish(_ icp: ICPID, in workspace: WorkspaceID, revision: Int, effectiveOn: CalendarDay,
                                 justification: String, by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
                          .emergencyPublish(revision, effectiveOn: effectiveOn, justification: justification))
    }

    /// Closes the after-the-fact review of an emergency publication.
    @discardableResult
    public func completeAfterTheFactReview(_ icp: ICPID, in workspace: WorkspaceID, revision: Int, comment: String,
                                           by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
                          .completeAfterTheFactReview(revision: revision, comment: comment))
    }

    /// Records the periodic review (retried on conflict).
    @discardableResult
    public func recordReview(_ icp: ICPID, in workspace: WorkspaceID, outcome: ReviewOutcome, notes: String,
                             by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: true,
                          .recordQuarterlyReview(outcome: outcome, notes: notes))
    }

    /// Flags the ICP stale for a due date (idempotent; retried on conflict).
    @discardableResult
    public func flagStale(_ icp: ICPID, in workspace: WorkspaceID, dueOn: CalendarDay, by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: true,
                          .flagStale(dueOn: dueOn))
    }

    /// Retires the ICP (not retried).
    @discardableResult
    public func retire(_ icp: ICPID, in workspace: WorkspaceID, reason: String, by actor: PrincipalID) async throws -> Outcome<ICPState?> {
        try await execute(ICPDecider.self, workspace: workspace, stream: .icp(icp), actor: actor, retryOnConflict: false,
                          .retire(reason: reason))
    }

    // MARK: Findings

    /// Records an audit finding.
    @discardableResult
    public func recordFinding(_ id: FindingID = FindingID(), in workspace: WorkspaceID, audit: AuditType, summary: String,
                              severity: FindingSeverity, metrics: [String: Double] = [:], recommendation: String,
                              icp: ICPID? = nil, notesRef: String? = nil, by actor: PrincipalID) async throws -> Outcome<FindingState?> {
        try await execute(FindingDecider.self, workspace: workspace, stream: .finding(id), actor: actor, retryOnConflict: false,
                          .record(id: id, workspaceId: workspace, auditType: audit, summary: summary, severity: severity,
                                  metrics: metrics, recommendation: recommendation, icpId: icp, notesRef: notesRef))
    }

    /// Resolves a finding by a revision or a decision (retried on conflict).
    @discardableResult
    public func resolveFinding(_ id: FindingID, in workspace: WorkspaceID, resolution: FindingResolution,
                               by actor: PrincipalID) async throws -> Outcome<FindingState?> {
        try await execute(FindingDecider.self, workspace: workspace, stream: .finding(id), actor: actor, retryOnConflict: true,
                          .resolve(resolution))
    }
}
