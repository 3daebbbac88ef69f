/// Event `FindingRecorded` (schema v1): an audit produced a finding about the business (never about named people).
public struct FindingRecorded: EventPayload {
    /// The stable type name and current schema version.
    public static let kind = EventKind.findingRecorded

    /// The new finding.
    public var findingId: FindingID
    /// Its workspace.
    public var workspaceId: WorkspaceID
    /// Which of the five audits.
    public var auditType: AuditType
    /// Business facts, no personal data.
    public var summary: String
    /// How much it matters.
    public var severity: FindingSeverity
    /// Named measurements, e.g. win rate.
    public var metrics: [String: Double]
    /// What to do about it.
    public var recommendation: String
    /// The ICP it concerns, if any.
    public var icpId: ICPID?
    /// Opaque id of erasable notes kept outside the log.
    public var notesRef: String?
    /// Who recorded it.
    public var recordedBy: PrincipalID
    /// When.
    public var recordedAt: Timestamp

    /// Creates the payload.
    public init(
        findingId: FindingID, workspaceId: WorkspaceID, auditType: AuditType, summary: String, severity: FindingSeverity, metrics: [String: Double],
        recommendation: String, icpId: ICPID? = nil, notesRef: String? = nil, recordedBy: PrincipalID, recordedAt: Timestamp
    ) {
        self.findingId = findingId
        self.workspaceId = workspaceId
        self.auditType = auditType
        self.summary = summary
        self.severity = severity
        self.metrics = metrics
        self.recommendation = recommendation
        self.icpId = icpId
        self.notesRef = notesRef
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}
