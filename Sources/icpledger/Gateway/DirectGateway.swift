import Foundation
import ICPDomain
import ICPFile
import ICPLedger
import WebhookDelivery
import Webhooks

/// The ledger reached through the database: an operator's mode. It trusts the acting name
/// (`--as`, `ICPLEDGER_ACTOR` or the OS user) as whoever holds the database credentials can.
struct DirectGateway: LedgerGateway {
    let ledger: Ledger
    /// The command's `--as`; nil for a command that only reads (it acts as no one).
    let acting: ActorOptions?

    var actsByToken: Bool { false }

    func actor(in workspace: WorkspaceSummary, needs role: WorkspaceRole) async throws -> PrincipalID {
        try await actingOptions().principal(ledger, workspace, needs: role)
    }

    private func actingOptions() throws -> ActorOptions {
        guard let acting else { throw CLIError("this command reads only; it cannot act for anyone") }
        return acting
    }

    func workspace(named text: String) async throws -> WorkspaceSummary { try await ledger.workspace(named: text) }
    func listWorkspaces() async throws -> [WorkspaceSummary] { try await ledger.listWorkspaces() }
    func listICPs(in workspace: WorkspaceID) async throws -> [ICPSummary] { try await ledger.listICPs(in: workspace) }

    func people(in workspace: WorkspaceID) async throws -> [Person] {
        let grants = try await ledger.workspaceState(workspace)?.grants ?? [:]
        return try await ledger.principals(in: workspace).map { Person(principal: $0.id, name: $0.name, role: grants[$0.id]) }
    }

    func currentICP(_ icp: ICPID, in workspace: WorkspaceID) async throws -> CurrentICP? { try await ledger.currentICP(icp, in: workspace) }

    func revisionHistory(_ icp: ICPID, in workspace: WorkspaceID) async throws -> [RevisionRecord] {
        try await ledger.revisionHistory(icp, in: workspace)
    }

