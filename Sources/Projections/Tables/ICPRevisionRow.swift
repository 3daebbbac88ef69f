public import Foundation
public import ICPDomain

/// A row of `icp_revisions`: one per revision of every ICP. JSON columns are text written by the
/// projection's encoders; `definition` is NULL where it derives from the base revision (Schema/0007).
public struct ICPRevisionRow: Sendable, Hashable {
    public var tenantID = UUID(uuid: UUID_NULL)
    public var icpID = UUID(uuid: UUID_NULL)
    public var revision = 0
    public var baseRevision = 0
    public var status = ""
    public var proposer = ""
    public var authors: [String] = []
    public var approvers: [String] = []
    public var proposedAt = Timestamp(microsecondsSinceEpoch: 0)
    public var approvedAt: Timestamp?
    public var rejectedBy: String?
    public var rejectedAt: Timestamp?
    public var rejectionReason: String?
    public var publishedBy: String?
    public var publishedAt: Timestamp?
    public var effectiveOn: CalendarDay?
    public var emergency = false
    public var justification: String?
    public var rationale = ""
    public var evidence = "[]"
    public var changes = "[]"
    public var diffSummary = ""
    public var revisionDistance = 0.0
    public var definition: String?
    public var approvalNotes = "[]"

    /// The table, described once.
    public static let table = ReadModelTableDescription<ICPRevisionRow>(
        "icp_revisions", key: ["tenant_id", "icp_id", "revision"], entityColumn: "icp_id", empty: { ICPRevisionRow() },
        [
            .uuid("tenant_id", \.tenantID),
            .uuid("icp_id", \.icpID),
            .integer("revision", \.revision),
            .integer("base_revision", \.baseRevision),
            .text("status", \.status),
            .text("proposer", \.proposer),
            .textArray("authors", \.authors),
            .textArray("approvers", \.approvers),
            .time("proposed_at", \.proposedAt),
            .time("approved_at", \.approvedAt),
            .text("rejected_by", \.rejectedBy),
            .time("rejected_at", \.rejectedAt),
            .text("rejection_reason", \.rejectionReason),
            .text("published_by", \.publishedBy),
            .time("published_at", \.publishedAt),
            .day("effective_on", \.effectiveOn),
            .boolean("emergency", \.emergency),
            .text("justification", \.justification),
            .text("rationale", \.rationale),
            .text("evidence", \.evidence),
            .text("changes", \.changes),
            .text("diff_summary", \.diffSummary),
            .double("revision_distance", \.revisionDistance),
            .text("definition", \.definition),
            .text("approval_notes", \.approvalNotes),
        ])
}
