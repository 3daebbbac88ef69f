public import ICPDomain

/// What proposing an ICP file would do to the operating definition, like `terraform plan`:
/// the semantic changes, the revision distance and the linter's view of the result.
///
/// Pure: build it from the operating definition (nil for a new ICP) and the file's definition,
/// then print ``rendered()`` and use ``summary`` for exit codes and JSON.
public struct ICPPlan: Hashable, Sendable {
    /// The definition operating now; nil for a new ICP.
    public let operating: ICPDefinition?
    /// The operating revision number, when known (used in the heading only).
    public let operatingRevision: Int?
    /// The definition the file describes.
    public let proposed: ICPDefinition
    /// The changes from `operating` to `proposed`, in ``DefinitionDiff`` order; empty for a new ICP.
    public let changes: [DefinitionChange]
    /// The counts, distance and warnings.
    public let summary: PlanSummary
    /// What the proposal would change on the latest pipeline snapshot, and that snapshot's day (nil
    /// without a snapshot).
    public var impact: (preview: ImpactPreview, day: CalendarDay)? {
        get { impactPreview.map { ($0, impactDay!) } }
        set {
            impactPreview = newValue?.preview
            impactDay = newValue?.day
        }
    }
    var impactPreview: ImpactPreview?
    var impactDay: CalendarDay?

    /// Plans `proposed` against an ICP as it stands: its operating definition (or, before anything
    /// is published, its draft); nil state is a new ICP. The result is linted as the revision it would
    /// become, with the evidence it comes with, whether it would be what the business runs on (an
    /// experimental definition where nothing else operates), and the ICP's review status.
    public init(
        proposed: ICPDefinition, against state: ICPState?, evidence: [EvidenceRef] = [], operatesAlone: Bool = false,
        reviewStatus: ReviewStatus? = nil
    ) {
        let usedAsOperating = operatesAlone || (state?.publishedRevision != nil && state?.baseDefinition.mode == .operating)
        self.init(
            operating: state?.baseDefinition, proposed: proposed, operatingRevision: state?.publishedRevision,
            lintContext: LintContext(
                usedAsOperating: usedAsOperating, revision: (state?.revisions.count ?? 0) + 1, evidence: evidence, reviewStatus: reviewStatus))
    }

    /// Plans `proposed` against `operating`, linting the result with `lintContext`.
    public init(
        operating: ICPDefinition?, proposed: ICPDefinition, operatingRevision: Int? = nil,
        lintContext: LintContext = LintContext()
    ) {
        self.operating = operating
        self.operatingRevision = operatingRevision
        self.proposed = proposed
        let warnings = ICPLinter.lint(proposed, context: lintContext)
        guard let operating else {
            changes = []
            summary = PlanSummary(
                isNew: true, hasChanges: true,
                added: proposed.signals.count + proposed.disqualifiers.count + proposed.committee.count,
                removed: 0, changed: 0, distance: nil, warnings: warnings)
            return
        }
        changes = DefinitionDiff.between(operating, proposed).changes
        var added = 0, removed = 0, changed = 0
        func count<E>(_ change: ListChange<E>) {
            switch change {
            case .added: added += 1
            case .removed: removed += 1
            case .changed, .reordered: changed += 1
            }
        }
        for change in changes {
            switch change {
            case .signal(_, let c): count(c)
            case .disqualifier(let c): count(c)
            case .committeeRole(let c): count(c)
            case .name, .statement, .mode, .cadence, .thresholds, .missingDataPolicy: changed += 1
            }
        }
        let distance = (RevisionDistance.between(operating, proposed) * 10_000).rounded() / 10_000
        summary = PlanSummary(
            isNew: false, hasChanges: !changes.isEmpty, added: added, removed: removed,
            changed: changed, distance: distance, warnings: warnings)
    }

    /// Renders the plan for `proposed` against `operating`; see ``rendered()``.
    public static func render(
        operating: ICPDefinition?, proposed: ICPDefinition, operatingRevision: Int? = nil,
        lintContext: LintContext = LintContext()
    ) -> String {
        ICPPlan(operating: operating, proposed: proposed, operatingRevision: operatingRevision, lintContext: lintContext).rendered()
    }
}
