extension ICPFileDocument {
    /// The stale-plan check: nil when the file's `base-revision` is the revision operating now,
    /// otherwise ``ICPFileError/staleBaseRevision(fileRevision:operatingRevision:)``.
    /// A new ICP (no `base-revision`) is only current while nothing is operating.
    public func staleness(operatingRevision: Int?) -> ICPFileError? {
        Self.staleness(baseRevision: baseRevision, operatingRevision: operatingRevision)
    }

    /// The stale-plan check for a bare base revision; see ``staleness(operatingRevision:)``.
    public static func staleness(baseRevision: Int?, operatingRevision: Int?) -> ICPFileError? {
        baseRevision == operatingRevision ? nil : .staleBaseRevision(fileRevision: baseRevision, operatingRevision: operatingRevision)
    }
}
