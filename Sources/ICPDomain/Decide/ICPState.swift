/// The state of one ICP: its revisions, what is published, review clock, stale flags and owed reviews.
public struct ICPState: Hashable, Sendable {
    /// The ICP id.
    public var id: ICPID
    /// Its workspace.
    public var workspaceId: WorkspaceID
    /// The accountable principal.
    public var owner: PrincipalID
    /// The definition as first drafted (base 0 for proposals made before anything is published).
    public var draftDefinition: ICPDefinition
    /// All revisions; revision `n` is at index `n - 1`.
    public var revisions: [Revision]
    /// The currently published revision number.
    public var publishedRevision: Int?
    /// When the review clock last restarted (publish or reaffirming review).
    public var reviewClockStartedAt: Timestamp?
    /// The most recent periodic review outcome.
    public var lastReviewOutcome: ReviewOutcome?
    /// Due dates already flagged stale.
    public var staleFlags: Set<CalendarDay>
    /// After-the-fact reviews by revision number (open and completed).
    public var afterTheFactReviews: [Int: AfterTheFactReview]
    /// Set once retired.
    public var retiredReason: String?
    /// When the owner lost their role, until the ICP is reassigned.
    public var orphanedSince: Timestamp? = nil

    /// Lifecycle status: draft until published, then the published mode, or retired.
    public var status: ICPStatus {
        if retiredReason != nil { return .retired }
        guard let definition = publishedDefinition else { return .draft }
        return definition.mode == .operating ? .operating : .experimental
    }

    /// The revision with this number, if any.
    public func revision(_ number: Int) -> Revision? {
        number >= 1 && number <= revisions.count ? revisions[number - 1] : nil
    }

    /// The published definition, if any.
    public var publishedDefinition: ICPDefinition? { publishedRevision.flatMap { revision($0)?.definition } }

    /// The definition a new proposal is written against: the published one, or the draft.
    public var baseDefinition: ICPDefinition { publishedDefinition ?? draftDefinition }

    /// The definition of revision `n`, where 0 means the original draft.
    public func definition(atRevision n: Int) -> ICPDefinition? {
        n == 0 ? draftDefinition : revision(n)?.definition
    }

    /// The definition a revision's changes produce from its base's definition, exactly as the
    /// ICP's `evolve` computes it: changes that no longer apply leave the base unchanged.
    /// Lets a reader rebuild a revision's definition from its base and its changes alone.
    public static func definition(applying changes: [DefinitionChange], to base: ICPDefinition) -> ICPDefinition {
        (try? DefinitionDiff(changes: changes).apply(to: base)) ?? base
    }

    /// Whether revision `r`'s definition is ``definition(applying:to:)`` of its base revision's:
    /// true when its base is an earlier revision (not the draft or an unknown number).
    public static func isDerivedFromBaseRevision(_ r: Revision) -> Bool {
        r.baseRevision >= 1 && r.baseRevision < r.number
    }

    /// The semantic diff between two revisions (0 = draft); nil if either is unknown.
    public func diff(from a: Int, to b: Int) -> DefinitionDiff? {
        guard let x = definition(atRevision: a), let y = definition(atRevision: b) else { return nil }
        return DefinitionDiff.between(x, y)
    }

    /// After-the-fact reviews still owed (always overdue).
    public var overdueAfterTheFactReviews: [AfterTheFactReview] {
        afterTheFactReviews.values.filter(\.isOverdue).sorted { $0.revision < $1.revision }
    }
}
