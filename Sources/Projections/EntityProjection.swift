public import EventStore
import Foundation
public import ICPDomain

/// Why the projector refused an event (the runner halts on it rather than skip it).
public enum ProjectionError: Error, Sendable, CustomStringConvertible {
    /// An event arrived out of its stream's order.
    case outOfOrder(stream: String, expected: Int64, got: Int64)
    /// The event does not belong to the kind of stream it was stored in.
    case foreignEvent(stream: String, type: String)
    /// The event holds a value the read-model tables cannot store.
    case unstorable(stream: String, version: Int64, detail: String)

    public var description: String {
        switch self {
        case .unstorable(let stream, let version, let detail):
            "event \(version) of stream \(stream) holds a value the read models cannot store: \(detail)"
        case .outOfOrder(let stream, let expected, let got):
            "stream \(stream) delivered version \(got) where \(expected) was expected"
        case .foreignEvent(let stream, let type):
            "event \(type) does not belong in stream \(stream)"
        }
    }
}

/// Facts about a revision that the domain state does not keep but the history shows.
struct RevisionFacts: Hashable, Sendable {
    var proposedAt: Timestamp
    var approvedAt: Timestamp?
    var rejectedBy: PrincipalID?
    var rejectedAt: Timestamp?
    var rejectionReason: String?
    var justification: String?
    var approvalNotes: [ApprovalNote] = []
}

/// The projected state of one stream: the domain state plus the dates the read models show.
public struct EntityProjection: Sendable {
    public let stream: StreamID
    /// The stream's name, parsed.
    let name: StreamName
    /// The last stream version folded in (0 = nothing yet).
    public private(set) var version: Int64 = 0
    /// Exactly one of these is set, by the kind of stream. (Three optionals rather than an enum
    /// with payloads: optional chaining folds an event into the stored value in place, where an
    /// enum payload would have to be copied out and written back for every event.)
    var workspace: WorkspaceProjection?
    var icp: ICPProjection?
    var finding: FindingProjection?

    /// A fresh projection for a stream of this module, or nil for a stream it does not project.
    public init?(stream: StreamID) {
        guard let name = StreamName(stream.name) else { return nil }
        self.stream = stream
        self.name = name
        switch name {
        case .workspace: workspace = WorkspaceProjection()
        case .icp: icp = ICPProjection()
        case .finding: finding = FindingProjection()
        case .schedule: return nil  // the scheduler's notices have no read model here
        }
    }

    /// Folds the stream's next event.
    public mutating func apply(_ event: DomainEvent, version: Int64) throws {
        guard version == self.version + 1 else {
            throw ProjectionError.outOfOrder(stream: stream.name, expected: self.version + 1, got: version)
        }
        guard event.stream == name else {
            throw ProjectionError.foreignEvent(stream: stream.name, type: event.kind.rawValue)
        }
        if let problem = event.storageViolation {
            throw ProjectionError.unstorable(stream: stream.name, version: version, detail: problem)
        }
        workspace?.apply(event)
        icp?.apply(event)
        finding?.apply(event)
        self.version = version
    }

    /// Decodes a stored event and folds it.
    public mutating func apply(_ recorded: RecordedEvent) throws {
        try apply(type: recorded.type, schemaVersion: recorded.schemaVersion, payload: recorded.payload, version: recorded.version)
    }

    /// Decodes an event read for folding and folds it.
    public mutating func apply(_ event: FoldableEvent) throws {
        try apply(type: event.type, schemaVersion: event.schemaVersion, payload: event.payload, version: event.version)
    }

    private mutating func apply(type: String, schemaVersion: Int, payload: Data, version: Int64) throws {
        if PayloadText.containsNUL(payload) {
            throw ProjectionError.unstorable(stream: stream.name, version: version, detail: "a text holds a NUL character")
        }
        try apply(EventCodec.decode(type: type, schemaVersion: schemaVersion, payload: payload), version: version)
    }

