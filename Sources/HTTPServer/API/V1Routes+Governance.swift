import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPFile
import ICPLedger

/// The rest of what the CLI can do, under `/v1`: workspaces and people, findings and reviews, the
/// bypass and its after-the-fact review, retirement, point-in-time reads, the activity feed, and
/// the ICP file (plan and export).
extension V1Routes {
    func registerGovernance(on group: RouterGroup<LedgerRequestContext>) {
        group.post("workspaces", use: createWorkspace)
        group.post("workspaces/:workspace/principals", use: registerPrincipal)
        group.delete("workspaces/:workspace/principals/:principal", use: erasePrincipal)
        group.put("workspaces/:workspace/members/:principal", use: grantRole)
        group.delete("workspaces/:workspace/members/:principal", use: revokeRole)
        group.post("workspaces/:workspace/plan", use: plan)
        group.get("workspaces/:workspace/findings", use: findings)
        group.post("workspaces/:workspace/findings", use: recordFinding)
        group.post("workspaces/:workspace/findings/:finding/resolve", use: resolveFinding)
        group.get("workspaces/:workspace/icps/:icp/export", use: export)
        group.get("workspaces/:workspace/icps/:icp/lint", use: lint)
        group.get("workspaces/:workspace/icps/:icp/operating", use: operating)
        group.get("workspaces/:workspace/icps/:icp/recorded", use: recorded)
        group.get("workspaces/:workspace/icps/:icp/activity", use: activity)
        group.post("workspaces/:workspace/icps/:icp/reviews", use: recordReview)
        group.post("workspaces/:workspace/icps/:icp/retire", use: retire)
        group.post("workspaces/:workspace/icps/:icp/reassign", use: reassign)
        group.post("workspaces/:workspace/icps/:icp/revisions/:revision/emergency-publish", use: emergencyPublish)
        group.post("workspaces/:workspace/icps/:icp/revisions/:revision/after-the-fact-review", use: afterTheFactReview)
        group.post("workspaces/:workspace/icps/:icp/revisions/:revision/amend", use: amend)
    }

    // MARK: Workspaces and people

    struct CreateWorkspaceBody: APIRequestBody {
        static let fields: Set<String> = ["name", "timeZone", "fiscalYearStartMonth"]
        var name: String
        var timeZone: String?
        var fiscalYearStartMonth: Int?
    }

    /// Creates a workspace; the caller's account becomes its first admin (a principal named after
    /// the account). A token limited to one workspace cannot create others.
    @Sendable func createWorkspace(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard caller.workspace == nil, caller.maxRole == nil || caller.maxRole == .admin else {
            throw Problem.forbidden("This token is limited to one workspace or role; creating workspaces needs an unlimited token.")
        }
        let body = try await JSONIO.decode(CreateWorkspaceBody.self, from: request)
        let workspace = WorkspaceID()
        let principal = try await ledger.registerPrincipal(caller.accountName, in: workspace)
        let outcome = try await Ledger.$roleCeiling.withValue(nil) {
            try await ledger.createWorkspace(
                workspace, name: body.name, timeZone: body.timeZone ?? "UTC", fiscalYearStartMonth: body.fiscalYearStartMonth ?? 1, by: principal)
        }
        try await ledger.link(caller.account, to: principal, in: workspace)
        guard let summary = try await ledger.workspaceSummary(workspace) else { throw Problem.notFound("The new workspace is not readable yet.") }
        var headers: HTTPFields = [.location: "/v1/workspaces/\(workspace)"]
        if let cursor = outcome.cursor { headers[.consistencyToken] = ConsistencyToken(cursor).text }
        return try JSONIO.response(summary, status: .created, headers: headers)
    }

    struct RegisterBody: APIRequestBody {
        static let fields: Set<String> = ["name", "email", "role"]
        var name: String
        var email: String?
        var role: WorkspaceRole
    }

    struct Registered: Encodable {
        var principal: PrincipalID
        var name: String
        var role: WorkspaceRole
    }

    /// Registers a person and gives them a role (admins only); a known name keeps its principal.
    @Sendable func registerPrincipal(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let body = try await JSONIO.decode(RegisterBody.self, from: request)
        let existing = try? await ledger.principal(named: body.name, in: access.workspace)
        let id = existing ?? PrincipalID(UUID())
        // Grant first, name after: a refused grant leaves no new principal behind.
        _ = try await command(access, request) { actor in try await ledger.grantRole(body.role, to: id, in: access.workspace, by: actor) }
        if existing == nil { _ = try await ledger.registerPrincipal(body.name, email: body.email, in: access.workspace, id: id) }
        return try JSONIO.response(Registered(principal: id, name: body.name, role: body.role), status: existing == nil ? .created : .ok)
    }

