public import Foundation
public import ICPDomain

/// How to import a pipeline export.
public struct PipelineImportOptions: Sendable {
    /// The day the pipeline stood like this; each row is scored against the revision operating then.
    public var day: CalendarDay
    /// Score against this ICP only (nil: every ICP operating on the day).
    public var icp: ICPID?
    /// Read columns through this mapping instead of the workspace's.
    public var mapping: FieldMapping?
    /// Columns named explicitly for label, owner, stage and amount (the rest are found by name).
    public var columns: PipelineColumns
    /// Leave out rows that cannot be read (they are counted) instead of refusing the file.
    public var skipBadRows: Bool
    /// Also record each ICP's aggregates as a pipeline-audit finding.
    public var recordFinding: Bool
    /// The file's name, for people (at most 200 characters are kept).
    public var sourceName: String

    public init(
        day: CalendarDay, icp: ICPID? = nil, mapping: FieldMapping? = nil, columns: PipelineColumns = PipelineColumns(), skipBadRows: Bool = false,
        recordFinding: Bool = false, sourceName: String = ""
    ) {
        self.day = day
        self.icp = icp
        self.mapping = mapping
        self.columns = columns
        self.skipBadRows = skipBadRows
        self.recordFinding = recordFinding
        self.sourceName = sourceName
    }
}

/// Why a pipeline export was not imported. Nothing was stored.
public enum PipelineImportError: Error, Sendable, CustomStringConvertible {
    /// The file cannot be read at all (not CSV or JSON, no header, a broken quote).
    case unreadable(String)
    /// Rows whose fields cannot be read (the first ones, and how many in all).
    case badRows([UnreadableAccount], total: Int)
    /// No ICP of the workspace was operating on the day.
    case nothingOperating(CalendarDay)
    /// The ICP named had no revision operating on the day.
    case notOperating(String, CalendarDay)

    /// How many bad rows are listed at most.
    public static let listedRows = 100

    public var description: String {
        switch self {
        case .unreadable(let reason): "the file cannot be read: \(reason)"
        case .badRows(let rows, let total):
            "\(total) row(s) cannot be read; nothing was imported (--skip-bad-rows imports the rest and counts them):\n"
                + rows.map { "  \($0)" }.joined(separator: "\n") + (total > rows.count ? "\n  … and \(total - rows.count) more" : "")
        case .nothingOperating(let day): "no ICP of this workspace had a published revision operating on \(day)"
        case .notOperating(let icp, let day): "ICP \(icp) had no published revision operating on \(day)"
        }
    }
}

/// An ICP a snapshot was scored against, at its revision operating on the snapshot's day.
public struct SnapshotTarget: Sendable, Hashable, Codable {
    public var icpId: ICPID
    public var name: String
    public var revision: Int

    public init(icpId: ICPID, name: String, revision: Int) {
        self.icpId = icpId
        self.name = name
        self.revision = revision
    }
}

/// A stored pipeline snapshot and its aggregates.
public struct PipelineSnapshot: Sendable, Hashable, Codable {
    public var id: SnapshotID
    public var day: CalendarDay
    /// SHA-256 of the file, hex.
    public var contentHash: String
    public var sourceName: String
    public var rows: Int
    public var skippedRows: Int
    public var columns: [String]
    public var roles: PipelineColumns
    public var targets: [SnapshotTarget]
    public var importedBy: PrincipalID
    public var importedAt: Date
    /// True once its rows were erased (its aggregates stay).
    public var erased: Bool
    /// Each ICP's fit, in the targets' order.
    public var fits: [PipelineFit]
}

/// What an import did.
public struct PipelineImportResult: Sendable, Hashable, Codable {
    public var snapshot: PipelineSnapshot
    /// True when this file had been imported before (nothing new was stored).
    public var alreadyImported: Bool
    /// The rows left out (`skipBadRows`; the first ``PipelineImportError/listedRows``).
    public var skipped: [UnreadableAccount]
    /// The pipeline-audit findings recorded (`recordFinding`).
    public var findings: [FindingID]
}

/// One stored row of a snapshot with its frozen scores, explained against the revisions that
/// produced them.
public struct SnapshotRow: Sendable, Hashable, Codable {
    public var row: Int
    public var label: String?
    public var owner: String?
    public var stage: String?
    public var amount: Double?
    /// One per target of the snapshot, in order.
    public var scores: [ScoredAccount]
}