    /// The tables whose rows this entity owns.
    var tables: [ReadModelTable] {
        switch name {
        case .workspace: [.workspaces, .workspaceMembers]
        case .icp: [.icpList, .icpCurrent, .icpRevisions, .disqualifierRegistry]
        case .finding: [.findings]
        case .schedule: []
        }
    }

    /// The entity id column value (nil when the tenant itself is the entity).
    var entityID: UUID? {
        switch name {
        case .icp(let id): id.uuid
        case .finding(let id): id.uuid
        default: nil
        }
    }

    /// The rows this entity contributes. With `memoize` (for entities that stay cached, as in
    /// the live projector) encoded revisions are kept for the next call.
    mutating func rows(memoize: Bool = true) throws -> ProjectedRows {
        if let workspace { return workspace.rows(tenant: stream.tenant) }
        if let finding { return try finding.rows(tenant: stream.tenant) }
        return try icp?.rows(tenant: stream.tenant, memoize: memoize) ?? ProjectedRows()
    }
}

struct WorkspaceProjection: Sendable {
    var state: WorkspaceState?
    var createdAt: Timestamp?
    var createdBy: PrincipalID?

    mutating func apply(_ event: DomainEvent) {
        if case .workspaceCreated(let e) = event {
            createdAt = e.createdAt
            createdBy = e.founder
        }
        state = WorkspaceDecider.evolve(state, event)
    }

    func rows(tenant: UUID) -> ProjectedRows {
        guard let state, let createdAt, let createdBy else { return ProjectedRows() }
        var rows = ProjectedRows()
        rows.workspaces = [
            WorkspaceRow(
                tenantID: tenant, name: state.name, timeZone: state.timeZone,
                fiscalYearStartMonth: state.fiscalYearStartMonth, createdBy: createdBy.rawValue,
                createdAt: createdAt)
        ]
        rows.workspaceMembers = state.grants.sorted { $0.key < $1.key }.map { grant in
            WorkspaceMemberRow(tenantID: tenant, principalID: grant.key.rawValue, role: grant.value.rawValue)
        }
        return rows
    }
}

struct ICPProjection: Sendable {
    var state: ICPState?
    var facts: [Int: RevisionFacts] = [:]
    var draftedAt: Timestamp?
    var lastPublishedAt: Timestamp?
    var lastReviewedAt: Timestamp?
    var retiredAt: Timestamp?
    /// Encoded columns of revisions, reused while the revision is unchanged.
    var encoded: [Int: EncodedRevision] = [:]

    struct EncodedRevision: Sendable {
        var definition: ICPDefinition
        var baseRevision: Int
        var changes: [DefinitionChange]
        var evidence: [EvidenceRef]
        var storesDefinition: Bool
        var fields: EncodedFields

        func matches(_ r: Revision, storesDefinition: Bool) -> Bool {
            storesDefinition == self.storesDefinition && r.baseRevision == baseRevision && r.changes == changes
                && r.evidence == evidence && r.definition == definition
        }
    }

    /// A revision row leaves `definition` NULL when the definition is its base revision's with
    /// its changes applied (see `ICPState.definition(applying:to:)`), and stores it otherwise: for
    /// revisions based on the draft, where the changes do not reproduce it, and at least every
    /// `keyframeInterval` steps along a chain of bases, which bounds what a reader must apply.
    static let keyframeInterval = 16