    /// Erases a person from the workspace (admins, not themselves): role, name, e-mail, sign-in and
    /// tokens; answers what was done and which events keep free text they wrote.
    @Sendable func erasePrincipal(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let principal = PrincipalID(try context.parameters.require("principal"))
        guard try await ledger.principals(in: access.workspace).contains(where: { $0.id == principal }) else {
            throw Problem.notFound("There is no person \(principal) in this workspace.")
        }
        let report = try await command(access, request) { actor in try await ledger.erasePrincipal(principal, in: access.workspace, by: actor) }
        return try JSONIO.response(report)
    }

    struct GrantBody: APIRequestBody {
        static let fields: Set<String> = ["role"]
        var role: WorkspaceRole
    }

    @Sendable func grantRole(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let principal = PrincipalID(try context.parameters.require("principal"))
        let body = try await JSONIO.decode(GrantBody.self, from: request)
        guard try await ledger.principals(in: access.workspace).contains(where: { $0.id == principal }) else {
            throw Problem.notFound("There is no person \(principal) in this workspace; register them first (POST …/principals).")
        }
        _ = try await command(access, request) { actor in try await ledger.grantRole(body.role, to: principal, in: access.workspace, by: actor) }
        return try JSONIO.response(["members": try await ledger.workspaceMembers(access.workspace)])
    }

    @Sendable func revokeRole(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let principal = PrincipalID(try context.parameters.require("principal"))
        _ = try await command(access, request) { actor in try await ledger.revokeRole(of: principal, in: access.workspace, by: actor) }
        return Response(status: .noContent)
    }

    // MARK: The ICP file

    struct PlanAnswer: Encodable {
        var icp: ICPID?
        var operatingRevision: Int?
        var summary: PlanSummary
        /// The plan as `icpledger icp plan` prints it.
        var text: String
    }

