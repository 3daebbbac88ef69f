public import EventStore
import FastJSON
public import Foundation
public import ICPDomain
public import ICPFile
import Postgres
import Projections

extension Ledger {
    // MARK: Look-ups

    /// Resolves a workspace by id or by name, ignoring case and surrounding spaces as names are
    /// compared when taken. Names are not tenant-scoped, so this one look-up uses the system role
    /// (it reads the name directory and the `workspaces` read model).
    public func workspace(named nameOrID: String) async throws -> WorkspaceSummary {
        let key = WorkspaceNames.key(nameOrID)
        let rows = try await systemPool.query(
            """
            SELECT \(WorkspaceRow.table.selectList()) FROM workspaces
            WHERE tenant_id IN (SELECT tenant_id FROM workspace_names WHERE name_key = \(key))
               OR name = \(nameOrID) OR tenant_id::text = lower(\(nameOrID))
            ORDER BY created_at
            """)
        let found = try rows.map { WorkspaceSummary(try WorkspaceRow.table.decode($0)) }
        guard let first = found.first else { throw LedgerError.workspaceNotFound(nameOrID) }
        if let exact = found.first(where: { $0.id.description == nameOrID.lowercased() }) { return exact }
        guard found.count == 1 else { throw LedgerError.ambiguousWorkspace(nameOrID, found.map(\.id)) }
        return first
    }

    /// Resolves an ICP by id, exact name, or unambiguous case-insensitive name prefix, as people
    /// type it at a terminal or in a URL; several matches are refused, naming them.
    public func resolveICP(_ text: String, in workspace: WorkspaceID) async throws -> ICPSummary {
        try ICPSummary.resolve(text, in: try await listICPs(in: workspace))
    }

    // MARK: Read models

    /// The ICP list of a workspace with each one's cadence status today (by the ledger's clock).
    public func listICPs(in workspace: WorkspaceID) async throws -> [ICPSummary] {
        let settings = try await workspaceSettings(workspace)
        let calendar = FiscalCalendar(
            timeZone: TimeZone(identifier: settings.timeZone) ?? .gmt,
            fiscalYearStartMonth: settings.fiscalYearStartMonth)
        let today = now()
        let day = CalendarDay(today, in: calendar.timeZone)
        return try await read(workspace) { connection in
            let columns = ICPListRow.table.columns.count
            let summaries = try connection.query(
                """
                SELECT \(ICPListRow.table.selectList(alias: "l")), f.revision,
                       CASE WHEN c.effective_on > \(day.description)::date THEN c.revision END, c.effective_on
                FROM icp_list l
                LEFT JOIN icp_current c ON c.tenant_id = l.tenant_id AND c.icp_id = l.icp_id
                LEFT JOIN LATERAL (
                    SELECT r.revision, r.effective_on FROM icp_revisions r
                    WHERE r.tenant_id = l.tenant_id AND r.icp_id = l.icp_id AND r.published_at IS NOT NULL
                      AND r.effective_on <= \(day.description)::date AND l.status <> 'retired'
                    ORDER BY r.effective_on DESC, r.published_at DESC LIMIT 1) f ON true
                ORDER BY l.name, l.icp_id
                """
            ).map { row in
                let l = try ICPListRow.table.decode(row)
                let inForce = try row.column(columns, as: Int?.self)
                let scheduled = try row.column(columns + 1, as: Int?.self).flatMap { revision in
                    try row.column(columns + 2, as: CalendarDay?.self).map { ScheduledRevision(revision: revision, effectiveOn: $0) }
                }
                let icpStatus = ICPStatus(rawValue: l.status) ?? .draft
                var due: CalendarDay? = nil
                var cadenceStatus = CadenceStatus.notPublished
                var daysLeft: Int? = nil
                if icpStatus == .retired {
                    cadenceStatus = .retired
                } else if let clockStart = l.reviewClockStartedAt?.date, l.publishedRevision != nil {
                    let next = calendar.nextReviewDue(after: clockStart, cadence: ReviewCadence(months: l.cadenceMonths))
                    due = next
                    switch calendar.reviewStatus(due: next, now: today) {
                    case .fresh(let d):
                        cadenceStatus = .fresh
                        daysLeft = d
                    case .dueSoon(let d):
                        cadenceStatus = .dueSoon
                        daysLeft = d
                    case .overdue(let d):
                        cadenceStatus = .overdue
                        daysLeft = -d
                    }
                }
                return ICPSummary(
                    id: ICPID(l.icpID), name: l.name, status: icpStatus, owner: PrincipalID(l.owner),
                    publishedRevision: l.publishedRevision, inForceRevision: inForce, scheduled: scheduled,
                    latestRevision: l.latestRevision, openRevisions: l.openRevisions,
                    cadenceMonths: l.cadenceMonths, lastPublishedAt: l.lastPublishedAt?.date, lastReviewedAt: l.lastReviewedAt?.date,
                    lastReviewOutcome: l.lastReviewOutcome, nextReviewDue: due, cadenceStatus: cadenceStatus,
                    daysUntilDue: daysLeft, overdueAfterTheFactReviews: l.overdueAfterTheFact, retiredReason: l.retiredReason,
                    orphanedSince: l.orphanedSince?.date)
            }
            let texts = try NoteTexts.load(summaries.map(\.retiredReason), on: connection)
            return summaries.map { summary in
                var summary = summary
                summary.retiredReason = texts.text(summary.retiredReason)
                return summary
            }
        }
    }