    mutating func apply(_ event: DomainEvent) {
        switch event {
        case .icpDrafted(let e):
            draftedAt = e.draftedAt
            facts[1] = RevisionFacts(proposedAt: e.draftedAt)
        case .revisionProposed(let e):
            facts[e.revision] = RevisionFacts(proposedAt: e.proposedAt)
        case .proposalAmended(let e):
            facts[e.revision]?.approvedAt = nil
        case .approvalsDismissed(let e):
            facts[e.revision]?.approvedAt = nil
        case .revisionApproved(let e):
            facts[e.revision]?.approvedAt = e.approvedAt
            if let comment = e.comment {
                facts[e.revision]?.approvalNotes.append(ApprovalNote(approver: e.approver, comment: comment, approvedAt: e.approvedAt))
            }
        case .revisionRejected(let e):
            facts[e.revision]?.rejectedBy = e.rejectedBy
            facts[e.revision]?.rejectedAt = e.rejectedAt
            facts[e.revision]?.rejectionReason = e.reason
        case .revisionPublished(let e):
            lastPublishedAt = e.publishedAt
        case .revisionEmergencyPublished(let e):
            lastPublishedAt = e.publishedAt
            facts[e.revision]?.justification = e.justification
        case .quarterlyReviewRecorded(let e):
            lastReviewedAt = e.reviewedAt
        case .icpRetired(let e):
            retiredAt = e.retiredAt
        default:
            break
        }
        ICPDecider.apply(event, to: &state)
    }

    /// A revision's columns that take encoding work, kept while the revision is unchanged.
    struct EncodedFields: Sendable {
        var evidence: String
        var changes: String
        var summary: String
        var distance: Double
        var definition: String?
    }

    mutating func rows(tenant: UUID, memoize: Bool) throws -> ProjectedRows {
        guard let state, let draftedAt else { return ProjectedRows() }
        let icp = state.id.uuid
        let base = state.baseDefinition
        var result = ProjectedRows()
        result.icpList = [
            ICPListRow(
                tenantID: tenant, icpID: icp, name: base.name, status: state.status.rawValue, owner: state.owner.rawValue,
                publishedRevision: state.publishedRevision, latestRevision: state.revisions.count,
                openRevisions: state.revisions.filter { $0.status.isOpen }.count, cadenceMonths: base.cadence.months,
                draftedAt: draftedAt, lastPublishedAt: lastPublishedAt, lastReviewedAt: lastReviewedAt,
                lastReviewOutcome: state.lastReviewOutcome?.rawValue, reviewClockStartedAt: state.reviewClockStartedAt,
                overdueAfterTheFact: state.overdueAfterTheFactReviews.count, retiredAt: retiredAt, retiredReason: state.retiredReason,
                orphanedSince: state.orphanedSince)
        ]
        if state.retiredReason == nil, let number = state.publishedRevision, let revision = state.revision(number),
            let effectiveOn = revision.effectiveOn, let publishedAt = revision.publishedAt, let publishedBy = revision.publishedBy
        {
            let d = revision.definition
            result.icpCurrent = [
                ICPCurrentRow(
                    tenantID: tenant, icpID: icp, revision: number, name: d.name, statement: d.statement, mode: d.mode.rawValue,
                    effectiveOn: effectiveOn, publishedAt: publishedAt, publishedBy: publishedBy.rawValue,
                    emergency: revision.status == .emergencyPublished, signalCount: d.signals.count,
                    definition: DefinitionJSON.encode(d))
            ]
            result.disqualifierRegistry = try d.disqualifiers.enumerated().map { index, q in
                DisqualifierRow(
                    tenantID: tenant, icpID: icp, ordinal: index + 1, icpName: d.name, revision: number, key: q.key,
                    op: q.op.rawValue, value: try q.value.map(RowJSON.json) ?? nil, reason: q.reason)
            }
        }
        var revisionRows: [ICPRevisionRow] = []
        revisionRows.reserveCapacity(state.revisions.count)
        var definitionCache = DefinitionJSON.Cache()
        // Steps from each revision back to one whose row stores its definition (0 = stores it).
        var depth: [Int] = []
        depth.reserveCapacity(state.revisions.count)
        for r in state.revisions {
            let facts = self.facts[r.number] ?? RevisionFacts(proposedAt: draftedAt)
            var derived = false
            if ICPState.isDerivedFromBaseRevision(r), depth[r.baseRevision - 1] + 1 < Self.keyframeInterval,
                let base = state.definition(atRevision: r.baseRevision)
            {
                // Checked every time rather than memoized: it depends on the base's definition too.
                derived = ICPState.definition(applying: r.changes, to: base) == r.definition
            }
            depth.append(derived ? depth[r.baseRevision - 1] + 1 : 0)
            let fields: EncodedFields
            if let memo = encoded[r.number], memo.matches(r, storesDefinition: !derived) {
                fields = memo.fields
            } else {
                let initial = r.number == 1 && r.baseRevision == 0
                let before = state.definition(atRevision: r.baseRevision) ?? state.draftDefinition
                fields = EncodedFields(
                    evidence: RowJSON.evidenceJSON(r.evidence) ?? "[]", changes: DefinitionJSON.changes(r.changes),
                    summary: initial ? "initial definition" : DiffSummary.text(DefinitionDiff(changes: r.changes)),
                    distance: initial ? 0 : RevisionDistance.between(before, r.definition),
                    definition: derived ? nil : DefinitionJSON.encode(r.definition, cache: &definitionCache))
                if memoize {
                    encoded[r.number] = EncodedRevision(
                        definition: r.definition, baseRevision: r.baseRevision, changes: r.changes,
                        evidence: r.evidence, storesDefinition: !derived, fields: fields)
                }
            }
            revisionRows.append(
                ICPRevisionRow(
                    tenantID: tenant, icpID: icp, revision: r.number, baseRevision: r.baseRevision, status: r.status.rawValue,
                    proposer: r.proposer.rawValue, authors: r.authors.map(\.rawValue).sorted(), approvers: r.approvals.map(\.rawValue).sorted(),
                    proposedAt: facts.proposedAt, approvedAt: facts.approvedAt, rejectedBy: facts.rejectedBy?.rawValue,
                    rejectedAt: facts.rejectedAt, rejectionReason: facts.rejectionReason, publishedBy: r.publishedBy?.rawValue,
                    publishedAt: r.publishedAt, effectiveOn: r.effectiveOn, emergency: r.status == .emergencyPublished,
                    justification: facts.justification, rationale: r.rationale, evidence: fields.evidence, changes: fields.changes,
                    diffSummary: fields.summary, revisionDistance: fields.distance, definition: fields.definition,
                    approvalNotes: facts.approvalNotes.isEmpty ? "[]" : try RowJSON.json(facts.approvalNotes) ?? "[]"))
        }
        result.icpRevisions = revisionRows
        return result
    }
}