    func revision(_ number: Int, of icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord {
        try await ledger.revision(number, of: icp, in: workspace)
    }

    func operatingOn(_ day: CalendarDay, icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord? {
        try await ledger.operatingOn(day, icp: icp, in: workspace)
    }

    func recordedAt(_ moment: Date, icp: ICPID, in workspace: WorkspaceID) async throws -> RecordedSnapshot? {
        guard let recorded = try await ledger.recordedAt(moment, icp: icp, in: workspace) else { return nil }
        let state = recorded.state
        return RecordedSnapshot(
            eventCount: recorded.eventCount, status: state.status, publishedRevision: state.publishedRevision,
            revisions: state.revisions.count, definition: state.publishedDefinition ?? state.draftDefinition)
    }

    func findings(in workspace: WorkspaceID, openOnly: Bool) async throws -> [FindingRecord] {
        try await ledger.findings(in: workspace, openOnly: openOnly)
    }

    func export(_ icp: ICPSummary, revision: Int?, in workspace: WorkspaceSummary) async throws -> ExportedFile? {
        guard let state = try await ledger.icpState(icp.id, in: workspace.id) else { throw LedgerError.icpNotFound(icp.name) }
        let owner = try await names(in: workspace.id)[state.owner]
        guard let document = ICPFileDocument.exported(from: state, revision: revision, workspace: workspace.name, owner: owner) else {
            return nil
        }
        return ExportedFile(yaml: document.yaml(), name: document.definition.name, baseRevision: state.publishedRevision)
    }

    func plan(_ document: ICPFileDocument, text: String, evidence: [EvidenceRef], in workspace: WorkspaceSummary) async throws -> PlanResult {
        var state: ICPState? = nil
        if let icp = document.icp {
            guard let found = try await ledger.icpState(icp, in: workspace.id) else { throw LedgerError.icpNotFound(icp.description) }
            state = found
        }
        if let stale = document.staleness(operatingRevision: state?.publishedRevision) { throw StaleFileError(description: stale.description) }
        let plan = try await ledger.plan(document.definition, against: state, evidence: evidence, in: workspace.id)
        return PlanResult(summary: plan.summary, text: plan.rendered())
    }

    func lint(_ icp: ICPID, revision: Int?, in workspace: WorkspaceSummary) async throws -> [LintWarning] {
        try await ledger.lint(icp, revision: revision, in: workspace.id)
    }

    func createWorkspace(name: String, timeZone: String, fiscalYearStartMonth: Int) async throws -> (workspace: WorkspaceID, admin: String) {
        let creator = try actingOptions().name
        let id = WorkspaceID()
        // The creator's id is minted first and named after the workspace exists, so a refused create
        // stores nothing at all.
        let admin = PrincipalID(UUID())
        try await ledger.createWorkspace(id, name: name, timeZone: timeZone, fiscalYearStartMonth: fiscalYearStartMonth, by: admin)
        _ = try await ledger.registerPrincipal(creator, in: id, id: admin)
        return (id, creator)
    }

    func grant(_ role: WorkspaceRole, to name: String, email: String?, in workspace: WorkspaceSummary) async throws -> PrincipalID {
        let by = try await actor(in: workspace, needs: .admin)
        // Grant first, name after: a refused grant leaves no new principal behind.
        let existing = try? await ledger.principal(named: name, in: workspace.id)
        let id = existing ?? PrincipalID(UUID())
        try await ledger.grantRole(role, to: id, in: workspace.id, by: by)
        if existing == nil { _ = try await ledger.registerPrincipal(name, email: email, in: workspace.id, id: id) }
        return id
    }

    func decide(_ decision: RevisionDecision, icp: ICPSummary, revision: Int, in workspace: WorkspaceSummary) async throws -> DecidedRevision {
        let by = try await actor(in: workspace, needs: decision.role)
        let outcome: Ledger.Outcome<ICPState?>
        switch decision {
        case .approve(let comment):
            outcome = try await ledger.approve(icp.id, in: workspace.id, revision: revision, comment: comment, by: by)
        case .reject(let reason):
            outcome = try await ledger.reject(icp.id, in: workspace.id, revision: revision, reason: reason, by: by)
        case .publish(let day, let backdated):
            outcome = try await ledger.publish(
                icp.id, in: workspace.id, revision: revision, effectiveOn: day ?? CLIValues.today(workspace), backdated: backdated, by: by)
        case .emergencyPublish(let day, let justification, let backdated):
            outcome = try await ledger.emergencyPublish(
                icp.id, in: workspace.id, revision: revision, effectiveOn: day ?? CLIValues.today(workspace),
                justification: justification, backdated: backdated, by: by)
        }
        let decided = outcome.state?.revision(revision)
        return DecidedRevision(status: decided?.status, effectiveOn: decided?.effectiveOn)
    }

    func draftICP(
        in workspace: WorkspaceSummary, owner: PrincipalID, definition: ICPDefinition, rationale: String?, evidence: [EvidenceRef]
    ) async throws -> ICPID {
        let by = try await actor(in: workspace, needs: .editor)
        let icp = ICPID()
        try await ledger.draftICP(icp, in: workspace.id, owner: owner, definition: definition, rationale: rationale, evidence: evidence, by: by)
        return icp
    }

    func propose(
        _ icp: ICPID, in workspace: WorkspaceSummary, definition: ICPDefinition, rationale: String, evidence: [EvidenceRef], basedOn: Int,
        resolves: [FindingID]
    ) async throws -> Proposal {
        let by = try await actor(in: workspace, needs: .editor)
        let outcome = try await ledger.proposeDefinition(
            icp, in: workspace.id, definition: definition, rationale: rationale, evidence: evidence, basedOn: basedOn, resolves: resolves, by: by)
        guard let number = outcome.revision else { throw CLIError("the proposal was not recorded") }
        return Proposal(revision: number, repeated: outcome.events.isEmpty)
    }

    func amend(
        _ icp: ICPID, revision: Int, definition: ICPDefinition, rationale: String, evidence: [EvidenceRef], in workspace: WorkspaceSummary
    ) async throws -> DecidedRevision {
        let by = try await actor(in: workspace, needs: .editor)
        let outcome = try await ledger.amendDefinition(
            icp, in: workspace.id, revision: revision, definition: definition, rationale: rationale, evidence: evidence, by: by)
        let amended = outcome.state?.revision(revision)
        return DecidedRevision(status: amended?.status, effectiveOn: amended?.effectiveOn)
    }

    func completeReview(
        _ icp: ICPID, revision: Int, outcome: AfterTheFactOutcome, notes: String, in workspace: WorkspaceSummary
    ) async throws -> [String] {
        let by = try await actor(in: workspace, needs: .approver)
        return try await ledger.completeAfterTheFactReview(icp, in: workspace.id, revision: revision, outcome: outcome, comment: notes, by: by)
            .events.map(\.kind.rawValue)
    }

    func retire(_ icp: ICPID, reason: String, in workspace: WorkspaceSummary) async throws {
        let by = try await actor(in: workspace, needs: .approver)
        try await ledger.retire(icp, in: workspace.id, reason: reason, by: by)
    }

    func reassign(_ icp: ICPID, to owner: PrincipalID, in workspace: WorkspaceSummary) async throws {
        let by = try await actor(in: workspace, needs: .approver)
        try await ledger.reassign(icp, in: workspace.id, to: owner, by: by)
    }

    func resolveFinding(_ finding: FindingID, resolution: FindingResolution, in workspace: WorkspaceSummary) async throws {
        let by = try await actor(in: workspace, needs: .editor)
        try await ledger.resolveFinding(finding, in: workspace.id, resolution: resolution, by: by)
    }

    func erase(_ name: String, in workspace: WorkspaceSummary) async throws -> ErasureReport {
        let by = try await actor(in: workspace, needs: .admin)
        return try await ledger.erasePrincipal(try await ledger.principal(named: name, in: workspace.id), in: workspace.id, by: by)
    }

    func revokeRole(of name: String, in workspace: WorkspaceSummary) async throws -> PrincipalID {
        let by = try await actor(in: workspace, needs: .admin)
        let principal = try await ledger.principal(named: name, in: workspace.id)
        try await ledger.revokeRole(of: principal, in: workspace.id, by: by)
        return principal
    }

    func recordFinding(_ finding: NewFinding, in workspace: WorkspaceSummary) async throws -> FindingID {
        let by = try await actor(in: workspace, needs: .editor)
        let id = FindingID()
        try await ledger.recordFinding(
            id, in: workspace.id, audit: finding.audit, summary: finding.summary, severity: finding.severity, metrics: finding.metrics,
            recommendation: finding.recommendation, icp: finding.icp, notes: finding.notes, by: by)
        return id
    }

    func recordReview(_ icp: ICPID, in workspace: WorkspaceSummary, outcome: ReviewOutcome, notes: String) async throws {
        let by = try await actor(in: workspace, needs: .editor)
        try await ledger.recordReview(icp, in: workspace.id, outcome: outcome, notes: notes, by: by)
    }

    func fieldMapping(in workspace: WorkspaceSummary) async throws -> (mapping: FieldMapping, history: [FieldMappingChange]) {
        (try await ledger.fieldMapping(in: workspace.id), try await ledger.fieldMappingHistory(in: workspace.id))
    }

    func setFieldMapping(_ mapping: FieldMapping, in workspace: WorkspaceSummary) async throws -> Bool {
        let by = try await actor(in: workspace, needs: .admin)
        return try await ledger.setFieldMapping(mapping, in: workspace.id, by: by)
    }

    func importPipeline(_ input: PipelineInput, options: PipelineImportOptions, in workspace: WorkspaceSummary) async throws -> PipelineImportResult {
        let by = try await actor(in: workspace, needs: .editor)
        return try await ledger.importPipeline(input, options: options, in: workspace.id, by: by)
    }

    func pipelineSnapshots(in workspace: WorkspaceSummary) async throws -> [PipelineSnapshot] {
        try await ledger.pipelineSnapshots(in: workspace.id)
    }

    func snapshotRows(_ id: SnapshotID, in workspace: WorkspaceSummary, offset: Int, limit: Int) async throws -> [SnapshotRow] {
        try await ledger.snapshotRows(id, in: workspace.id, offset: offset, limit: limit)
    }

    func eraseSnapshot(_ id: SnapshotID, in workspace: WorkspaceSummary) async throws -> Int {
        let by = try await actor(in: workspace, needs: .admin)
        return try await ledger.erasePipelineSnapshot(id, in: workspace.id, by: by)
    }

    func impact(of revision: Int, icp: ICPID, in workspace: WorkspaceSummary) async throws -> SnapshotImpact? {
        let record = try await ledger.revision(revision, of: icp, in: workspace.id)
        return try await ledger.impactPreview(of: record.definition, revision: revision, icp: icp, in: workspace.id)
    }

    func addWebhook(_ request: NewWebhookSubscription, in workspace: WorkspaceSummary) async throws -> (WebhookSubscription, String) {
        let by = try await actor(in: workspace, needs: .admin)
        return try await ledger.addWebhook(request, in: workspace.id, by: by)
    }

    func webhooks(in workspace: WorkspaceSummary, includingRemoved: Bool) async throws -> [WebhookSubscription] {
        let by = try await actor(in: workspace, needs: .admin)
        return try await ledger.webhooks(in: workspace.id, by: by, includingRemoved: includingRemoved)
    }

    func removeWebhook(_ id: UUID, in workspace: WorkspaceSummary) async throws -> Bool {
        let by = try await actor(in: workspace, needs: .admin)
        return try await ledger.removeWebhook(id, in: workspace.id, by: by)
    }

    func testWebhook(_ id: UUID, in workspace: WorkspaceSummary) async throws -> WebhookPing? {
        let by = try await actor(in: workspace, needs: .admin)
        guard let target = try await ledger.webhookTarget(id, in: workspace.id, by: by) else { return nil }
        let sender = WebhookSender(policy: ledger.webhookAddresses)
        let result = await sender.ping(target)
        await sender.shutdown()
        return WebhookPing(delivered: result.delivered, status: result.status, result: result.summary)
    }
}
