public import Foundation
public import ICPDomain

/// The board's quarterly report on a workspace's ICPs: what changed, why and on whose approval, how
/// far the definition and the market moved the pipeline's fit, which audits found what, whether the
/// review cadence was kept — and the signed checkpoint of the log that every figure comes from.
///
/// Built by ``BoardReportBuilder`` from the workspace's events as one checkpoint covers them; the
/// JSON form (``BoardReportRenderer/json(_:)``) is this structure as it stands.
public struct BoardReport: Sendable, Hashable, Codable {
    /// The format's name and version, for tools reading the JSON.
    public var format = "icpledger.board-report/1"
    public var workspace: Workspace
    public var quarter: Quarter
    /// When the report was made.
    public var generatedAt: Date
    /// The checkpoint that covers every event the report reads.
    public var checkpoint: ReportCheckpoint
    /// Every ICP that existed by the quarter's end, by name.
    public var icps: [ICPSection]
    /// The people the report names, by principal id: resolved when the report is made; an erased
    /// person has no name.
    public var people: [String: Person]

    public struct Workspace: Sendable, Hashable, Codable {
        public var id: WorkspaceID
        public var name: String
        public var timeZone: String
        public var fiscalYearStartMonth: Int
    }

    /// A fiscal quarter of the workspace.
    public struct Quarter: Sendable, Hashable, Codable {
        /// `FY2026-Q3`.
        public var label: String
        public var firstDay: CalendarDay
        public var lastDay: CalendarDay

        public init(_ quarter: FiscalQuarter) {
            label = "FY\(quarter.fiscalYear)-Q\(quarter.quarter)"
            firstDay = quarter.firstDay
            lastDay = quarter.lastDay
        }
    }

    /// Someone the report names.
    public struct Person: Sendable, Hashable, Codable {
        /// Nil when unknown or erased.
        public var name: String?
        public var erased: Bool
    }

    /// How a principal is shown: their name, `(erased)`, or the id itself when no name is known.
    public func display(_ principal: PrincipalID?) -> String {
        guard let principal else { return "" }
        guard let person = people[principal.rawValue] else { return principal.rawValue }
        if person.erased { return "(erased)" }
        return person.name ?? principal.rawValue
    }
}

/// The signed checkpoint a report carries: a verifier holding the service's public key checks the
/// note, and an export of the log reproduces `root` from its first `size` events.
public struct ReportCheckpoint: Sendable, Hashable, Codable {
    public var origin: String
    /// Events covered, in feed order.
    public var size: Int
    /// The RFC 9162 Merkle root over them, hex.
    public var root: String
    public var keyId: String
    /// The C2SP signed note, as `verify --offline --checkpoint` reads it.
    public var note: String

    public init(origin: String, size: Int, root: String, keyId: String, note: String) {
        self.origin = origin
        self.size = size
        self.root = root
        self.keyId = keyId
        self.note = note
    }
}

/// One ICP's quarter.
public struct ICPSection: Sendable, Hashable, Codable {
    public var id: ICPID
    public var name: String
    public var status: ICPStatus
    public var owner: PrincipalID
    /// The revision operating on the quarter's last day (by effective day), if any.
    public var operatingRevision: Int?
    /// The revisions published in the quarter (by publication day), oldest first.
    public var revisions: [RevisionEntry]
    /// Disqualifiers added and removed by the revisions published in the quarter.
    public var disqualifiers: DisqualifierChanges
    /// Definition and market drift of the report's quarter and the ones before it, oldest first.
    public var drift: [DriftEntry]
    /// The fit share of each quarter's latest snapshot, as scored when it was imported, oldest first.
    public var fitTrend: [FitPoint]
    /// Findings about this ICP opened or resolved in the quarter, by audit type.
    public var findings: [FindingGroup]
    public var cadence: CadenceCompliance
    /// Lint warnings of the operating revision, in its context at the quarter's end.
    public var lint: [LintEntry]

    /// The drift of the report's quarter, when it could be worked out.
    public var currentDrift: DriftEntry? { drift.last }
}

/// A revision published in the quarter.
public struct RevisionEntry: Sendable, Hashable, Codable {
    public var revision: Int
    public var baseRevision: Int
    public var publishedAt: Date
    public var publishedBy: PrincipalID
    public var effectiveOn: CalendarDay
    /// Published without approval; ``justification`` says why.
    public var emergency: Bool
    public var justification: String?
    /// `+fit:industry, -disqualifier:region`, or `initial definition`.
    public var diffSummary: String
    /// How far the definition moved from its base, from 0 (no change) to 1.
    public var revisionDistance: Double
    public var rationale: String
    public var evidence: [EvidenceEntry]
    public var proposer: PrincipalID
    /// Approvers in the order they approved (approvals an amendment dismissed are left out).
    public var approvers: [PrincipalID]
    /// For an emergency publish: the review after the fact, if done.
    public var afterTheFactReview: AfterTheFactEntry?
}

/// A piece of evidence a revision cites: a finding (with its summary) or a document.
public struct EvidenceEntry: Sendable, Hashable, Codable {
    /// `finding` or `document`.
    public var kind: String
    /// The finding id or the document's address.
    public var reference: String
    /// The finding's audit and summary; nil for a document.
    public var summary: String?
}