struct FindingProjection: Sendable {
    var state: FindingState?
    var recordedBy: PrincipalID?
    var recordedAt: Timestamp?
    var resolvedBy: PrincipalID?
    var resolvedAt: Timestamp?

    mutating func apply(_ event: DomainEvent) {
        switch event {
        case .findingRecorded(let e):
            recordedBy = e.recordedBy
            recordedAt = e.recordedAt
        case .findingResolved(let e):
            resolvedBy = e.resolvedBy
            resolvedAt = e.resolvedAt
        default:
            break
        }
        state = FindingDecider.evolve(state, event)
    }

    func rows(tenant: UUID) throws -> ProjectedRows {
        guard let s = state, let recordedBy, let recordedAt else { return ProjectedRows() }
        var kind: String? = nil, icp: UUID? = nil, number: Int? = nil, text: String? = nil
        switch s.resolution {
        case .revision(let id, let n):
            kind = "revision"
            icp = id.uuid
            number = n
        case .decision(let t):
            kind = "decision"
            text = t
        case nil: break
        }
        var rows = ProjectedRows()
        rows.findings = [
            FindingRow(
                tenantID: tenant, findingID: s.id.uuid, auditType: s.auditType.rawValue, severity: s.severity.rawValue, summary: s.summary,
                recommendation: s.recommendation, metrics: try RowJSON.json(s.metrics) ?? "{}", icpID: s.icpId?.uuid, notesRef: s.notesRef,
                recordedBy: recordedBy.rawValue, recordedAt: recordedAt, status: s.isResolved ? "resolved" : "open", resolutionKind: kind,
                resolvedICPID: icp, resolvedRevision: number, resolutionText: text, resolvedBy: resolvedBy?.rawValue, resolvedAt: resolvedAt)
        ]
        return rows
    }
}
