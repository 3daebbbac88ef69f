import Foundation
import ICPDomain
import ICPFile
import ICPLedger
import Webhooks

/// The ledger reached through an icpledger server's API (`ICPLEDGER_SERVER`). The bearer token
/// (`ICPLEDGER_TOKEN`) says who acts; the server checks every role and records its person as the actor.
struct RemoteGateway: LedgerGateway {
    let client: APIClient

    // MARK: Answers of the API

    private struct Me: Decodable {
        struct Membership: Decodable {
            var workspace: WorkspaceID
            var principal: PrincipalID
        }
        var name: String
        var workspaces: [Membership]
    }
    private struct Workspaces: Decodable { var workspaces: [WorkspaceSummary] }
    private struct ICPs: Decodable { var icps: [ICPSummary] }
    private struct People: Decodable { var principals: [Person] }
    private struct Revisions: Decodable { var revisions: [RevisionRecord] }
    private struct Findings: Decodable { var findings: [FindingRecord] }
    private struct Recorded: Decodable {
        var eventCount: Int
        var status: ICPStatus
        var publishedRevision: Int?
        var definition: ICPDefinition?
        var draftDefinition: ICPDefinition?
        var revisions: Int
    }
    private struct Planned: Decodable {
        var summary: PlanSummary
        var text: String
    }
    private struct Changed: Decodable {
        var revision: Int?
        var events: [String]
    }
    private struct Drafted: Decodable { var icp: ICPID }
    private struct Registered: Decodable { var principal: PrincipalID }
    private struct RecordedFinding: Decodable { var finding: FindingID }

    private func workspacePath(_ workspace: WorkspaceID) -> String { "/v1/workspaces/\(workspace)" }
    private func icpPath(_ icp: ICPID, _ workspace: WorkspaceID) -> String { "/v1/workspaces/\(workspace)/icps/\(icp)" }

    // MARK: Who acts

    var actsByToken: Bool { true }

    func actor(in workspace: WorkspaceSummary, needs role: WorkspaceRole) async throws -> PrincipalID {
        let me = try await client.get(Me.self, "/v1/me")
        guard let membership = me.workspaces.first(where: { $0.workspace == workspace.id }) else {
            throw CLIError("your token's account '\(me.name)' has no role in workspace '\(workspace.name)'; ask one of its admins for one")
        }
        return membership.principal
    }

    // MARK: Reads

    func workspace(named text: String) async throws -> WorkspaceSummary {
        try WorkspaceSummary.resolve(text, in: try await listWorkspaces())
    }

    func listWorkspaces() async throws -> [WorkspaceSummary] {
        try await client.get(Workspaces.self, "/v1/workspaces").workspaces
    }

    func listICPs(in workspace: WorkspaceID) async throws -> [ICPSummary] {
        try await client.get(ICPs.self, workspacePath(workspace) + "/icps").icps
    }

    func people(in workspace: WorkspaceID) async throws -> [Person] {
        try await client.get(People.self, workspacePath(workspace) + "/principals").principals
    }

    func currentICP(_ icp: ICPID, in workspace: WorkspaceID) async throws -> CurrentICP? {
        try await client.get(CurrentICP.self, icpPath(icp, workspace) + "/current", missingIsNil: true)
    }

    func revisionHistory(_ icp: ICPID, in workspace: WorkspaceID) async throws -> [RevisionRecord] {
        try await client.get(Revisions.self, icpPath(icp, workspace) + "/revisions", missingIsNil: true)?.revisions ?? []
    }

