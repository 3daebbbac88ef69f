import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPFile
import ICPLedger

/// The resources under `/v1`. Every route runs behind ``AuthenticationMiddleware``; the actor of
/// every change is the token's principal in the workspace, never a name the client sends, and a
/// token limited to a role acts with no more than that role (``Ledger/roleCeiling``).
///
/// A workspace the caller does not work in — or one its token is not for, or an id that names no
/// workspace — answers 404 alike, so ids cannot be probed.
struct V1Routes: Sendable {
    let ledger: Ledger
    /// Who tokens are, what accounts may do where, and operating ICPs, for a second (see ``HotPathCache``).
    let cache: HotPathCache
    /// Signs the checkpoint each board report carries; nil when the server has no key.
    let signer: CheckpointSigner?
    /// Reads a streaming standby answers, when the server has one.
    var replicaReads: ReplicaReads? = nil

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("me", use: me)
        group.get("tokens", use: listTokens)
        group.post("tokens", use: createToken)
        group.delete("tokens/:token", use: revokeToken)
        group.get("workspaces", use: listWorkspaces)
        group.get("schedule", use: schedule)
        group.get("calendar-feeds", use: listCalendarFeeds)
        group.post("calendar-feeds", use: createCalendarFeed)
        group.delete("calendar-feeds/:feed", use: revokeCalendarFeed)
        group.get("workspaces/:workspace", use: showWorkspace)
        group.get("workspaces/:workspace/members", use: members)
        group.get("workspaces/:workspace/principals", use: principals)
        group.get("workspaces/:workspace/icps", use: listICPs)
        group.post("workspaces/:workspace/icps", use: draftICP)
        group.get("workspaces/:workspace/icps/:icp", use: showICP)
        group.get("workspaces/:workspace/icps/:icp/current", use: currentICP)
        group.get("workspaces/:workspace/icps/:icp/diff", use: diff)
        group.get("workspaces/:workspace/icps/:icp/revisions", use: revisions)
        group.post("workspaces/:workspace/icps/:icp/revisions", use: propose)
        group.get("workspaces/:workspace/icps/:icp/revisions/:revision", use: showRevision)
        group.post("workspaces/:workspace/icps/:icp/revisions/:revision/approve", use: approve)
        group.post("workspaces/:workspace/icps/:icp/revisions/:revision/reject", use: reject)
        group.post("workspaces/:workspace/icps/:icp/revisions/:revision/publish", use: publish)
        registerGovernance(on: group)
        registerWebhooks(on: group)
        registerScoring(on: group)
        registerPipeline(on: group)
        registerMapping(on: group)
        registerReports(on: group)
    }

    // MARK: Caller and access

    /// The caller's standing in the workspace a path names.
    struct Access {
        let caller: Caller
        let workspace: WorkspaceID
        let principal: PrincipalID
        /// The principal's role, capped by the token.
        let role: WorkspaceRole
        /// The write a read must see (`?after=`), if the request named one.
        var after: FeedCursor? = nil
        /// Whether the read replica answers this read (``V1Routes/read(_:_:_:)``).
        var onReplica = false
    }

    /// The caller's access to the path's workspace. A read that sends a write's consistency token
    /// (`?after=`) first waits, at most ``HTTPLimits/consistencyWait``, until the read models have
    /// applied that write; past the wait it is a 503 (retry), never a stale answer.
    ///
    /// With `replica` true, on a server with a read replica, the replica answers instead when it
    /// has replayed past the token (or, without one, trails by little): see ``ReplicaReads``. The
    /// route then reads through ``read(_:_:_:)``.
    func access(_ request: Request, _ context: LedgerRequestContext, replica: Bool = false) async throws -> Access {
        let caller = try context.requireCaller()
        let text = try context.parameters.require("workspace")
        let hidden = Problem.notFound("There is no workspace \(text) that this token can reach.")
        guard let workspace = WorkspaceID(text), caller.mayUse(workspace) else { throw hidden }
        let fresh = request.uri.queryParameters.get("after") != nil
        let found: HotPathCache.Membership
        if !fresh, let cached = cache.membership(caller.account, workspace) {
            found = cached
        } else {
            let ledger = ledger, cache = cache, account = caller.account
            let load: @Sendable () async throws -> HotPathCache.Membership? = {
                let generation = cache.generation(workspace)
                guard let read = try await ledger.access(of: account, in: workspace) else { return nil }
                let membership = HotPathCache.Membership(principal: read.principal, role: read.role)
                cache.store(membership, account, workspace, generation: generation)
                return membership
            }
            let key = "\(account) \(workspace) \(cache.generation(workspace))"
            guard let read = fresh ? try await load() : try await cache.membershipLoads.run(key, load) else { throw hidden }
            found = read
        }
        guard let role = caller.effectiveRole(found.role) else {
            throw Problem.forbidden("You hold no role in this workspace any more.")
        }
        var access = Access(caller: caller, workspace: workspace, principal: found.principal, role: role)
        if let after = request.uri.queryParameters.get("after") {
            guard let token = ConsistencyToken(String(after)) else {
                throw Problem.invalid(
                    "?after= takes the ICPLedger-Consistency-Token of a write, like 1234.56.",
                    errors: [.init(field: "after", code: "invalidValue", message: "Not a consistency token.")])
            }
            access.after = token.cursor
        }
        if replica, let replicaReads {
            access.onReplica = await replicaReads.source(after: access.after, tenant: workspace.uuid) == .replica
            context.readSource.value = access.onReplica ? ReplicaReads.Source.replica.rawValue : ReplicaReads.Source.primary.rawValue
        }
        if !access.onReplica, let after = access.after {
            try await ledger.runner.waitUntilApplied(after, tenant: workspace.uuid, timeout: HTTPLimits.consistencyWait)
        }
        return access
    }

    /// Runs a read on the ledger ``access(_:_:replica:)`` chose: the replica's or the primary's. A
    /// read the replica fails (it was lost, it cancelled the query, or the read needs to write) is
    /// answered by the primary, after its own read models have passed the request's token.
    func read<T: Sendable>(
        _ access: Access, _ context: LedgerRequestContext, _ body: @Sendable (Ledger) async throws -> T
    ) async throws -> T {
        guard access.onReplica, let replicaReads else { return try await body(ledger) }
        do {
            return try await body(replicaReads.ledger)
        } catch  where ReplicaReads.primaryShouldAnswer(after: error) {
            context.readSource.value = ReplicaReads.Source.primary.rawValue
            if let after = access.after {
                try await ledger.runner.waitUntilApplied(after, tenant: access.workspace.uuid, timeout: HTTPLimits.consistencyWait)
            }
            return try await body(ledger)
        }
    }

    /// Runs a command as the caller: their principal acts, capped at the token's role, and with
    /// `If-Match` (when sent) as the version the ICP must still be at.
    func command<T: Sendable>(
        _ access: Access, _ request: Request, _ body: (PrincipalID) async throws -> T
    ) async throws -> T {
        let expected = try ifMatch(request)
        // Whatever the command did or did not store, this instance's cached answers about the
        // workspace are retired before anyone can read them again.
        defer { cache.invalidate(access.workspace) }
        return try await Ledger.$roleCeiling.withValue(access.caller.maxRole) {
            try await Ledger.$expectedVersion.withValue(expected) { try await body(access.principal) }
        }
    }

    /// The version an `If-Match` header names (`"12"` or `W/"12"`); nil without one; `*` means any.
    func ifMatch(_ request: Request) throws -> Int64? {
        guard let header = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if header == "*" { return nil }
        var tag = Substring(header)
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        guard tag.count >= 3, tag.first == "\"", tag.last == "\"", let version = Int64(tag.dropFirst().dropLast()), version >= 0 else {
            throw Problem.malformed("If-Match must be an ETag this API gave out, like \"12\".")
        }
        return version
    }

    func icpID(_ context: LedgerRequestContext) throws -> ICPID {
        let text = try context.parameters.require("icp")
        guard let id = ICPID(text) else { throw Problem.notFound("There is no ICP \(text) in this workspace.") }
        return id
    }

    func revisionNumber(_ context: LedgerRequestContext) throws -> Int {
        let text = try context.parameters.require("revision")
        guard let number = Int(text), number > 0, number <= 1_000_000 else {
            throw Problem.notFound("There is no revision \(text).")
        }
        return number
    }

    static func etag(_ version: Int64) -> HTTPFields { [.eTag: "\"\(version)\""] }

    /// The answer to a command: the ICP's new version as its ETag, and the feed position of the
    /// events as the consistency token.
    func changed<State>(_ outcome: Ledger.Outcome<State>, _ body: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = Self.etag(outcome.version)
        if let cursor = outcome.cursor { headers[HTTPField.Name.consistencyToken] = ConsistencyToken(cursor).text }
        return try JSONIO.response(body, status: status, headers: headers)
    }

    // MARK: Account and tokens

    struct MeBody: Encodable {
        struct Membership: Encodable {
            var workspace: WorkspaceID
            var principal: PrincipalID
        }
        var account: AccountID
        var name: String
        var token: TokenID
        var tokenWorkspace: WorkspaceID?
        var tokenMaxRole: WorkspaceRole?
        var workspaces: [Membership]
    }

    @Sendable func me(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let memberships = try await ledger.memberships(of: caller.account).filter { caller.mayUse($0.workspace) }
        return try JSONIO.response(
            MeBody(
                account: caller.account, name: caller.accountName, token: caller.token, tokenWorkspace: caller.workspace,
                tokenMaxRole: caller.maxRole, workspaces: memberships.map { .init(workspace: $0.workspace, principal: $0.principal) }))
    }

    @Sendable func listTokens(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try JSONIO.response(["tokens": try await ledger.tokens(of: caller.account)])
    }

    struct CreateTokenBody: APIRequestBody {
        static let fields: Set<String> = ["workspace", "maxRole", "expiresInDays", "label"]
        var workspace: WorkspaceID?
        var maxRole: WorkspaceRole?
        var expiresInDays: Int?
        var label: String?
    }

    struct CreatedToken: Encodable {
        var token: APIToken
        var secret: String
    }

    @Sendable func createToken(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONIO.decode(CreateTokenBody.self, from: request)
        if let workspace = body.workspace {
            guard caller.mayUse(workspace), try await ledger.principal(of: caller.account, in: workspace) != nil else {
                throw Problem.invalid(
                    "You do not work in workspace \(workspace), or this token cannot reach it.",
                    errors: [.init(field: "workspace", code: "invalidReference", message: "Not one of your workspaces.")])
            }
        }
        let issued = try await ledger.createOwnToken(
            for: caller, workspace: body.workspace, maxRole: body.maxRole, expiresInDays: body.expiresInDays, label: body.label ?? "")
        return try JSONIO.response(CreatedToken(token: issued.token, secret: issued.secret), status: .created)
    }

    @Sendable func revokeToken(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let text = try context.parameters.require("token")
        guard let id = TokenID(text) else { throw Problem.notFound("There is no token \(text).") }
        try await ledger.revokeToken(id, of: caller.account)
        cache.forget(token: id)
        return Response(status: .noContent)
    }

    // MARK: Workspaces

    @Sendable func listWorkspaces(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        var found: [WorkspaceSummary] = []
        for membership in try await ledger.memberships(of: caller.account) where caller.mayUse(membership.workspace) {
            if let summary = try await ledger.workspaceSummary(membership.workspace) { found.append(summary) }
        }
        return try JSONIO.response(["workspaces": found.sorted { ($0.name, $0.id.description) < ($1.name, $1.id.description) }])
    }

    /// Every ICP of every workspace the token reaches and where the caller holds a role, most urgent
    /// first (``PortfolioEntry/portfolio(_:names:)``): the fractional CMO's Monday list.
    @Sendable func schedule(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try JSONIO.response(["entries": try await ledger.portfolio(of: caller.account, limitedTo: caller.workspace)])
    }

    // MARK: Calendar feeds

    @Sendable func listCalendarFeeds(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try JSONIO.response(["feeds": try await ledger.calendarFeeds(of: caller.account)])
    }

    struct CreateFeedBody: APIRequestBody {
        static let fields: Set<String> = ["workspace"]
        var workspace: WorkspaceID?
    }

    struct CreatedFeed: Encodable {
        var feed: CalendarFeed
        /// The secret, shown once.
        var secret: String
        /// The feed's path on this server (`/calendar/<secret>.ics`), for a calendar app's "subscribe by URL".
        var path: String
    }

    /// Makes a calendar feed for the caller: all their workspaces, or one; a token limited to a
    /// workspace makes feeds limited to it.
    @Sendable func createCalendarFeed(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONIO.decode(CreateFeedBody.self, from: request)
        let scope = caller.workspace ?? body.workspace
        if let workspace = body.workspace {
            guard caller.mayUse(workspace), try await ledger.principal(of: caller.account, in: workspace) != nil else {
                throw Problem.invalid(
                    "You do not work in workspace \(workspace), or this token cannot reach it.",
                    errors: [.init(field: "workspace", code: "invalidReference", message: "Not one of your workspaces.")])
            }
        }
        let (feed, secret) = try await ledger.createCalendarFeed(for: caller.account, workspace: scope)
        return try JSONIO.response(CreatedFeed(feed: feed, secret: secret, path: "/calendar/\(secret).ics"), status: .created)
    }

    @Sendable func revokeCalendarFeed(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let text = try context.parameters.require("feed")
        guard let id = UUID(uuidString: text), try await ledger.revokeCalendarFeed(id, of: caller.account) else {
            throw Problem.notFound("There is no calendar feed \(text) of yours.")
        }
        return Response(status: .noContent)
    }

    @Sendable func showWorkspace(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        guard let summary = try await ledger.workspaceSummary(access.workspace) else {
            throw Problem.notFound("There is no workspace \(access.workspace).")
        }
        return try JSONIO.response(summary)
    }

    @Sendable func members(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        return try JSONIO.response(["members": try await ledger.workspaceMembers(access.workspace)])
    }

    struct PrincipalEntry: Encodable {
        var principal: PrincipalID
        var name: String
        var role: WorkspaceRole?
    }

    /// Everyone registered in the workspace with their role; e-mail addresses stay out of it.
    @Sendable func principals(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let roles = Dictionary(try await ledger.workspaceMembers(access.workspace).map { ($0.principal, $0.role) }, uniquingKeysWith: { a, _ in a })
        let entries = try await ledger.principals(in: access.workspace).map { PrincipalEntry(principal: $0.id, name: $0.name, role: roles[$0.id]) }
        return try JSONIO.response(["principals": entries])
    }

    // MARK: ICPs

    @Sendable func listICPs(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        return try JSONIO.response(["icps": try await read(access, context) { try await $0.listICPs(in: access.workspace) }])
    }

    struct DraftBody: APIRequestBody {
        static let fields: Set<String> = ["definition", "rationale", "owner", "evidence"]
        var definition: ICPDefinition
        var rationale: String?
        /// Another person of the workspace who owns the ICP; nil: the caller.
        var owner: PrincipalID?
        var evidence: [EvidenceRef]?
    }

    struct DraftedBody: Encodable {
        var icp: ICPID
        var revision: Int
        var version: Int64
    }

    @Sendable func draftICP(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let body: DraftBody
        if Self.isYAML(request) {
            let file = try await Self.icpFile(request)
            if let named = file.icp {
                throw Problem.invalid(
                    "The file is ICP \(named), which exists: propose it as a revision (POST …/icps/\(named)/revisions).",
                    errors: [.init(field: "icp", code: "invalidReference", message: "A new ICP's file has no icp id.")])
            }
            body = DraftBody(definition: file.definition, rationale: request.uri.queryParameters.get("rationale"))
        } else {
            body = try await JSONIO.decode(DraftBody.self, from: request)
        }
        if let owner = body.owner, try await !ledger.principals(in: access.workspace).contains(where: { $0.id == owner }) {
            throw Problem.invalid(
                "The owner \(owner) is not a person of this workspace.",
                errors: [.init(field: "owner", code: "invalidReference", message: "Not a person of this workspace.")])
        }
        let icp = ICPID()
        let outcome = try await command(access, request) { actor in
            try await ledger.draftICP(
                icp, in: access.workspace, owner: body.owner ?? actor, definition: body.definition, rationale: body.rationale,
                evidence: body.evidence ?? [], by: actor)
        }
        var response = try changed(outcome, DraftedBody(icp: icp, revision: 1, version: outcome.version), status: .created)
        response.headers[.location] = "/v1/workspaces/\(access.workspace)/icps/\(icp)"
        return response
    }

    @Sendable func showICP(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let icp = try icpID(context)
        let (found, version) = try await read(access, context) { ledger in
            (try await ledger.listICPs(in: access.workspace).first(where: { $0.id == icp }), try await ledger.icpVersion(icp, in: access.workspace))
        }
        guard let summary = found else { throw Problem.notFound("There is no ICP \(icp) in this workspace.") }
        return try JSONIO.response(summary, headers: Self.etag(version))
    }

    @Sendable func currentICP(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        let fresh = request.uri.queryParameters.get("after") != nil
        if !fresh, let body = cache.current(access.workspace, icp) { return JSONIO.response(bytes: body) }
        let ledger = ledger, cache = cache, workspace = access.workspace
        let load: @Sendable () async throws -> [UInt8] = {
            let generation = cache.generation(workspace)
            guard let current = try await ledger.currentICP(icp, in: workspace) else {
                throw Problem.notFound("ICP \(icp) has no revision in force today (or does not exist).")
            }
            let body = try JSONIO.encode(current)
            cache.store(current: body, workspace, icp, generation: generation)
            return body
        }
        return JSONIO.response(
            bytes: fresh ? try await load() : try await cache.currentLoads.run("\(workspace) \(icp) \(cache.generation(workspace))", load))
    }

    @Sendable func diff(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let icp = try icpID(context)
        guard let from = request.uri.queryParameters.get("from", as: Int.self), let to = request.uri.queryParameters.get("to", as: Int.self),
            (1...1_000_000).contains(from), (1...1_000_000).contains(to)
        else {
            throw Problem.invalid(
                "Name the two revisions: ?from=1&to=2.",
                errors: [
                    .init(field: "from", code: "missing", message: "Required, an integer."),
                    .init(field: "to", code: "missing", message: "Required, an integer."),
                ])
        }
        return try JSONIO.response(try await read(access, context) { try await $0.diff(icp, in: access.workspace, from: from, to: to) })
    }

    // MARK: Revisions

    @Sendable func revisions(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let icp = try icpID(context)
        let history = try await read(access, context) { try await $0.revisionHistory(icp, in: access.workspace) }
        if history.isEmpty { throw Problem.notFound("There is no ICP \(icp) in this workspace.") }
        return try JSONIO.response(["revisions": history])
    }

    @Sendable func showRevision(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context, replica: true)
        let (number, icp) = (try revisionNumber(context), try icpID(context))
        return try JSONIO.response(try await read(access, context) { try await $0.revision(number, of: icp, in: access.workspace) })
    }

    struct ProposeBody: APIRequestBody {
        static let fields: Set<String> = ["definition", "rationale", "basedOn", "evidence", "resolves"]
        var definition: ICPDefinition
        var rationale: String
        var basedOn: Int?
        var evidence: [EvidenceRef]?
        /// Findings the revision answers, resolved by it when it is published.
        var resolves: [FindingID]?
    }

    struct RevisionChanged: Encodable {
        var revision: Int?
        var version: Int64
        var events: [String]

        /// What a command on an ICP did: the revision it concerned, the ICP's new version, the events stored.
        init<State>(_ outcome: Ledger.Outcome<State>, revision: Int?) {
            self.revision = revision
            version = outcome.version
            events = outcome.events.map(\.kind.rawValue)
        }
    }

    @Sendable func propose(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let icp = try icpID(context)
        let body: ProposeBody
        if Self.isYAML(request) {
            let (file, rationale) = try await Self.revisionFile(request, of: icp)
            body = ProposeBody(definition: file.definition, rationale: rationale, basedOn: file.baseRevision)
        } else {
            body = try await JSONIO.decode(ProposeBody.self, from: request)
        }
        let outcome = try await command(access, request) { actor in
            try await ledger.proposeDefinition(
                icp, in: access.workspace, definition: body.definition, rationale: body.rationale, evidence: body.evidence ?? [],
                basedOn: body.basedOn, resolves: body.resolves ?? [], by: actor)
        }
        return try changed(
            outcome, RevisionChanged(outcome, revision: outcome.revision),
            status: outcome.events.isEmpty ? .ok : .created)
    }

    struct ApproveBody: APIRequestBody {
        static let fields: Set<String> = ["comment"]
        var comment: String?
    }

    @Sendable func approve(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let (icp, revision) = (try icpID(context), try revisionNumber(context))
        let body = try await JSONIO.decodeIfPresent(ApproveBody.self, from: request) ?? ApproveBody(comment: nil)
        let outcome = try await command(access, request) { actor in
            try await ledger.approve(icp, in: access.workspace, revision: revision, comment: body.comment, by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: revision))
    }

    struct RejectBody: APIRequestBody {
        static let fields: Set<String> = ["reason"]
        var reason: String
    }

    @Sendable func reject(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let (icp, revision) = (try icpID(context), try revisionNumber(context))
        let body = try await JSONIO.decode(RejectBody.self, from: request)
        let outcome = try await command(access, request) { actor in
            try await ledger.reject(icp, in: access.workspace, revision: revision, reason: body.reason, by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: revision))
    }

    struct PublishBody: APIRequestBody {
        static let fields: Set<String> = ["effectiveOn", "backdated"]
        var effectiveOn: CalendarDay?
        var backdated: Bool?
    }

    @Sendable func publish(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let (icp, revision) = (try icpID(context), try revisionNumber(context))
        let body = try await JSONIO.decodeIfPresent(PublishBody.self, from: request) ?? PublishBody()
        let effectiveOn = try await effectiveDay(body.effectiveOn, in: access.workspace)
        let outcome = try await command(access, request) { actor in
            try await ledger.publish(
                icp, in: access.workspace, revision: revision, effectiveOn: effectiveOn, backdated: body.backdated ?? false, by: actor)
        }
        return try changed(outcome, RevisionChanged(outcome, revision: revision))
    }

    /// True when the body is an ICP file (`application/yaml`, `text/yaml` or `application/x-yaml`).
    static func isYAML(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else {
            return false
        }
        return ["application/yaml", "text/yaml", "application/x-yaml"].contains(type)
    }

    /// The ICP file a YAML body holds, read as `icpledger icp plan` reads one: every problem named
    /// with its key path and line.
    static func icpFile(_ request: Request) async throws -> ICPFileDocument {
        let bytes = try await JSONIO.collect(request)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Problem.malformed("The file is not valid UTF-8.") }
        return try icpFile(text: text)
    }

    /// An ICP file's text read as `icpledger icp plan` reads one; every problem is a field error.
    static func icpFile(text: String) throws -> ICPFileDocument {
        do {
            return try ICPFileDocument.parse(text)
        } catch {
            var fields = error.issues.map { Problem.FieldError(field: $0.path, code: $0.code.rawValue, message: $0.description) }
            if fields.isEmpty { fields = [.init(field: error.path ?? "", code: "invalidFile", message: error.description)] }
            throw Problem.invalid("The ICP file cannot be used: \(error.description)", errors: fields)
        }
    }

    /// A revision sent as the ICP's YAML file: the file (which must not name another ICP) and the
    /// rationale from `?rationale=`, which a file does not carry.
    static func revisionFile(_ request: Request, of icp: ICPID) async throws -> (file: ICPFileDocument, rationale: String) {
        let file = try await icpFile(request)
        if let named = file.icp, named != icp {
            throw Problem.invalid(
                "The file is ICP \(named), not \(icp).", errors: [.init(field: "icp", code: "invalidReference", message: "Names another ICP.")])
        }
        guard let rationale = request.uri.queryParameters.get("rationale"), !rationale.isEmpty else {
            throw Problem.invalid(
                "Say why: ?rationale=… (a YAML file carries the definition only).",
                errors: [.init(field: "rationale", code: "missing", message: "Required.")])
        }
        return (file, String(rationale))
    }

    /// The day a publication takes effect: the one asked for, else today in the workspace's time
    /// zone (the ledger's clock).
    func effectiveDay(_ given: CalendarDay?, in workspace: WorkspaceID) async throws -> CalendarDay {
        if let given { return given }
        let zone = try await ledger.workspaceSummary(workspace).flatMap { TimeZone(identifier: $0.timeZone) } ?? .gmt
        return CalendarDay(ledger.now(), in: zone)
    }
}

extension HTTPField.Name {
    /// The response header carrying a write's consistency token; a read sends it back in
    /// `?after=` to see that write (shared/DESIGN.md, "One consistency token").
    static let consistencyToken = HTTPField.Name("ICPLedger-Consistency-Token")!
    /// Where a read was answered on a server with a read replica: `replica` or `primary`.
    static let readSource = HTTPField.Name("ICPLedger-Read-Source")!
}

/// A feed position as an opaque token: `<transaction id>.<position>`.
struct ConsistencyToken: Sendable, Hashable {
    let cursor: FeedCursor
    init(_ cursor: FeedCursor) { self.cursor = cursor }

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let transaction = UInt64(parts[0]), let position = Int64(parts[1]), position >= 0 else { return nil }
        cursor = FeedCursor(transactionID: transaction, position: position)
    }

    var text: String { "\(cursor.transactionID).\(cursor.position)" }
}
