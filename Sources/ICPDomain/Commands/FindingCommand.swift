/// Commands handled by the finding aggregate.
public enum FindingCommand: Hashable, Sendable {
    /// Record an audit finding. Editors and up. `notesRef` points to erasable notes kept elsewhere.
    case record(
        id: FindingID, workspaceId: WorkspaceID, auditType: AuditType, summary: String, severity: FindingSeverity,
        metrics: [String: Double], recommendation: String, icpId: ICPID?, notesRef: String?
    )
    /// Resolve the finding by a revision or a decision. Editors and up.
    case resolve(FindingResolution)
}
