public import Foundation
public import ICPDomain

/// A row of `icp_list`: one per ICP. Review status is worked out when read (it depends on today).
public struct ICPListRow: Sendable, Hashable {
    public var tenantID = UUID(uuid: UUID_NULL)
    public var icpID = UUID(uuid: UUID_NULL)
    public var name = ""
    public var status = ""
    public var owner = ""
    public var publishedRevision: Int?
    public var latestRevision = 0
    public var openRevisions = 0
    public var cadenceMonths = 3
    public var draftedAt = Timestamp(microsecondsSinceEpoch: 0)
    public var lastPublishedAt: Timestamp?
    public var lastReviewedAt: Timestamp?
    public var lastReviewOutcome: String?
    public var reviewClockStartedAt: Timestamp?
    public var overdueAfterTheFact = 0
    public var retiredAt: Timestamp?
    public var retiredReason: String?
    public var orphanedSince: Timestamp?

    /// The table, described once.
    public static let table = ReadModelTableDescription<ICPListRow>(
        "icp_list", key: ["tenant_id", "icp_id"], entityColumn: "icp_id", empty: { ICPListRow() },
        [
            .uuid("tenant_id", \.tenantID),
            .uuid("icp_id", \.icpID),
            .text("name", \.name),
            .text("status", \.status),
            .text("owner", \.owner),
            .integer("published_revision", \.publishedRevision),
            .integer("latest_revision", \.latestRevision),
            .integer("open_revisions", \.openRevisions),
            .integer("cadence_months", \.cadenceMonths),
            .time("drafted_at", \.draftedAt),
            .time("last_published_at", \.lastPublishedAt),
            .time("last_reviewed_at", \.lastReviewedAt),
            .text("last_review_outcome", \.lastReviewOutcome),
            .time("review_clock_started_at", \.reviewClockStartedAt),
            .integer("overdue_after_the_fact", \.overdueAfterTheFact),
            .time("retired_at", \.retiredAt),
            .text("retired_reason", \.retiredReason),
            .time("orphaned_since", \.orphanedSince),
        ])
}

/// A row of `icp_current`: the latest published revision of an ICP, with its whole definition.
public struct ICPCurrentRow: Sendable, Hashable {
    public var tenantID = UUID(uuid: UUID_NULL)
    public var icpID = UUID(uuid: UUID_NULL)
    public var revision = 0
    public var name = ""
    public var statement = ""
    public var mode = ""
    public var effectiveOn = CalendarDay(daysSinceEpoch: 0)
    public var publishedAt = Timestamp(microsecondsSinceEpoch: 0)
    public var publishedBy = ""
    public var emergency = false
    public var signalCount = 0
    /// The definition as JSON text.
    public var definition = ""

    /// The table, described once.
    public static let table = ReadModelTableDescription<ICPCurrentRow>(
        "icp_current", key: ["tenant_id", "icp_id"], entityColumn: "icp_id", empty: { ICPCurrentRow() },
        [
            .uuid("tenant_id", \.tenantID),
            .uuid("icp_id", \.icpID),
            .integer("revision", \.revision),
            .text("name", \.name),
            .text("statement", \.statement),
            .text("mode", \.mode),
            .day("effective_on", \.effectiveOn),
            .time("published_at", \.publishedAt),
            .text("published_by", \.publishedBy),
            .boolean("emergency", \.emergency),
            .integer("signal_count", \.signalCount),
            .text("definition", \.definition),
        ])
}

/// A row of `disqualifier_registry`: one per disqualifier of an ICP's latest published revision.
public struct DisqualifierRow: Sendable, Hashable {
    public var tenantID = UUID(uuid: UUID_NULL)
    public var icpID = UUID(uuid: UUID_NULL)
    public var ordinal = 0
    public var icpName = ""
    public var revision = 0
    public var key = ""
    public var op = ""
    /// The rule's value as JSON text, when it has one.
    public var value: String?
    public var reason = ""

    /// The table, described once.
    public static let table = ReadModelTableDescription<DisqualifierRow>(
        "disqualifier_registry", key: ["tenant_id", "icp_id", "ordinal"], entityColumn: "icp_id", empty: { DisqualifierRow() },
        [
            .uuid("tenant_id", \.tenantID),
            .uuid("icp_id", \.icpID),
            .integer("ordinal", \.ordinal),
            .text("icp_name", \.icpName),
            .integer("revision", \.revision),
            .text("key", \.key),
            .text("operator", \.op),
            .text("value", \.value, type: "jsonb"),
            .text("reason", \.reason),
        ])
}