    func revision(_ number: Int, of icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord {
        try await client.get(RevisionRecord.self, icpPath(icp, workspace) + "/revisions/\(number)")
    }

    func operatingOn(_ day: CalendarDay, icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord? {
        try await client.get(
            RevisionRecord.self, icpPath(icp, workspace) + "/operating", query: [URLQueryItem(name: "on", value: day.description)],
            missingIsNil: true)
    }

    func recordedAt(_ moment: Date, icp: ICPID, in workspace: WorkspaceID) async throws -> RecordedSnapshot? {
        let at = moment.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        guard
            let recorded = try await client.get(
                Recorded.self, icpPath(icp, workspace) + "/recorded", query: [URLQueryItem(name: "at", value: at)], missingIsNil: true),
            let definition = recorded.definition ?? recorded.draftDefinition
        else { return nil }
        return RecordedSnapshot(
            eventCount: recorded.eventCount, status: recorded.status, publishedRevision: recorded.publishedRevision,
            revisions: recorded.revisions, definition: definition)
    }

    func findings(in workspace: WorkspaceID, openOnly: Bool) async throws -> [FindingRecord] {
        try await client.get(
            Findings.self, workspacePath(workspace) + "/findings", query: [URLQueryItem(name: "open", value: openOnly ? "true" : "false")]
        ).findings
    }

    func export(_ icp: ICPSummary, revision: Int?, in workspace: WorkspaceSummary) async throws -> ExportedFile? {
        let answer = try await client.send(
            "GET", icpPath(icp.id, workspace.id) + "/export", query: revision.map { [URLQueryItem(name: "revision", value: String($0))] } ?? [],
            allowing: [404])
        if answer.status == 404 { return nil }
        let yaml = String(decoding: answer.data, as: UTF8.self)
        let document = try? ICPFileDocument.parse(yaml)
        return ExportedFile(yaml: yaml, name: document?.definition.name ?? icp.name, baseRevision: document?.baseRevision)
    }

    private struct Warnings: Decodable { var warnings: [LintWarning] }

    func lint(_ icp: ICPID, revision: Int?, in workspace: WorkspaceSummary) async throws -> [LintWarning] {
        try await client.get(
            Warnings.self, icpPath(icp, workspace.id) + "/lint", query: revision.map { [URLQueryItem(name: "revision", value: String($0))] } ?? []
        ).warnings
    }

    func plan(_ document: ICPFileDocument, text: String, evidence: [EvidenceRef], in workspace: WorkspaceSummary) async throws -> PlanResult {
        do {
            let planned = try await client.post(
                Planned.self, workspacePath(workspace.id) + "/plan", .yaml(text),
                query: evidence.map { URLQueryItem(name: "evidence", value: $0.reference) })
            return PlanResult(summary: planned.summary, text: planned.text)
        } catch let refusal as RemoteFailure where refusal.status == 409 {
            throw StaleFileError(description: refusal.description)
        }
    }

    // MARK: Commands

    private struct NewWorkspace: Encodable {
        var name: String
        var timeZone: String
        var fiscalYearStartMonth: Int
    }

    func createWorkspace(name: String, timeZone: String, fiscalYearStartMonth: Int) async throws -> (workspace: WorkspaceID, admin: String) {
        let created = try await client.post(
            WorkspaceSummary.self, "/v1/workspaces", .json(NewWorkspace(name: name, timeZone: timeZone, fiscalYearStartMonth: fiscalYearStartMonth)))
        return (created.id, try await client.get(Me.self, "/v1/me").name)
    }

    private struct Registration: Encodable {
        var name: String
        var email: String?
        var role: WorkspaceRole
    }

    func grant(_ role: WorkspaceRole, to name: String, email: String?, in workspace: WorkspaceSummary) async throws -> PrincipalID {
        try await client.post(Registered.self, workspacePath(workspace.id) + "/principals", .json(Registration(name: name, email: email, role: role)))
            .principal
    }

    private struct Approval: Encodable { var comment: String? }
    private struct Rejection: Encodable { var reason: String }
    private struct Publication: Encodable {
        var effectiveOn: CalendarDay?
        var backdated: Bool
    }
    private struct Bypass: Encodable {
        var justification: String
        var effectiveOn: CalendarDay?
        var backdated: Bool
    }

    func decide(_ decision: RevisionDecision, icp: ICPSummary, revision: Int, in workspace: WorkspaceSummary) async throws -> DecidedRevision {
        let path = icpPath(icp.id, workspace.id) + "/revisions/\(revision)"
        let (action, body): (String, any Encodable) =
            switch decision {
            case .approve(let comment): ("approve", Approval(comment: comment))
            case .reject(let reason): ("reject", Rejection(reason: reason))
            case .publish(let day, let backdated): ("publish", Publication(effectiveOn: day, backdated: backdated))
            case .emergencyPublish(let day, let justification, let backdated):
                ("emergency-publish", Bypass(justification: justification, effectiveOn: day, backdated: backdated))
            }
        _ = try await client.post(Changed.self, path + "/" + action, .json(body))
        let record = try await client.get(RevisionRecord.self, path)
        return DecidedRevision(status: record.status, effectiveOn: record.effectiveOn)
    }

    private struct Draft: Encodable {
        var definition: ICPDefinition
        var rationale: String?
        var owner: PrincipalID
        var evidence: [EvidenceRef]
    }

    func draftICP(
        in workspace: WorkspaceSummary, owner: PrincipalID, definition: ICPDefinition, rationale: String?, evidence: [EvidenceRef]
    ) async throws -> ICPID {
        try await client.post(
            Drafted.self, workspacePath(workspace.id) + "/icps",
            .json(Draft(definition: definition, rationale: rationale, owner: owner, evidence: evidence))
        ).icp
    }

    private struct Proposed: Encodable {
        var definition: ICPDefinition
        var rationale: String
        var evidence: [EvidenceRef]
        var basedOn: Int
        var resolves: [FindingID]
    }

    func propose(
        _ icp: ICPID, in workspace: WorkspaceSummary, definition: ICPDefinition, rationale: String, evidence: [EvidenceRef], basedOn: Int,
        resolves: [FindingID]
    ) async throws -> Proposal {
        let changed = try await client.post(
            Changed.self, icpPath(icp, workspace.id) + "/revisions",
            .json(Proposed(definition: definition, rationale: rationale, evidence: evidence, basedOn: basedOn, resolves: resolves)))
        guard let revision = changed.revision else { throw CLIError("the proposal was not recorded") }
        return Proposal(revision: revision, repeated: changed.events.isEmpty)
    }

    private struct Amendment: Encodable {
        var definition: ICPDefinition
        var rationale: String
        var evidence: [EvidenceRef]
    }

    func amend(
        _ icp: ICPID, revision: Int, definition: ICPDefinition, rationale: String, evidence: [EvidenceRef], in workspace: WorkspaceSummary
    ) async throws -> DecidedRevision {
        let path = icpPath(icp, workspace.id) + "/revisions/\(revision)"
        _ = try await client.post(Changed.self, path + "/amend", .json(Amendment(definition: definition, rationale: rationale, evidence: evidence)))
        let record = try await client.get(RevisionRecord.self, path)
        return DecidedRevision(status: record.status, effectiveOn: record.effectiveOn)
    }

    private struct AfterTheFact: Encodable {
        var comment: String
        var outcome: AfterTheFactOutcome
    }

    func completeReview(
        _ icp: ICPID, revision: Int, outcome: AfterTheFactOutcome, notes: String, in workspace: WorkspaceSummary
    ) async throws -> [String] {
        try await client.post(
            Changed.self, icpPath(icp, workspace.id) + "/revisions/\(revision)/after-the-fact-review",
            .json(AfterTheFact(comment: notes, outcome: outcome))
        ).events
    }

    private struct Retirement: Encodable { var reason: String }

    func retire(_ icp: ICPID, reason: String, in workspace: WorkspaceSummary) async throws {
        _ = try await client.post(Changed.self, icpPath(icp, workspace.id) + "/retire", .json(Retirement(reason: reason)))
    }

    private struct Reassignment: Encodable { var owner: PrincipalID }

    func reassign(_ icp: ICPID, to owner: PrincipalID, in workspace: WorkspaceSummary) async throws {
        _ = try await client.post(Changed.self, icpPath(icp, workspace.id) + "/reassign", .json(Reassignment(owner: owner)))
    }

    private struct Resolution: Encodable {
        var decision: String?
        var icp: ICPID?
        var revision: Int?
    }
    private struct Resolved: Decodable { var events: [String] }

    func resolveFinding(_ finding: FindingID, resolution: FindingResolution, in workspace: WorkspaceSummary) async throws {
        let body: Resolution =
            switch resolution {
            case .decision(let text): Resolution(decision: text)
            case .revision(let icp, let number): Resolution(icp: icp, revision: number)
            }
        _ = try await client.post(Resolved.self, workspacePath(workspace.id) + "/findings/\(finding)/resolve", .json(body))
    }

    func erase(_ name: String, in workspace: WorkspaceSummary) async throws -> ErasureReport {
        let principal = try await principal(named: name, in: workspace.id)
        let answer = try await client.send("DELETE", workspacePath(workspace.id) + "/principals/\(principal)")
        return try client.decode(ErasureReport.self, answer, "erase")
    }

    func revokeRole(of name: String, in workspace: WorkspaceSummary) async throws -> PrincipalID {
        let principal = try await principal(named: name, in: workspace.id)
        _ = try await client.send("DELETE", workspacePath(workspace.id) + "/members/\(principal)")
        return principal
    }

    private struct Finding: Encodable {
        var audit: AuditType
        var summary: String
        var severity: FindingSeverity
        var metrics: [String: Double]
        var recommendation: String
        var icp: ICPID?
        var notes: String?
    }

    func recordFinding(_ finding: NewFinding, in workspace: WorkspaceSummary) async throws -> FindingID {
        try await client.post(
            RecordedFinding.self, workspacePath(workspace.id) + "/findings",
            .json(
                Finding(
                    audit: finding.audit, summary: finding.summary, severity: finding.severity, metrics: finding.metrics,
                    recommendation: finding.recommendation, icp: finding.icp, notes: finding.notes))
        ).finding
    }

    private struct Review: Encodable {
        var outcome: ReviewOutcome
        var notes: String
    }

    func recordReview(_ icp: ICPID, in workspace: WorkspaceSummary, outcome: ReviewOutcome, notes: String) async throws {
        _ = try await client.post(Changed.self, icpPath(icp, workspace.id) + "/reviews", .json(Review(outcome: outcome, notes: notes)))
    }

    private struct MappingAnswer: Decodable {
        var mapping: FieldMapping
        var history: [FieldMappingChange]
    }

    private struct MappingBody: Encodable {
        var mapping: FieldMapping
    }

    private struct MappingSet: Decodable {
        var changed: Bool
    }

    func fieldMapping(in workspace: WorkspaceSummary) async throws -> (mapping: FieldMapping, history: [FieldMappingChange]) {
        let answer = try await client.get(MappingAnswer.self, workspacePath(workspace.id) + "/mapping")
        return (answer.mapping, answer.history)
    }

    func setFieldMapping(_ mapping: FieldMapping, in workspace: WorkspaceSummary) async throws -> Bool {
        let path = workspacePath(workspace.id) + "/mapping"
        let answer = try await client.send("PUT", path, body: .json(MappingBody(mapping: mapping)))
        return try client.decode(MappingSet.self, answer, path).changed
    }

    private struct WebhookBody: Encodable {
        var url: String
        var eventTypes: [String]
        var format: String?
        var secret: String?
        var description: String?
    }

    private struct AddedWebhook: Decodable {
        var webhook: WebhookSubscription
        var secret: String
    }

    private struct Webhooks: Decodable {
        var webhooks: [WebhookSubscription]
    }

    func addWebhook(_ request: NewWebhookSubscription, in workspace: WorkspaceSummary) async throws -> (WebhookSubscription, String) {
        let body = WebhookBody(
            url: request.url, eventTypes: request.eventTypes, format: request.format, secret: request.secret, description: request.description)
        let added = try await client.post(AddedWebhook.self, workspacePath(workspace.id) + "/webhooks", .json(body))
        return (added.webhook, added.secret)
    }

    func webhooks(in workspace: WorkspaceSummary, includingRemoved: Bool) async throws -> [WebhookSubscription] {
        try await client.get(
            Webhooks.self, workspacePath(workspace.id) + "/webhooks",
            query: [URLQueryItem(name: "removed", value: includingRemoved ? "true" : "false")]
        ).webhooks
    }

    func removeWebhook(_ id: UUID, in workspace: WorkspaceSummary) async throws -> Bool {
        let answer = try await client.send(
            "DELETE", workspacePath(workspace.id) + "/webhooks/\(id.uuidString.lowercased())", allowing: [404])
        return answer.status != 404
    }

    func testWebhook(_ id: UUID, in workspace: WorkspaceSummary) async throws -> WebhookPing? {
        let path = workspacePath(workspace.id) + "/webhooks/\(id.uuidString.lowercased())/test"
        let answer = try await client.send("POST", path, allowing: [404])
        guard answer.status != 404 else { return nil }
        return try client.decode(WebhookPing.self, answer, path)
    }

    // MARK: Pipeline snapshots

    private struct Snapshots: Decodable { var snapshots: [PipelineSnapshot] }
    private struct Rows: Decodable { var rows: [SnapshotRow] }
    private struct Erased: Decodable { var erased: Int }

    /// The largest export one import sends (the server takes no more).
    static let maxPipelineBytes = 64 << 20

    private func pipelinePath(_ workspace: WorkspaceID) -> String { workspacePath(workspace) + "/pipeline/snapshots" }

    func importPipeline(_ input: PipelineInput, options: PipelineImportOptions, in workspace: WorkspaceSummary) async throws -> PipelineImportResult {
        guard options.mapping == nil else {
            throw CLIError(
                "--mapping works only without --server: a server reads the export through the workspace's field mapping (set it with `icpledger mapping set`)"
            )
        }
        let bytes = try Self.exportBytes(input)
        var query = [URLQueryItem(name: "date", value: options.day.description)]
        if let icp = options.icp { query.append(URLQueryItem(name: "icp", value: icp.description)) }
        for (name, value) in [
            ("labelColumn", options.columns.label), ("ownerColumn", options.columns.owner), ("stageColumn", options.columns.stage),
            ("amountColumn", options.columns.amount),
        ] {
            if let value { query.append(URLQueryItem(name: name, value: value)) }
        }
        if options.skipBadRows { query.append(URLQueryItem(name: "skipBadRows", value: "true")) }
        if options.recordFinding { query.append(URLQueryItem(name: "recordFinding", value: "true")) }
        if !options.sourceName.isEmpty { query.append(URLQueryItem(name: "source", value: String(options.sourceName.prefix(200)))) }
        let path = pipelinePath(workspace.id)
        let answer = try await client.send(
            "POST", path, query: query, body: .bytes(bytes, contentType: Self.mediaType(of: bytes)), allowing: [422], timeout: 900)
        if answer.status == 422 {
            if let refusal = Self.badRows(answer) { throw refusal }
            throw RemoteFailure(answer, server: client.base)
        }
        return try client.decode(PipelineImportResult.self, answer, path)
    }

    /// The bytes of an export, at most ``maxPipelineBytes``.
    static func exportBytes(_ input: PipelineInput) throws -> Data {
        let tooLarge = "is larger than \(maxPipelineBytes >> 20) MiB, the most one import through a server takes; import it without --server"
        switch input {
        case .bytes(let bytes):
            guard bytes.count <= maxPipelineBytes else { throw CLIError("the export \(tooLarge)") }
            return Data(bytes)
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIError("\(path): cannot read the file") }
            defer { try? handle.close() }
            let data: Data
            do {
                data = try handle.read(upToCount: maxPipelineBytes + 1) ?? Data()
            } catch {
                throw CLIError("\(path): cannot read the file: \(error.localizedDescription)")
            }
            guard data.count <= maxPipelineBytes else { throw CLIError("\(path) \(tooLarge)") }
            return data
        }
    }

    /// JSON when the first byte that is not a space (after a UTF-8 byte order mark) opens an array
    /// or an object; CSV otherwise.
    static func mediaType(of bytes: Data) -> String {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        let first = rest.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "[") || first == UInt8(ascii: "{") ? "application/json" : "text/csv"
    }

