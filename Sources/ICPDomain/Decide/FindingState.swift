/// The state of one audit finding.
public struct FindingState: Hashable, Sendable {
    /// The finding id.
    public var id: FindingID
    /// Its workspace.
    public var workspaceId: WorkspaceID
    /// The audit that produced it.
    public var auditType: AuditType
    /// Business-level summary.
    public var summary: String
    /// How much it matters.
    public var severity: FindingSeverity
    /// Named measurements.
    public var metrics: [String: Double]
    /// What to do.
    public var recommendation: String
    /// The ICP concerned, if any.
    public var icpId: ICPID?
    /// Opaque reference to erasable notes.
    public var notesRef: String?
    /// How it was resolved, once resolved.
    public var resolution: FindingResolution?

    /// True once resolved.
    public var isResolved: Bool { resolution != nil }
}