    /// The revision of an ICP in force today (the ledger's clock, in the workspace's time zone): the
    /// published revision with the latest effective day on or before today. Nil when none is in
    /// force yet (nothing published, or only for a later day) or the ICP is retired. A revision
    /// published for a later day is named in ``CurrentICP/scheduled``.
    public func currentICP(_ icp: ICPID, in workspace: WorkspaceID) async throws -> CurrentICP? {
        // Today in the workspace's time zone is within a day of today in UTC, so a revision effective
        // before today (UTC) is in force wherever the workspace is. Only for one that takes effect
        // around today does the server look up the workspace's time zone (the subquery in the CASE
        // runs for those rows alone), and the day is worked out here.
        let now = now()
        let utcToday = CalendarDay(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
        let found = try await readOne(
            workspace,
            """
            SELECT \(ICPCurrentRow.table.selectList(alias: "c")),
                   CASE WHEN c.effective_on < \(utcToday.description)::date THEN NULL
                        ELSE (SELECT w.time_zone FROM workspaces w WHERE w.tenant_id = c.tenant_id) END
            FROM icp_current c WHERE c.tenant_id = \(workspace.uuid) AND c.icp_id = \(icp.uuid)
            """
        ).first.map { (try ICPCurrentRow.table.decode($0), try $0.column(ICPCurrentRow.table.columns.count, as: String?.self)) }
        guard let (current, zone) = found else { return nil }
        let effectiveOn = current.effectiveOn
        var today: CalendarDay? = nil
        var inForce = effectiveOn < utcToday
        if !inForce {
            let local = CalendarDay(now, in: zone.flatMap(TimeZone.init(identifier:)) ?? .gmt)
            today = local
            inForce = effectiveOn <= local
        }
        if inForce {
            return CurrentICP(
                icpId: icp, revision: current.revision, effectiveOn: effectiveOn, publishedAt: current.publishedAt.date,
                publishedBy: PrincipalID(current.publishedBy), emergency: current.emergency,
                definition: try Self.decodeJSON(ICPDefinition.self, current.definition), scheduled: nil)
        }
        // The latest publication takes effect later: what is in force today is an earlier one, if any.
        guard let today else { return nil }
        let scheduled = ScheduledRevision(revision: current.revision, effectiveOn: effectiveOn)
        guard let earlier = try await operatingOn(today, icp: icp, in: workspace), let earlierPublishedAt = earlier.publishedAt,
            let earlierEffective = earlier.effectiveOn, let earlierBy = earlier.publishedBy
        else { return nil }
        return CurrentICP(
            icpId: icp, revision: earlier.revision, effectiveOn: earlierEffective, publishedAt: earlierPublishedAt,
            publishedBy: earlierBy, emergency: earlier.emergency, definition: earlier.definition, scheduled: scheduled)
    }

    /// Every revision of an ICP, oldest first.
    public func revisionHistory(_ icp: ICPID, in workspace: WorkspaceID) async throws -> [RevisionRecord] {
        try await revisions(icp, in: workspace, .all)
    }

    /// One revision.
    public func revision(_ number: Int, of icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord {
        guard let record = try await revisions(icp, in: workspace, .number(number)).first else {
            throw LedgerError.revisionNotFound(number)
        }
        return record
    }

    /// What changed between two revisions' definitions.
    public func diff(_ icp: ICPID, in workspace: WorkspaceID, from a: Int, to b: Int) async throws -> DefinitionDiff {
        let x = try await revision(a, of: icp, in: workspace), y = try await revision(b, of: icp, in: workspace)
        return DefinitionDiff.between(x.definition, y.definition)
    }

    /// The revision that was operating on a day: the published revision with the latest
    /// effective date on or before it (published later wins a tie). Nil before the first one
    /// took effect. Uses effective dates, not when anything was recorded.
    public func operatingOn(_ day: CalendarDay, icp: ICPID, in workspace: WorkspaceID) async throws -> RevisionRecord? {
        // Nothing operates on a day a date column cannot hold (year 0, say): no revision takes effect then.
        guard StorageLimits.canStore(day) else { return nil }
        return try await revisions(icp, in: workspace, .operatingOn(day)).first
    }

    /// The ICP as it was recorded at a moment: only events the database had stored by then
    /// (their `recorded_at`), replayed. Nil when the ICP did not exist yet.
    public func recordedAt(_ moment: Date, icp: ICPID, in workspace: WorkspaceID) async throws -> RecordedICP? {
        let (state, _, count) = try await load(ICPDecider.self, Self.streamID(workspace, .icp(icp)), recordedUpTo: moment)
        return state.map { RecordedICP(moment: moment, eventCount: count, state: $0) }
    }

    /// The history of one rule key (signals of any family and disqualifiers) across an ICP's revisions.
    public func ruleHistory(_ key: String, icp: ICPID, in workspace: WorkspaceID) async throws -> [RuleHistoryEntry] {
        RuleHistoryEntry.history(of: key, in: try await revisionHistory(icp, in: workspace))
    }

    /// Findings of a workspace, newest first.
    public func findings(in workspace: WorkspaceID, openOnly: Bool = false) async throws -> [FindingRecord] {
        try await read(workspace) { connection in
            let rows = try connection.query(
                """
                SELECT \(FindingRow.table.selectList()) FROM findings
                WHERE (\(openOnly) = false OR status = 'open') ORDER BY recorded_at DESC, finding_id
                """
            ).map { row in try FindingRow.table.decode(row) }
            let texts = try NoteTexts.load(rows.map(\.notesRef) + rows.map(\.resolutionText), on: connection)
            return try rows.map { f in
                FindingRecord(
                    id: FindingID(f.findingID), audit: AuditType(rawValue: f.auditType) ?? .customer,
                    severity: FindingSeverity(rawValue: f.severity) ?? .low, summary: f.summary, recommendation: f.recommendation,
                    metrics: try Self.decodeJSON([String: Double].self, f.metrics), icpId: f.icpID.map(ICPID.init),
                    recordedBy: PrincipalID(f.recordedBy), recordedAt: f.recordedAt.date, isResolved: f.status == "resolved",
                    resolvedByRevision: f.resolvedRevision, resolutionText: texts.text(f.resolutionText), resolvedAt: f.resolvedAt?.date,
                    notes: texts.noteText(f.notesRef))
            }
        }
    }

    /// The disqualifiers in force across the workspace's ICPs.
    public func disqualifierRegistry(in workspace: WorkspaceID) async throws -> [DisqualifierEntry] {
        try await read(workspace) { connection in
            try connection.query(
                """
                SELECT \(DisqualifierRow.table.selectList()) FROM disqualifier_registry ORDER BY key, icp_name, ordinal
                """
            ).map { row in
                let q = try DisqualifierRow.table.decode(row)
                return DisqualifierEntry(
                    icpId: ICPID(q.icpID), icpName: q.icpName, revision: q.revision, key: q.key,
                    op: SignalOperator(rawValue: q.op) ?? .equals,
                    value: try q.value.map { try Self.decodeJSON(RuleValue.self, $0) }, reason: q.reason)
            }
        }
    }

    /// An ICP's events, newest first: at most `limit`, older than stream version `before` when
    /// given, of the given types only when any are given, and occurred within `from..<to` when given.
    public func icpActivity(
        _ icp: ICPID, in workspace: WorkspaceID, types: [String] = [], from: Date? = nil, to: Date? = nil, before: Int64? = nil, limit: Int = 50
    ) async throws -> [ICPActivityEntry] {
        let stream = Self.streamID(workspace, .icp(icp)).name
        let kinds = PostgresArray(types)
        return try await read(workspace) { connection in
            let entries = try connection.query(
                """
                SELECT stream_version, event_type, occurred_at, recorded_at, canonical::jsonb -> 'metadata' ->> 'actor',
                       (canonical::jsonb -> 'payload')::text
                FROM events
                WHERE tenant_id = \(workspace.uuid) AND stream_id = \(stream)
                  AND (\(before)::bigint IS NULL OR stream_version < \(before)::bigint)
                  AND (cardinality(\(kinds)::text[]) = 0 OR event_type = ANY(\(kinds)::text[]))
                  AND (\(from)::timestamptz IS NULL OR occurred_at >= \(from)::timestamptz)
                  AND (\(to)::timestamptz IS NULL OR occurred_at < \(to)::timestamptz)
                ORDER BY stream_version DESC
                LIMIT \(limit)
                """
            ).map { row in
                let (version, type, occurred, recorded, actor, payload) = try row.decode((Int64, String, Date, Date, String?, String).self)
                return ICPActivityEntry(
                    version: version, type: type, occurredAt: occurred, recordedAt: recorded, actor: actor.map { PrincipalID($0) }, payload: payload)
            }
            let references = entries.map { PersonalNote.references(in: $0.payload) }
            let texts = try NoteTexts.load(references.flatMap { $0 }, on: connection)
            return zip(entries, references).map { entry, references in
                var entry = entry
                if !references.isEmpty {
                    entry.notes = Dictionary(references.map { ($0, texts.text($0)) }, uniquingKeysWith: { first, _ in first })
                }
                return entry
            }
        }
    }

    /// The latest events of a workspace (a query over the events, not a copy of them). The actor is
    /// taken out of the canonical text only for the rows the limit keeps.
    public func activity(in workspace: WorkspaceID, limit: Int = 50) async throws -> [ActivityEntry] {
        try await read(workspace) { connection in
            try connection.query(
                """
                SELECT occurred_at, recorded_at, event_type, stream_id, canonical::jsonb -> 'metadata' ->> 'actor'
                FROM (SELECT occurred_at, recorded_at, event_type, stream_id, canonical, position FROM events
                      WHERE tenant_id = \(workspace.uuid) ORDER BY position DESC LIMIT \(limit)) AS recent
                ORDER BY position DESC
                """
            ).map { row in
                let (occurred, recorded, type, stream, actor) = try row.decode((Date, Date, String, String, String?).self)
                return ActivityEntry(occurredAt: occurred, recordedAt: recorded, type: type, stream: stream, actor: actor.map { PrincipalID($0) })
            }
        }
    }

    /// Who holds which role, as the read model shows it.
    public func workspaceMembers(_ workspace: WorkspaceID) async throws -> [WorkspaceMember] {
        try await read(workspace) { connection in
            try connection.query("SELECT \(WorkspaceMemberRow.table.selectList()) FROM workspace_members ORDER BY principal_id").map { row in
                let member = try WorkspaceMemberRow.table.decode(row)
                return WorkspaceMember(principal: PrincipalID(member.principalID), role: WorkspaceRole(rawValue: member.role) ?? .viewer)
            }
        }
    }

    /// Why this workspace's read models stopped, if they are halted on an event they cannot apply
    /// (read as the workspace itself: row-level security shows no other workspace's halt).
    public func projectionHalt(in workspace: WorkspaceID) async throws -> TenantHalt? {
        try await read(workspace) { connection in
            try EventSubscription.halts(of: ReadModelRunner.subscriptionName, tenant: workspace.uuid, on: connection).first
        }
    }

    // MARK: Helpers

    func workspaceSettings(_ workspace: WorkspaceID) async throws -> WorkspaceSummary {
        let found: WorkspaceSummary? = try await read(workspace) { connection in
            try connection.query("SELECT \(WorkspaceRow.table.selectList()) FROM workspaces").first.map {
                WorkspaceSummary(try WorkspaceRow.table.decode($0))
            }
        }
        guard let found else { throw LedgerError.workspaceNotFound(workspace.description) }
        return found
    }

    /// Which revisions a history query returns.
    enum RevisionSelection: Sendable {
        case all
        case number(Int)
        /// The one operating on a day: latest effective day on or before it, published later wins a tie.
        case operatingOn(CalendarDay)
    }

    func revisions(_ icp: ICPID, in workspace: WorkspaceID, _ selection: RevisionSelection) async throws -> [RevisionRecord] {
        // "In force" means today, in the workspace's time zone, by effective day.
        let settings = try await workspaceSettings(workspace)
        let today = CalendarDay(now(), in: TimeZone(identifier: settings.timeZone) ?? .gmt)
        let number: Int? = if case .number(let n) = selection { n } else { nil }
        let day: String? = if case .operatingOn(let d) = selection { d.description } else { nil }
        return try await read(workspace) { connection in
            var definitions = RevisionDefinitions { [workspace] in
                try connection.query(
                    """
                    SELECT \(ICPRevisionRow.table.selectList()) FROM icp_revisions
                    WHERE tenant_id = \(workspace.uuid) AND icp_id = \(icp.uuid)
                    """
                ).map { row in
                    let r = try ICPRevisionRow.table.decode(row)
                    return (r.revision, r.baseRevision, r.changes, r.definition)
                }
            }
            let columns = ICPRevisionRow.table.columns.count
            let records = try connection.query(
                """
                SELECT \(ICPRevisionRow.table.selectList(alias: "r")),
                       (l.status <> 'retired' AND r.revision IS NOT DISTINCT FROM (
                           SELECT o.revision FROM icp_revisions o
                           WHERE o.tenant_id = r.tenant_id AND o.icp_id = r.icp_id AND o.published_at IS NOT NULL
                             AND o.effective_on <= \(today.description)::date
                           ORDER BY o.effective_on DESC, o.published_at DESC LIMIT 1))
                FROM icp_revisions r JOIN icp_list l ON l.tenant_id = r.tenant_id AND l.icp_id = r.icp_id
                WHERE r.tenant_id = \(workspace.uuid) AND r.icp_id = \(icp.uuid)
                  AND (\(number)::integer IS NULL OR r.revision = \(number))
                  AND (\(day)::date IS NULL OR (r.published_at IS NOT NULL AND r.effective_on <= \(day)::date))
                ORDER BY CASE WHEN \(day)::date IS NULL THEN r.revision END,
                         r.effective_on DESC, r.published_at DESC
                LIMIT CASE WHEN \(day)::date IS NULL THEN NULL ELSE 1 END
                """
            ).map { row in
                let r = try ICPRevisionRow.table.decode(row)
                return RevisionRecord(
                    revision: r.revision, baseRevision: r.baseRevision, status: RevisionStatus(rawValue: r.status) ?? .proposed,
                    inForce: try row.column(columns, as: Bool.self), proposer: PrincipalID(r.proposer),
                    authors: r.authors.map { PrincipalID($0) }, approvers: r.approvers.map { PrincipalID($0) },
                    proposedAt: r.proposedAt.date, approvedAt: r.approvedAt?.date, rejectedBy: r.rejectedBy.map { PrincipalID($0) },
                    rejectedAt: r.rejectedAt?.date, rejectionReason: r.rejectionReason, publishedBy: r.publishedBy.map { PrincipalID($0) },
                    publishedAt: r.publishedAt?.date, effectiveOn: r.effectiveOn, emergency: r.emergency,
                    justification: r.justification, rationale: r.rationale,
                    evidence: try Self.decodeJSON([EvidenceRef].self, r.evidence), diffSummary: r.diffSummary,
                    revisionDistance: r.revisionDistance, definition: try definitions.definition(of: r.revision, stored: r.definition),
                    approvalNotes: try Self.decodeJSON([ApprovalNote].self, r.approvalNotes))
            }
            let texts = try NoteTexts.load(
                records.flatMap { [$0.rejectionReason, $0.justification] + $0.approvalNotes.map(\.comment) }, on: connection)
            return records.map { record in
                var record = record
                record.rejectionReason = texts.text(record.rejectionReason)
                record.justification = texts.text(record.justification)
                for index in record.approvalNotes.indices {
                    record.approvalNotes[index].comment = texts.text(record.approvalNotes[index].comment)
                }
                return record
            }
        }
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try FastJSONDecoder().decode(type, from: text)
    }
}

/// Revision definitions for rows that leave them NULL (Schema/0007): a NULL definition is the base
/// revision's definition with the row's changes applied, exactly as the ICP's `evolve` applies them.
/// The ICP's `(revision, base, changes, definition)` rows are loaded once, on first need.
struct RevisionDefinitions {
    typealias ChainRow = (revision: Int, base: Int, changes: String, definition: String?)
    let load: () throws -> [ChainRow]
    private var chain: [Int: ChainRow]?
    private var known: [Int: ICPDefinition] = [:]

    init(load: @escaping () throws -> [ChainRow]) { self.load = load }

    mutating func definition(of revision: Int, stored: String?) throws -> ICPDefinition {
        if let known = known[revision] { return known }
        if let stored {
            let definition = try Ledger.decodeJSON(ICPDefinition.self, stored)
            known[revision] = definition
            return definition
        }
        if chain == nil { chain = Dictionary(uniqueKeysWithValues: try load().map { ($0.revision, $0) }) }
        // Walk back to a stored (or already rebuilt) definition, then apply the changes forward.
        var path: [ChainRow] = []
        var number = revision
        var definition: ICPDefinition
        while true {
            if let found = known[number] {
                definition = found
                break
            }
            guard let row = chain?[number] else { throw LedgerError.inconsistentHistory("revision \(number) is missing") }
            if let text = row.definition {
                definition = try Ledger.decodeJSON(ICPDefinition.self, text)
                break
            }
            guard row.base >= 1, row.base < row.revision else {
                throw LedgerError.inconsistentHistory("revision \(row.revision) has no definition and no earlier base")
            }
            path.append(row)
            number = row.base
        }
        for row in path.reversed() {
            let changes = try Ledger.decodeJSON([DefinitionChange].self, row.changes)
            definition = ICPState.definition(applying: changes, to: definition)
            known[row.revision] = definition
        }
        return definition
    }
}

extension Ledger {
    /// Plans a definition against an ICP as it stands (nil: a new one), linted with its whole context:
    /// the evidence given, whether no other ICP of the workspace operates (so this one would be what the
    /// business runs on), and the ICP's review status today.
    public func plan(
        _ definition: ICPDefinition, against state: ICPState?, evidence: [EvidenceRef], in workspace: WorkspaceID
    ) async throws
        -> ICPPlan
    {
        var plan = ICPPlan(
            proposed: definition, against: state, evidence: evidence,
            operatesAlone: try await !anotherICPOperates(besides: state?.id, in: workspace),
            reviewStatus: try await reviewStatus(of: state, in: workspace))
        // With a pipeline snapshot, approvers see what the change would move (a definition that does
        // not validate has no impact to show; its lint says why). A failure to read is an error.
        if definition.validate().isEmpty,
            let impact = try await impactPreview(of: definition, revision: (state?.revisions.count ?? 0) + 1, icp: state?.id, in: workspace)
        {
            plan.impact = (impact.preview, impact.day)
        }
        return plan
    }

    /// The lint warnings of an ICP's revision in force (or `revision`), in its context today.
    public func lint(_ icp: ICPID, revision: Int? = nil, in workspace: WorkspaceID) async throws -> [LintWarning] {
        guard let state = try await icpState(icp, in: workspace) else { throw LedgerError.icpNotFound(icp.description) }
        if let revision, state.revision(revision) == nil { throw LedgerError.revisionNotFound(revision) }
        let settings = try await workspaceSettings(workspace)
        let calendar = FiscalCalendar(
            timeZone: TimeZone(identifier: settings.timeZone) ?? .gmt, fiscalYearStartMonth: settings.fiscalYearStartMonth)
        return ICPLinter.lint(
            state, revision: revision, calendar: calendar, now: now(), usedAsOperating: try await !anotherICPOperates(besides: icp, in: workspace))
    }

    /// True when an ICP other than `icp` has an operating-mode revision in force.
    private func anotherICPOperates(besides icp: ICPID?, in workspace: WorkspaceID) async throws -> Bool {
        for other in try await listICPs(in: workspace) where other.id != icp && other.inForceRevision != nil {
            if try await currentICP(other.id, in: workspace)?.definition.mode == .operating { return true }
        }
        return false
    }

    private func reviewStatus(of state: ICPState?, in workspace: WorkspaceID) async throws -> ReviewStatus? {
        guard let state else { return nil }
        let settings = try await workspaceSettings(workspace)
        let calendar = FiscalCalendar(
            timeZone: TimeZone(identifier: settings.timeZone) ?? .gmt, fiscalYearStartMonth: settings.fiscalYearStartMonth)
        return state.reviewStatus(in: calendar, now: now())
    }
}