    private struct ImportProblem: Decodable {
        struct FieldError: Decodable {
            var field: String
            var message: String
        }
        var errors: [FieldError]?
        var unreadableRows: String?
    }

    /// An import refused for rows that cannot be read, as the direct import refuses it (the rows'
    /// labels are not in the answer); nil for any other refusal.
    static func badRows(_ answer: APIClient.Answer) -> PipelineImportError? {
        guard let problem = try? JSONDecoder().decode(ImportProblem.self, from: answer.data), let total = problem.unreadableRows.flatMap({ Int($0) }),
            let errors = problem.errors, !errors.isEmpty
        else { return nil }
        // `row N.field` names each problem; rows keep their order.
        var order: [Int] = []
        var problems: [Int: [[String: String]]] = [:]
        for error in errors {
            guard error.field.hasPrefix("row "), let dot = error.field.firstIndex(of: "."),
                let row = Int(error.field[error.field.index(error.field.startIndex, offsetBy: 4)..<dot])
            else { return nil }
            if problems[row] == nil { order.append(row) }
            problems[row, default: []].append(["field": String(error.field[error.field.index(after: dot)...]), "reason": error.message])
        }
        let rows: [[String: Any]] = order.map { ["row": $0, "problems": problems[$0] ?? []] }
        guard let json = try? JSONSerialization.data(withJSONObject: rows),
            let unreadable = try? JSONDecoder().decode([UnreadableAccount].self, from: json)
        else { return nil }
        return .badRows(unreadable, total: max(total, unreadable.count))
    }

