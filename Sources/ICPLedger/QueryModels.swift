public import Foundation
public import ICPDomain
import ICPFile
import Projections

/// A workspace as the read model shows it.
public struct WorkspaceSummary: Sendable, Hashable, Codable {
    public var id: WorkspaceID
    public var name: String
    public var timeZone: String
    public var fiscalYearStartMonth: Int

    public init(id: WorkspaceID, name: String, timeZone: String, fiscalYearStartMonth: Int) {
        (self.id, self.name, self.timeZone, self.fiscalYearStartMonth) = (id, name, timeZone, fiscalYearStartMonth)
    }

    init(_ row: WorkspaceRow) {
        self.init(id: WorkspaceID(row.tenantID), name: row.name, timeZone: row.timeZone, fiscalYearStartMonth: row.fiscalYearStartMonth)
    }
}

/// Where an ICP stands against its review cadence today.
public enum CadenceStatus: String, Sendable, Hashable, Codable {
    case fresh, dueSoon, overdue, notPublished, retired
}

/// One row of the ICP list of a workspace.
public struct ICPSummary: Sendable, Hashable, Codable {
    public var id: ICPID
    public var name: String
    public var status: ICPStatus
    public var owner: PrincipalID
    /// The latest published revision (it may take effect on a later day).
    public var publishedRevision: Int?
    /// The revision in force today (by effective day, in the workspace's time zone), if any.
    public var inForceRevision: Int?
    /// The latest published revision when it takes effect after today.
    public var scheduled: ScheduledRevision?
    public var latestRevision: Int
    public var openRevisions: Int
    public var cadenceMonths: Int
    public var lastPublishedAt: Date?
    public var lastReviewedAt: Date?
    public var lastReviewOutcome: String?
    public var nextReviewDue: CalendarDay?
    public var cadenceStatus: CadenceStatus
    /// Days left before the due date (negative when overdue).
    public var daysUntilDue: Int?
    public var overdueAfterTheFactReviews: Int
    public var retiredReason: String?
    /// When the owner lost their role; nil while the owner has one (see `icp reassign`).
    public var orphanedSince: Date?
}

/// The published revision in force.
public struct CurrentICP: Sendable, Hashable, Codable {
    public var icpId: ICPID
    public var revision: Int
    public var effectiveOn: CalendarDay
    public var publishedAt: Date
    public var publishedBy: PrincipalID
    public var emergency: Bool
    public var definition: ICPDefinition
    /// A later revision already published to take effect on a later day, if any.
    public var scheduled: ScheduledRevision?
}

/// A published revision waiting for its effective day.
public struct ScheduledRevision: Sendable, Hashable, Codable {
    public var revision: Int
    public var effectiveOn: CalendarDay
}

/// One revision in an ICP's history.
public struct RevisionRecord: Sendable, Hashable, Codable {
    public var revision: Int
    public var baseRevision: Int
    public var status: RevisionStatus
    /// True for the published revision in force.
    public var inForce: Bool
    public var proposer: PrincipalID
    public var authors: [PrincipalID]
    public var approvers: [PrincipalID]
    public var proposedAt: Date
    public var approvedAt: Date?
    public var rejectedBy: PrincipalID?
    public var rejectedAt: Date?
    public var rejectionReason: String?
    public var publishedBy: PrincipalID?
    public var publishedAt: Date?
    public var effectiveOn: CalendarDay?
    public var emergency: Bool
    public var justification: String?
    public var rationale: String
    public var evidence: [EvidenceRef]
    public var diffSummary: String
    public var revisionDistance: Double
    public var definition: ICPDefinition
    /// Comments approvers left with their approvals, oldest first.
    public var approvalNotes: [ApprovalNote]
}

/// An audit finding.
public struct FindingRecord: Sendable, Hashable, Codable {
    public var id: FindingID
    public var audit: AuditType
    public var severity: FindingSeverity
    public var summary: String
    public var recommendation: String
    public var metrics: [String: Double]
    public var icpId: ICPID?
    public var recordedBy: PrincipalID
    public var recordedAt: Date
    public var isResolved: Bool
    public var resolvedByRevision: Int?
    public var resolutionText: String?
    public var resolvedAt: Date?
    /// The finding's notes, kept outside the hash chain; nil when there are none or they were erased.
    public var notes: String? = nil
}

/// A disqualifier of an ICP's revision in force.
public struct DisqualifierEntry: Sendable, Hashable, Codable {
    public var icpId: ICPID
    public var icpName: String
    public var revision: Int
    public var key: String
    public var op: SignalOperator
    public var value: RuleValue?
    public var reason: String
}

