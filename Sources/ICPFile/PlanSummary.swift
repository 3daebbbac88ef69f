public import ICPDomain

/// The machine-readable outcome of a plan: what the CLI turns into an exit code and a JSON report.
public struct PlanSummary: Hashable, Sendable, Codable {
    /// True when nothing is published yet and applying the file creates the ICP.
    public var isNew: Bool
    /// True when applying the file would change the operating definition (always true for a new ICP).
    public var hasChanges: Bool
    /// Rules, disqualifiers and committee seats added.
    public var added: Int
    /// Rules, disqualifiers and committee seats removed.
    public var removed: Int
    /// Rules, seats and lists changed in place or reordered, plus changed top-level fields
    /// (name, statement, mode, cadence, tiers, missing-data).
    public var changed: Int
    /// ``RevisionDistance`` from the operating definition, rounded to 4 decimals; nil for a new ICP.
    public var distance: Double?
    /// Linter warnings on the resulting definition, sorted by code.
    public var warnings: [LintWarning]

    /// Creates a summary.
    public init(isNew: Bool, hasChanges: Bool, added: Int, removed: Int, changed: Int, distance: Double?, warnings: [LintWarning]) {
        self.isNew = isNew
        self.hasChanges = hasChanges
        self.added = added
        self.removed = removed
        self.changed = changed
        self.distance = distance
        self.warnings = warnings
    }

    /// The CLI's exit code: 0 when there is nothing to apply, 2 when there are changes.
    public var exitCode: Int32 { hasChanges ? 2 : 0 }
}
