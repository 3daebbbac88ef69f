public import Foundation
public import ICPDomain

/// A row of `findings`: one per audit finding, with how it was resolved.
public struct FindingRow: Sendable, Hashable {
    public var tenantID = UUID(uuid: UUID_NULL)
    public var findingID = UUID(uuid: UUID_NULL)
    public var auditType = ""
    public var severity = ""
    public var summary = ""
    public var recommendation = ""
    /// The metrics as JSON text.
    public var metrics = "{}"
    public var icpID: UUID?
    public var notesRef: String?
    public var recordedBy = ""
    public var recordedAt = Timestamp(microsecondsSinceEpoch: 0)
    public var status = ""
    public var resolutionKind: String?
    public var resolvedICPID: UUID?
    public var resolvedRevision: Int?
    public var resolutionText: String?
    public var resolvedBy: String?
    public var resolvedAt: Timestamp?

    /// The table, described once.
    public static let table = ReadModelTableDescription<FindingRow>(
        "findings", key: ["tenant_id", "finding_id"], entityColumn: "finding_id", empty: { FindingRow() },
        [
            .uuid("tenant_id", \.tenantID),
            .uuid("finding_id", \.findingID),
            .text("audit_type", \.auditType),
            .text("severity", \.severity),
            .text("summary", \.summary),
            .text("recommendation", \.recommendation),
            .text("metrics", \.metrics, type: "jsonb"),
            .uuid("icp_id", \.icpID),
            .text("notes_ref", \.notesRef),
            .text("recorded_by", \.recordedBy),
            .time("recorded_at", \.recordedAt),
            .text("status", \.status),
            .text("resolution_kind", \.resolutionKind),
            .uuid("resolved_icp_id", \.resolvedICPID),
            .integer("resolved_revision", \.resolvedRevision),
            .text("resolution_text", \.resolutionText),
            .text("resolved_by", \.resolvedBy),
            .time("resolved_at", \.resolvedAt),
        ])
}