/// One event of the activity feed.
public struct ActivityEntry: Sendable, Hashable, Codable {
    public var occurredAt: Date
    public var recordedAt: Date
    public var type: String
    public var stream: String
    public var actor: PrincipalID?
}

/// One event of an ICP's activity feed: who did what, when, with its place in the stream.
public struct ICPActivityEntry: Sendable, Hashable, Codable {
    /// The event's version in the ICP's stream; pages continue `before` the last one seen.
    public var version: Int64
    public var type: String
    public var occurredAt: Date
    public var recordedAt: Date
    public var actor: PrincipalID?
    /// The event's payload as stored (business facts; names live outside events).
    public var payload: String
    /// The words of the erasable notes the payload refers to (`note:…` references), by reference.
    public var notes: [String: String]? = nil
}

/// The ICP as it was recorded at a moment (events' recorded time).
public struct RecordedICP: Sendable, Hashable {
    /// The moment asked about.
    public var moment: Date
    /// Events of the ICP stored by then.
    public var eventCount: Int
    /// The ICP's state as those events fold.
    public var state: ICPState
}

/// A rule (signal or disqualifier with one key) in one revision.
public struct RuleHistoryEntry: Sendable, Hashable, Codable {
    public var revision: Int
    public var status: RevisionStatus
    public var effectiveOn: CalendarDay?
    /// Each rule with the key in this revision, e.g. `fit: industry in ["fintech"] (weight 20)`.
    public var rules: [String]
    /// What changed against the previous revision listed: added, removed, changed, unchanged, absent.
    public var change: String
}

/// A person's role in a workspace, as the read model shows it.
public struct WorkspaceMember: Sendable, Hashable, Codable {
    public var principal: PrincipalID
    public var role: WorkspaceRole
}

extension ICPSummary {
    /// The ICP that `text` names in `list`: its id, its exact name, or a name prefix that only it has.
    public static func resolve(_ text: String, in list: [ICPSummary]) throws -> ICPSummary {
        if let exact = list.first(where: { $0.id.description == text.lowercased() || $0.name == text }) { return exact }
        let matches = list.filter { $0.name.lowercased().hasPrefix(text.lowercased()) }
        guard matches.count == 1, let match = matches.first else {
            throw LedgerError.icpNotFound(matches.isEmpty ? text : "\(text)' (matches \(matches.map(\.name).joined(separator: ", ")))")
        }
        return match
    }
}

extension RuleHistoryEntry {
    /// The rules with `key` in each revision of `records` (oldest first), and how each revision changed them.
    public static func history(of key: String, in records: [RevisionRecord]) -> [RuleHistoryEntry] {
        var previous: [String]? = nil
        return records.map { record in
            let d = record.definition
            var rules = d.signals.all.filter { $0.signal.key == key }.map { family, s in
                "\(family.fileName): \(s.fileText) (weight \(s.weight.fileText))"
            }
            rules += d.disqualifiers.filter { $0.key == key }.map { q in
                "disqualifier: \(q.key) \(q.op.fileName)\(q.value.map { " \($0.fileText)" } ?? "") — \(q.reason)"
            }
            let change: String
            switch (previous, rules.isEmpty) {
            case (nil, true): change = "absent"
            case (nil, false): change = "added"
            case (let p?, true): change = p.isEmpty ? "absent" : "removed"
            case (let p?, false): change = p.isEmpty ? "added" : (p == rules ? "unchanged" : "changed")
            }
            previous = rules
            return RuleHistoryEntry(
                revision: record.revision, status: record.status, effectiveOn: record.effectiveOn,
                rules: rules, change: change)
        }
    }
}

extension WorkspaceSummary {
    /// The workspace that `text` names in `list`: its id, or its name (compared as workspace names are,
    /// ignoring case and surrounding spaces). Two workspaces answering to the name are refused, naming both.
    public static func resolve(_ text: String, in list: [WorkspaceSummary]) throws -> WorkspaceSummary {
        if let exact = list.first(where: { $0.id.description == text.lowercased() }) { return exact }
        let key = WorkspaceNames.key(text)
        let found = list.filter { $0.name == text || WorkspaceNames.key($0.name) == key }
        guard let first = found.first else { throw LedgerError.workspaceNotFound(text) }
        guard found.count == 1 else { throw LedgerError.ambiguousWorkspace(text, found.map(\.id)) }
        return first
    }
}