    /// Plans an ICP file against what is operating (its `icp` key names the ICP; none: a new ICP):
    /// the changes, the revision distance and the linter's warnings. Stores nothing.
    @Sendable func plan(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        guard Self.isYAML(request) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Send the ICP file",
                detail: "The plan reads an ICP file: Content-Type: application/yaml.")
        }
        let file = try await Self.icpFile(request)
        var state: ICPState? = nil
        if let icp = file.icp {
            guard let found = try await ledger.icpState(icp, in: access.workspace) else {
                throw Problem.notFound("There is no ICP \(icp) in this workspace (the file's 'icp' key).")
            }
            state = found
        }
        if let stale = file.staleness(operatingRevision: state?.publishedRevision) {
            throw Problem.conflict(stale.description)
        }
        var evidence: [EvidenceRef] = []
        for text in request.uri.queryParameters.getAll("evidence") {
            guard let ref = EvidenceRef(reference: String(text)) else {
                throw Problem.invalid(
                    "Evidence is a finding id or an http(s) link.",
                    errors: [.init(field: "evidence", code: "invalidValue", message: "Not a finding id or an http(s) link.")])
            }
            evidence.append(ref)
        }
        let plan = try await ledger.plan(file.definition, against: state, evidence: evidence, in: access.workspace)
        return try JSONIO.response(
            PlanAnswer(icp: state?.id, operatingRevision: state?.publishedRevision, summary: plan.summary, text: plan.rendered()))
    }

    /// The ICP as a YAML file, as `icpledger icp export` writes it (`?revision=N` for another revision).
    @Sendable func export(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        guard let state = try await ledger.icpState(icp, in: access.workspace) else {
            throw Problem.notFound("There is no ICP \(icp) in this workspace.")
        }
        var revision: Int? = nil
        if let number = request.uri.queryParameters.get("revision") {
            guard let n = Int(number) else { throw Problem.notFound("There is no revision \(number) of this ICP.") }
            revision = n
        }
        let owner = try await ledger.principals(in: access.workspace).first { $0.id == state.owner }?.name
        let workspaceName = try await ledger.workspaceSummary(access.workspace)?.name
        guard let document = ICPFileDocument.exported(from: state, revision: revision, workspace: workspaceName, owner: owner) else {
            throw Problem.notFound("There is no revision \(revision ?? 0) of this ICP.")
        }
        var headers = Self.etag(try await ledger.icpVersion(icp, in: access.workspace))
        headers[.contentType] = "application/yaml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: document.yaml())))
    }

    /// The lint warnings of the revision in force (or `?revision=N`), in the ICP's context today.
    @Sendable func lint(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        var revision: Int? = nil
        if let number = request.uri.queryParameters.get("revision") {
            guard let n = Int(number), n >= 1 else { throw Problem.notFound("There is no revision \(number) of this ICP.") }
            revision = n
        }
        return try JSONIO.response(["warnings": try await ledger.lint(icp, revision: revision, in: access.workspace)])
    }

    // MARK: Point in time and activity

    /// The revision that was (or will be) in force on a day: `?on=YYYY-MM-DD`.
    @Sendable func operating(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let icp = try icpID(context)
        guard let text = request.uri.queryParameters.get("on"), let day = CalendarDay(String(text)) else {
            throw Problem.invalid("Name the day: ?on=YYYY-MM-DD.", errors: [.init(field: "on", code: "invalidValue", message: "A date, YYYY-MM-DD.")])
        }
        guard let record = try await read(access, context, { try await $0.operatingOn(day, icp: icp, in: access.workspace) }) else {
            throw Problem.notFound("No revision of ICP \(icp) was in force on \(day).")
        }
        return try JSONIO.response(record)
    }

    struct RecordedAnswer: Encodable {
        var moment: Date
        var eventCount: Int
        var status: ICPStatus
        var publishedRevision: Int?
        var definition: ICPDefinition?
        /// The definition of the draft when nothing was published yet.
        var draftDefinition: ICPDefinition?
        var revisions: Int
    }

    /// What the ledger had recorded about an ICP at an instant: `?at=2026-03-31T23:59:59Z`.
    @Sendable func recorded(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let icp = try icpID(context)
        guard let text = request.uri.queryParameters.get("at"), let moment = Self.instant(String(text)) else {
            throw Problem.invalid(
                "Name the instant: ?at= in ISO 8601 with a zone, like 2026-03-31T23:59:59Z.",
                errors: [.init(field: "at", code: "invalidValue", message: "An ISO 8601 instant.")])
        }
        guard let found = try await read(access, context, { try await $0.recordedAt(moment, icp: icp, in: access.workspace) }) else {
            throw Problem.notFound("Nothing about ICP \(icp) was recorded by \(text).")
        }
        return try JSONIO.response(
            RecordedAnswer(
                moment: found.moment, eventCount: found.eventCount, status: found.state.status, publishedRevision: found.state.publishedRevision,
                definition: found.state.publishedDefinition,
                draftDefinition: found.state.publishedDefinition == nil ? found.state.draftDefinition : nil,
                revisions: found.state.revisions.count))
    }

    struct ActivityPage: Encodable {
        struct Entry: Encodable {
            var version: Int64
            var type: String
            var occurredAt: Date
            var recordedAt: Date
            var actor: PrincipalID?
            var payload: JSONValue
        }
        var events: [Entry]
        /// Pass as `?before=` for the next (older) page; absent on the last page.
        var next: Int64?
    }

    /// An ICP's events, newest first, a page at a time: `?limit=` (1–500, default 50),
    /// `?before=VERSION`, `?type=RevisionApproved` (repeatable), `?since=` and `?until=` (instants).
    @Sendable func activity(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let icp = try icpID(context)
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        let limit = query.get("limit").map { Int(String($0)) ?? -1 } ?? 50
        if !(1...HTTPLimits.maxPageSize).contains(limit) {
            errors.append(.init(field: "limit", code: "outOfRange", message: "1 to \(HTTPLimits.maxPageSize)."))
        }
        let before = query.get("before").map { Int64(String($0)) ?? -1 }
        if let before, before < 1 { errors.append(.init(field: "before", code: "invalidValue", message: "A stream version from an earlier page.")) }
        let types = query.getAll("type").map { String($0) }
        let known = Set(EventKind.allCases.map(\.rawValue))
        for type in types where !known.contains(type) {
            errors.append(.init(field: "type", code: "invalidValue", message: "Unknown event type '\(type)'."))
        }
        let since = query.get("since").map { Self.instant(String($0)) }
        let until = query.get("until").map { Self.instant(String($0)) }
        if since == .some(nil) { errors.append(.init(field: "since", code: "invalidValue", message: "An ISO 8601 instant.")) }
        if until == .some(nil) { errors.append(.init(field: "until", code: "invalidValue", message: "An ISO 8601 instant.")) }
        if !errors.isEmpty { throw Problem.invalid("The feed cannot be read with these parameters.", errors: errors) }
        let entries = try await read(access, context) { ledger in
            try await ledger.icpActivity(
                icp, in: access.workspace, types: types, from: since ?? nil, to: until ?? nil, before: before, limit: limit + 1)
        }
        let page = entries.prefix(limit).map { entry in
            ActivityPage.Entry(
                version: entry.version, type: entry.type, occurredAt: entry.occurredAt, recordedAt: entry.recordedAt, actor: entry.actor,
                payload: (try? JSONDecoder().decode(JSONValue.self, from: Data(entry.payload.utf8))) ?? .string(entry.payload))
        }
        return try JSONIO.response(ActivityPage(events: page, next: entries.count > limit ? page.last?.version : nil))
    }

    /// An ISO 8601 instant with a zone, with or without fractional seconds.
    static func instant(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    // MARK: Findings

    struct FindingBody: APIRequestBody {
        static let fields: Set<String> = ["audit", "summary", "severity", "metrics", "recommendation", "icp", "notes"]
        var audit: AuditType
        var summary: String
        var severity: FindingSeverity
        var metrics: [String: Double]?
        var recommendation: String
        var icp: ICPID?
        /// Notes that may name people: kept outside the hash chain, erased with their author.
        var notes: String?
    }

    struct FindingRecorded: Encodable {
        var finding: FindingID
        var events: [String]
    }

    @Sendable func recordFinding(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let body = try await JSONIO.decode(FindingBody.self, from: request)
        let id = FindingID()
        let outcome = try await command(access, request) { actor in
            try await ledger.recordFinding(
                id, in: access.workspace, audit: body.audit, summary: body.summary, severity: body.severity, metrics: body.metrics ?? [:],
                recommendation: body.recommendation, icp: body.icp, notes: body.notes, by: actor)
        }
        var response = try changed(outcome, FindingRecorded(finding: id, events: outcome.events.map(\.kind.rawValue)), status: .created)
        response.headers[.location] = "/v1/workspaces/\(access.workspace)/findings/\(id)"
        return response
    }

    /// The workspace's findings: `?open=true`, `?audit=`, `?severity=` (at least), `?icp=`.
    @Sendable func findings(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        let openOnly = query.get("open").map { $0 == "true" }
        if let raw = query.get("open"), raw != "true" && raw != "false" {
            errors.append(.init(field: "open", code: "invalidValue", message: "true or false."))
        }
        let audit = query.get("audit").map { AuditType(rawValue: String($0)) }
        if audit == .some(nil) { errors.append(.init(field: "audit", code: "invalidValue", message: "One of the five audits.")) }
        let severity = query.get("severity").map { FindingSeverity(rawValue: String($0)) }
        if severity == .some(nil) { errors.append(.init(field: "severity", code: "invalidValue", message: "low, medium or high.")) }
        let icp = query.get("icp").map { ICPID(String($0)) }
        if icp == .some(nil) { errors.append(.init(field: "icp", code: "invalidValue", message: "An ICP id.")) }
        if !errors.isEmpty { throw Problem.invalid("The findings cannot be filtered this way.", errors: errors) }
        let found = try await read(access, context) { try await $0.findings(in: access.workspace, openOnly: openOnly ?? false) }.filter { finding in
            (audit.flatMap { $0 }.map { finding.audit == $0 } ?? true)
                && (severity.flatMap { $0 }.map { finding.severity >= $0 } ?? true)
                && (icp.flatMap { $0 }.map { finding.icpId == $0 } ?? true)
        }
        return try JSONIO.response(["findings": found])
    }

    struct ResolveBody: APIRequestBody {
        static let fields: Set<String> = ["decision", "icp", "revision"]
        var decision: String?
        var icp: ICPID?
        var revision: Int?
    }

    /// Resolves a finding by a decision (`{"decision": "…"}`) or by the revision that acted on it
    /// (`{"icp": "…", "revision": N}`).
    @Sendable func resolveFinding(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let text = try context.parameters.require("finding")
        guard let finding = FindingID(text) else { throw Problem.notFound("There is no finding \(text) in this workspace.") }
        let body = try await JSONIO.decode(ResolveBody.self, from: request)
        let resolution: FindingResolution
        switch (body.decision, body.icp, body.revision) {
        case (let decision?, nil, nil): resolution = .decision(decision)
        case (nil, let icp?, let revision?): resolution = .revision(icpId: icp, number: revision)
        default:
            throw Problem.invalid(
                "Resolve by a decision, or by an ICP and its revision — one of the two.",
                errors: [.init(field: "decision", code: "invalidValue", message: "Either decision, or icp and revision.")])
        }
        let outcome = try await command(access, request) { actor in
            try await ledger.resolveFinding(finding, in: access.workspace, resolution: resolution, by: actor)
        }
        return try changed(outcome, FindingRecorded(finding: finding, events: outcome.events.map(\.kind.rawValue)))
    }

    // MARK: Reviews, bypasses, retirement

    struct ReviewBody: APIRequestBody {
        static let fields: Set<String> = ["outcome", "notes"]
        var outcome: ReviewOutcome
        var notes: String
    }

    @Sendable func recordReview(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        let body = try await JSONIO.decode(ReviewBody.self, from: request)
        let outcome = try await command(access, request) { actor in
            try await ledger.recordReview(icp, in: access.workspace, outcome: body.outcome, notes: body.notes, by: actor)
        }
        return try changed(
            outcome, RevisionChanged(outcome, revision: nil), status: .created)
    }

    struct RetireBody: APIRequestBody {
        static let fields: Set<String> = ["reason"]
        var reason: String
    }

    @Sendable func retire(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        let body = try await JSONIO.decode(RetireBody.self, from: request)
        let outcome = try await command(access, request) { actor in
            try await ledger.retire(icp, in: access.workspace, reason: body.reason, by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: nil))
    }

    struct ReassignBody: APIRequestBody {
        static let fields: Set<String> = ["owner"]
        var owner: PrincipalID
    }

    /// Makes another person of the workspace the ICP's owner (approvers and admins); clears an orphaned flag.
    @Sendable func reassign(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        let body = try await JSONIO.decode(ReassignBody.self, from: request)
        let outcome = try await command(access, request) { actor in
            try await ledger.reassign(icp, in: access.workspace, to: body.owner, by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: nil))
    }

    struct EmergencyBody: APIRequestBody {
        static let fields: Set<String> = ["justification", "effectiveOn", "backdated"]
        var justification: String
        var effectiveOn: CalendarDay?
        var backdated: Bool?
    }

    /// Publishes without a second approval (admins only), recording the bypass and opening an
    /// after-the-fact review by another approver.
    @Sendable func emergencyPublish(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let (icp, revision) = (try icpID(context), try revisionNumber(context))
        let body = try await JSONIO.decode(EmergencyBody.self, from: request)
        let effectiveOn = try await effectiveDay(body.effectiveOn, in: access.workspace)
        let outcome = try await command(access, request) { actor in
            try await ledger.emergencyPublish(
                icp, in: access.workspace, revision: revision, effectiveOn: effectiveOn, justification: body.justification,
                backdated: body.backdated ?? false, by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: revision))
    }

    struct AfterTheFactBody: APIRequestBody {
        static let fields: Set<String> = ["comment", "outcome"]
        var comment: String
        var outcome: AfterTheFactOutcome?
    }

    @Sendable func afterTheFactReview(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let (icp, revision) = (try icpID(context), try revisionNumber(context))
        let body = try await JSONIO.decode(AfterTheFactBody.self, from: request)
        let outcome = try await command(access, request) { actor in
            try await ledger.completeAfterTheFactReview(
                icp, in: access.workspace, revision: revision, outcome: body.outcome ?? .upheld, comment: body.comment, by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: revision))
    }

    struct AmendBody: APIRequestBody {
        static let fields: Set<String> = ["definition", "rationale", "evidence"]
        var definition: ICPDefinition
        var rationale: String
        var evidence: [EvidenceRef]?
    }

    /// Replaces an open proposal's definition (JSON or the ICP's YAML file); its approvals are dismissed.
    @Sendable func amend(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let (icp, revision) = (try icpID(context), try revisionNumber(context))
        let body: AmendBody
        if Self.isYAML(request) {
            let (file, rationale) = try await Self.revisionFile(request, of: icp)
            body = AmendBody(definition: file.definition, rationale: rationale)
        } else {
            body = try await JSONIO.decode(AmendBody.self, from: request)
        }
        let outcome = try await command(access, request) { actor in
            try await ledger.amendDefinition(
                icp, in: access.workspace, revision: revision, definition: body.definition, rationale: body.rationale,
                evidence: body.evidence ?? [], by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: revision))
    }
}

/// Any JSON value, for passing stored payloads through as JSON.
enum JSONValue: Codable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