    func pipelineSnapshots(in workspace: WorkspaceSummary) async throws -> [PipelineSnapshot] {
        try await client.get(Snapshots.self, pipelinePath(workspace.id)).snapshots
    }

    /// No rows for an unknown snapshot, as without a server.
    func snapshotRows(_ id: SnapshotID, in workspace: WorkspaceSummary, offset: Int, limit: Int) async throws -> [SnapshotRow] {
        try await client.get(
            Rows.self, pipelinePath(workspace.id) + "/\(id)/rows",
            query: [URLQueryItem(name: "offset", value: String(offset)), URLQueryItem(name: "limit", value: String(limit))], missingIsNil: true
        )?.rows ?? []
    }

    func eraseSnapshot(_ id: SnapshotID, in workspace: WorkspaceSummary) async throws -> Int {
        let path = pipelinePath(workspace.id) + "/\(id)/rows"
        return try client.decode(Erased.self, try await client.send("DELETE", path), path).erased
    }

    /// Nil when the workspace has no snapshot to preview on; a revision that does not exist is an error.
    func impact(of revision: Int, icp: ICPID, in workspace: WorkspaceSummary) async throws -> SnapshotImpact? {
        let path = icpPath(icp, workspace.id) + "/revisions/\(revision)/impact"
        let answer = try await client.send("GET", path, allowing: [404])
        if answer.status == 404 {
            let failure = RemoteFailure(answer, server: client.base)
            if failure.type == "no-snapshot" { return nil }
            throw failure
        }
        return try client.decode(SnapshotImpact.self, answer, path)
    }
}
