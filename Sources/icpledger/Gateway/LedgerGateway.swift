import Foundation
import ICPDomain
import ICPFile
import ICPLedger
import Webhooks

/// What the CLI's ledger commands ask of the ledger. Two answer it: ``DirectGateway`` through the
/// database (operators; it trusts `--as`), and ``RemoteGateway`` through an icpledger server's API,
/// where the bearer token says who acts. A command is written once against this protocol, so both
/// modes print the same output and exit with the same codes.
protocol LedgerGateway: Sendable {
    /// True when a token says who acts (remote mode), false when `--as` does (direct mode).
    var actsByToken: Bool { get }

    /// The person who acts in `workspace`: `--as` in direct mode, the token's person remotely. A clear
    /// error when they hold no role there (`role` is the least the action needs, for the hint).
    func actor(in workspace: WorkspaceSummary, needs role: WorkspaceRole) async throws -> PrincipalID

    // MARK: Reads

    func workspace(named text: String) async throws -> WorkspaceSummary
    func listWorkspaces() async throws -> [WorkspaceSummary]
    func listICPs(in workspace: WorkspaceID) async throws -> [ICPSummary]
    /// Everyone registered in the workspace, with their role (nil once it was revoked).
    func people(in workspace: WorkspaceID) async throws -> [Person]
    func currentICP(_ icp: ICPID, in workspace: WorkspaceID) async throws -> CurrentICP?
    func revisionHistory(_ icp: ICPID, in workspace: WorkspaceID) async throws -> [RevisionRecord]
    func revision(_ number: Int, of icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord
    func operatingOn(_ day: CalendarDay, icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord?
    func recordedAt(_ moment: Date, icp: ICPID, in workspace: WorkspaceID) async throws -> RecordedSnapshot?
    func findings(in workspace: WorkspaceID, openOnly: Bool) async throws -> [FindingRecord]
    /// The ICP as its YAML file (`revision` nil: the operating one, else the draft); nil when there is no such revision.
    func export(_ icp: ICPSummary, revision: Int?, in workspace: WorkspaceSummary) async throws -> ExportedFile?
    /// The plan of an ICP file (`text`, already parsed as `document`) against what operates now,
    /// linted with the evidence it comes with; refuses a file exported from a revision that is no
    /// longer operating. Stores nothing.
    func plan(_ document: ICPFileDocument, text: String, evidence: [EvidenceRef], in workspace: WorkspaceSummary) async throws -> PlanResult
    /// The lint warnings of an ICP's revision in force (or `revision`).
    func lint(_ icp: ICPID, revision: Int?, in workspace: WorkspaceSummary) async throws -> [LintWarning]

    // MARK: Commands

    /// Creates a workspace whose first admin is the acting person; returns it and that person's name.
    func createWorkspace(name: String, timeZone: String, fiscalYearStartMonth: Int) async throws -> (workspace: WorkspaceID, admin: String)
    /// Gives `name` a role, registering them when new (admins only).
    func grant(_ role: WorkspaceRole, to name: String, email: String?, in workspace: WorkspaceSummary) async throws -> PrincipalID
    func decide(_ decision: RevisionDecision, icp: ICPSummary, revision: Int, in workspace: WorkspaceSummary) async throws -> DecidedRevision
    func draftICP(
        in workspace: WorkspaceSummary, owner: PrincipalID, definition: ICPDefinition, rationale: String?, evidence: [EvidenceRef]
    ) async throws -> ICPID
    /// Proposes a definition for an existing ICP; proposing again what the actor's open revision holds returns it unchanged.
    func propose(
        _ icp: ICPID, in workspace: WorkspaceSummary, definition: ICPDefinition, rationale: String, evidence: [EvidenceRef], basedOn: Int,
        resolves: [FindingID]
    ) async throws -> Proposal
    /// Replaces an open proposal's definition; its approvals are dismissed.
    func amend(
        _ icp: ICPID, revision: Int, definition: ICPDefinition, rationale: String, evidence: [EvidenceRef], in workspace: WorkspaceSummary
    ) async throws -> DecidedRevision
    /// Closes the after-the-fact review of an emergency publication; returns the kinds of the events stored
    /// (a reverted one adds `RevisionProposed`).
    func completeReview(
        _ icp: ICPID, revision: Int, outcome: AfterTheFactOutcome, notes: String, in workspace: WorkspaceSummary
    ) async throws -> [String]
    func retire(_ icp: ICPID, reason: String, in workspace: WorkspaceSummary) async throws
    /// Makes `owner` (a person with a role) the ICP's owner.
    func reassign(_ icp: ICPID, to owner: PrincipalID, in workspace: WorkspaceSummary) async throws
    func recordFinding(_ finding: NewFinding, in workspace: WorkspaceSummary) async throws -> FindingID
    func resolveFinding(_ finding: FindingID, resolution: FindingResolution, in workspace: WorkspaceSummary) async throws
    /// Erases the person from the workspace (admins, not themselves).
    func erase(_ name: String, in workspace: WorkspaceSummary) async throws -> ErasureReport
    /// Takes the person's role away (admins only); returns their principal id.
    func revokeRole(of name: String, in workspace: WorkspaceSummary) async throws -> PrincipalID
    func recordReview(_ icp: ICPID, in workspace: WorkspaceSummary, outcome: ReviewOutcome, notes: String) async throws

    // MARK: Field mapping

    /// The workspace's field mapping and its history.
    func fieldMapping(in workspace: WorkspaceSummary) async throws -> (mapping: FieldMapping, history: [FieldMappingChange])
    /// Replaces it (admins); false when it was already this mapping.
    func setFieldMapping(_ mapping: FieldMapping, in workspace: WorkspaceSummary) async throws -> Bool

    // MARK: Webhooks (admins)

    /// Adds a subscription; returns it and its secret (shown once).
    func addWebhook(_ request: NewWebhookSubscription, in workspace: WorkspaceSummary) async throws -> (WebhookSubscription, String)
    func webhooks(in workspace: WorkspaceSummary, includingRemoved: Bool) async throws -> [WebhookSubscription]
    /// False when there is no such live subscription.
    func removeWebhook(_ id: UUID, in workspace: WorkspaceSummary) async throws -> Bool
    /// Sends a test ping now; nil when there is no such live subscription.
    func testWebhook(_ id: UUID, in workspace: WorkspaceSummary) async throws -> WebhookPing?

    // MARK: Pipeline snapshots

    /// Imports a pipeline export (editors and above).
    func importPipeline(_ input: PipelineInput, options: PipelineImportOptions, in workspace: WorkspaceSummary) async throws -> PipelineImportResult
    /// Every snapshot, oldest day first.
    func pipelineSnapshots(in workspace: WorkspaceSummary) async throws -> [PipelineSnapshot]
    /// A snapshot's rows with their frozen scores explained, from `offset`.
    func snapshotRows(_ id: SnapshotID, in workspace: WorkspaceSummary, offset: Int, limit: Int) async throws -> [SnapshotRow]
    /// Erases a snapshot's rows (admins); returns how many.
    func eraseSnapshot(_ id: SnapshotID, in workspace: WorkspaceSummary) async throws -> Int
    /// The impact of a revision of an ICP on the latest snapshot; nil without one.
    func impact(of revision: Int, icp: ICPID, in workspace: WorkspaceSummary) async throws -> SnapshotImpact?
}

/// What a test ping found.
struct WebhookPing: Sendable, Codable {
    var delivered: Bool
    var status: Int?
    var result: String
}

extension LedgerGateway {
    /// The ICP `text` names: its id, its exact name, or a name prefix only it has.
    func resolveICP(_ text: String, in workspace: WorkspaceID) async throws -> ICPSummary {
        try ICPSummary.resolve(text, in: try await listICPs(in: workspace))
    }

    /// The principal id of a person registered under `name`.
    func principal(named name: String, in workspace: WorkspaceID) async throws -> PrincipalID {
        guard let person = try await people(in: workspace).first(where: { $0.name == name }) else {
            throw LedgerError.principalNotFound(name)
        }
        return person.principal
    }

    /// Names for principal ids, for display.
    func names(in workspace: WorkspaceID) async throws -> PrincipalNames {
        PrincipalNames(names: Dictionary(try await people(in: workspace).map { ($0.principal, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }
}

/// A person of a workspace: name, principal id and role (nil once revoked).
struct Person: Sendable, Hashable, Codable {
    var principal: PrincipalID
    var name: String
    var role: WorkspaceRole?
}

/// The ICP as the ledger had recorded it at an instant.
struct RecordedSnapshot: Sendable {
    var eventCount: Int
    var status: ICPStatus
    var publishedRevision: Int?
    var revisions: Int
    /// The published definition, else the draft's.
    var definition: ICPDefinition
}

/// An ICP's YAML file and what it was exported from.
struct ExportedFile: Sendable {
    var yaml: String
    var name: String
    var baseRevision: Int?
}

/// A plan: its counts (and exit code) and its text as `icp plan` prints it.
struct PlanResult: Sendable {
    var summary: PlanSummary
    var text: String
}

/// A decision on a proposed revision.
enum RevisionDecision: Sendable {
    case approve(comment: String?)
    case reject(reason: String)
    /// `effectiveOn` nil: today in the workspace's time zone.
    case publish(effectiveOn: CalendarDay?, backdated: Bool)
    case emergencyPublish(effectiveOn: CalendarDay?, justification: String, backdated: Bool)

    /// The least role that may take it.
    var role: WorkspaceRole {
        switch self {
        case .approve, .reject: .approver
        case .publish: .editor
        case .emergencyPublish: .admin
        }
    }
}

/// A revision after a decision.
struct DecidedRevision: Sendable {
    var status: RevisionStatus?
    var effectiveOn: CalendarDay?
}

/// What a proposal recorded: the revision, and whether it was an identical open one returned again.
struct Proposal: Sendable {
    var revision: Int
    var repeated: Bool
}

/// An audit finding to record.
struct NewFinding: Sendable {
    var audit: AuditType
    var summary: String
    var severity: FindingSeverity
    var metrics: [String: Double]
    var recommendation: String
    var icp: ICPID?
    /// Notes that may name people; kept outside the hash chain and erasable.
    var notes: String? = nil
}

/// An ICP file exported from a revision that no longer operates.
struct StaleFileError: Error, CustomStringConvertible {
    let description: String
}
