import Postgres

/// The read-model tables this module fills, with the columns it writes (in COPY order)
/// and the key columns that identify one projected entity's rows.
///
/// The DDL lives only in `Schema/`; this list must name the same columns.
public enum ReadModelTable: String, CaseIterable, Sendable {
    case workspaces
    case workspaceMembers = "workspace_members"
    case icpList = "icp_list"
    case icpCurrent = "icp_current"
    case icpRevisions = "icp_revisions"
    case disqualifierRegistry = "disqualifier_registry"
    case findings

    /// The live table name.
    public var name: String { rawValue }

    /// The shadow table a rebuild fills before the swap.
    public var shadowName: String { rawValue + "_rebuild" }

    /// The columns written, in order.
    var columns: [String] {
        switch self {
        case .workspaces:
            ["tenant_id", "name", "time_zone", "fiscal_year_start_month", "created_by", "created_at"]
        case .workspaceMembers:
            ["tenant_id", "principal_id", "role"]
        case .icpList:
            ["tenant_id", "icp_id", "name", "status", "owner", "published_revision", "latest_revision", "open_revisions",
             "cadence_months", "drafted_at", "last_published_at", "last_reviewed_at", "last_review_outcome",
             "review_clock_started_at", "overdue_after_the_fact", "retired_at", "retired_reason"]
        case .icpCurrent:
            ["tenant_id", "icp_id", "revision", "name", "statement", "mode", "effective_on", "published_at", "published_by",
             "emergency", "signal_count", "definition"]
        case .icpRevisions:
            ["tenant_id", "icp_id", "revision", "base_revision", "status", "proposer", "authors", "approvers", "proposed_at",
             "approved_at", "rejected_by", "rejected_at", "rejection_reason", "published_by", "published_at", "effective_on",
             "emergency", "justification", "rationale", "evidence", "changes", "diff_summary", "revision_distance", "definition",
             "approval_notes"]
        case .disqualifierRegistry:
            ["tenant_id", "icp_id", "ordinal", "icp_name", "revision", "key", "operator", "value", "reason"]
        case .findings:
            ["tenant_id", "finding_id", "audit_type", "severity", "summary", "recommendation", "metrics", "icp_id", "notes_ref",
             "recorded_by", "recorded_at", "status", "resolution_kind", "resolved_icp_id", "resolved_revision",
             "resolution_text", "resolved_by", "resolved_at"]
        }
    }

    /// The primary-key columns, for a stable order when comparing contents.
    public var keyColumns: [String] {
        switch self {
        case .workspaces: ["tenant_id"]
        case .workspaceMembers: ["tenant_id", "principal_id"]
        case .icpList, .icpCurrent: ["tenant_id", "icp_id"]
        case .icpRevisions: ["tenant_id", "icp_id", "revision"]
        case .disqualifierRegistry: ["tenant_id", "icp_id", "ordinal"]
        case .findings: ["tenant_id", "finding_id"]
        }
    }

    /// The column (after tenant_id) naming the entity whose rows these are; nil when the tenant is the entity.
    var entityColumn: String? {
        switch self {
        case .workspaces, .workspaceMembers: nil
        case .icpList, .icpCurrent, .icpRevisions, .disqualifierRegistry: "icp_id"
        case .findings: "finding_id"
        }
    }

    func copyStatement(into table: String) -> PostgresQuery {
        "COPY \(identifier: table) (\(unsafeRaw: columns.map(quoteIdentifier).joined(separator: ", "))) FROM STDIN"
    }
}