/// An emergency publish's review after the fact.
public struct AfterTheFactEntry: Sendable, Hashable, Codable {
    public var reviewer: PrincipalID
    public var reviewedAt: Date
    /// `upheld`, `reverted`, or nil (not stated).
    public var outcome: String?
    public var comment: String
}

/// One rule of the disqualifier list that a revision of the quarter added or removed.
public struct DisqualifierChange: Sendable, Hashable, Codable {
    public var revision: Int
    /// `employees at-most 80`.
    public var rule: String
    public var reason: String
}

/// Disqualifiers added and removed in the quarter.
public struct DisqualifierChanges: Sendable, Hashable, Codable {
    public var added: [DisqualifierChange] = []
    public var removed: [DisqualifierChange] = []
}

/// A share of the pipeline in fit, by count and by value, in percent (nil for an empty whole).
public struct FitShare: Sendable, Hashable, Codable {
    public var count: Double?
    public var value: Double?
    /// The rows behind it.
    public var rows: Int

    public init(inFit: PipelineMeasure, total: PipelineMeasure) {
        let share = inFit.share(of: total)
        count = share.count
        value = share.value
        rows = total.count
    }
}

/// The fit share of one quarter's latest snapshot, under the revision it was scored against.
public struct FitPoint: Sendable, Hashable, Codable {
    public var quarter: String
    public var snapshotDay: CalendarDay
    public var revision: Int
    public var share: FitShare
}

/// How the pipeline's fit moved over a quarter, split in two (percentage points, by count and value):
///
/// - *definition drift*: this quarter's snapshot scored under the revision operating at this quarter's
///   end, against the same snapshot under the revision operating at the previous quarter's end;
/// - *market drift*: the previous quarter's revision scored on this quarter's snapshot, against it on
///   the previous quarter's snapshot.
///
/// The two add up to the whole move, from the previous snapshot under the previous revision to this
/// snapshot under this revision.
public struct DriftEntry: Sendable, Hashable, Codable {
    public var quarter: String
    /// The latest snapshot of the quarter and of the one before.
    public var snapshotDay: CalendarDay?
    public var previousSnapshotDay: CalendarDay?
    /// The revisions operating at the quarter's end and at the previous quarter's end.
    public var revision: Int?
    public var previousRevision: Int?
    public var definition: DriftFigure?
    public var market: DriftFigure?
    /// Why a figure is missing (no snapshot, no revision before, rows erased), if one is.
    public var note: String?
}

/// A move of the fit share, in percentage points.
public struct DriftFigure: Sendable, Hashable, Codable {
    public var before: FitShare
    public var after: FitShare
    public var countPoints: Double?
    public var valuePoints: Double?

    public init(before: FitShare, after: FitShare) {
        self.before = before
        self.after = after
        countPoints = before.count.flatMap { b in after.count.map { $0 - b } }
        valuePoints = before.value.flatMap { b in after.value.map { $0 - b } }
    }
}

/// Findings of one audit type about an ICP, opened or resolved in the quarter.
public struct FindingGroup: Sendable, Hashable, Codable {
    public var audit: AuditType
    public var opened: Int
    public var resolved: Int
    public var findings: [FindingEntry]
}

/// A finding opened or resolved in the quarter.
public struct FindingEntry: Sendable, Hashable, Codable {
    public var id: FindingID
    public var severity: FindingSeverity
    public var summary: String
    public var recordedAt: Date
    public var resolvedAt: Date?
    /// `revision 4` or the decision's text.
    public var resolution: String?
    /// The audit's key figures, by name.
    public var metrics: [String: Double]
}

/// Whether the ICP was reviewed on its cadence in the quarter.
public struct CadenceCompliance: Sendable, Hashable, Codable {
    /// Reviews held in the quarter (reaffirmed or revision needed) and publications that restarted the clock.
    public var reviews: [ReviewEntry]
    /// Clock restarts in the quarter on or before their due day.
    public var onTime: Int
    /// Clock restarts in the quarter after their due day.
    public var late: Int
    /// Days of the quarter on which the ICP was past its due day.
    public var daysOverdue: Int
    /// The due day in force at the quarter's end, and how many days past it the ICP stood then (0: not overdue).
    public var dueAtEnd: CalendarDay?
    public var daysStaleAtEnd: Int
    /// Times the scheduler flagged the ICP stale in the quarter.
    public var staleFlags: Int
    /// Emergency publishes in the quarter and whether each was reviewed after the fact.
    public var emergencyPublishes: Int
    public var emergencyReviewed: Int
}

/// A review or a clock restart in the quarter.
public struct ReviewEntry: Sendable, Hashable, Codable {
    public var day: CalendarDay
    /// `reaffirmed`, `revision-needed`, `published` or `emergency-published`.
    public var kind: String
    public var by: PrincipalID
    /// The due day it answered (nil for a first publication or a review that did not restart the clock).
    public var due: CalendarDay?
    /// Days after the due day (0 when on time); nil when it did not restart the clock.
    public var daysLate: Int?
    public var notes: String?
}

/// A lint warning of the operating revision.
public struct LintEntry: Sendable, Hashable, Codable {
    public var code: String
    public var slug: String
    public var message: String
}
