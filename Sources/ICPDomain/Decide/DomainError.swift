/// Why a command was refused. Every case has a human message (``message``).
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input failed validation; each error carries a field path.
    case invalid([ValidationError])
    /// The aggregate already exists (create/draft/record used twice).
    case alreadyExists(String)
    /// The aggregate does not exist yet.
    case notFound(String)
    /// The actor's role is too weak for the action.
    case insufficientRole(action: String, required: WorkspaceRole, actual: WorkspaceRole?)
    /// Approving or rejecting needs the approver or admin role.
    case notAnApprover
    /// Four-eyes: an author of a proposal may not approve or reject it.
    case proposerCannotApprove
    /// The same approver already approved this revision.
    case alreadyApproved(revision: Int)
    /// Only approved revisions can be published.
    case revisionNotApproved(Int)
    /// No revision with this number exists.
    case unknownRevision(Int)
    /// The revision is not open for this action (e.g. already published or rejected).
    case revisionNotOpen(Int)
    /// The revision was proposed against an older published revision; amend it first.
    case revisionStale(revision: Int, base: Int, current: Int)
    /// A revision must change something.
    case emptyChangeSet
    /// A proposed change does not fit the definition it targets.
    case changeDoesNotApply(String)
    /// Emergency publishing is reserved to admins.
    case notAnAdmin
    /// No after-the-fact review is open for this revision.
    case noOpenAfterTheFactReview(Int)
    /// The emergency publisher cannot review their own bypass.
    case publisherCannotReviewOwnBypass
    /// The ICP is retired and accepts no further commands.
    case icpRetired
    /// The action needs a published revision.
    case notPublished
    /// The finding was already resolved.
    case findingAlreadyResolved
    /// The workspace must keep at least one admin.
    case cannotRemoveLastAdmin
    /// The principal holds no role in the workspace.
    case noSuchGrant(PrincipalID)
    /// A settings change that changes nothing.
    case nothingToChange
    /// The command belongs to another aggregate instance than the state it was decided on.
    case identityMismatch
    /// Someone else already proposes exactly this definition as an open revision.
    case duplicateProposal(revision: Int)
    /// The definition was edited from a revision that is no longer the one operating.
    case baseMoved(edited: Int, operating: Int)

    /// A sentence suitable for an API error body.
    public var message: String {
        switch self {
        case .invalid(let errors):
            "The input is not valid: " + errors.map(\.description).joined(separator: "; ")
        case .alreadyExists(let what): "\(what) already exists."
        case .notFound(let what): "\(what) does not exist."
        case .insufficientRole(let action, let required, let actual):
            "To \(action) you need the \(required.rawValue) role or higher; you have \(actual?.rawValue ?? "no role")."
        case .notAnApprover: "Only approvers and admins can approve or reject revisions."
        case .proposerCannotApprove: "Someone who wrote or amended a proposal cannot approve or reject it; ask a second person."
        case .alreadyApproved(let n): "You already approved revision \(n)."
        case .revisionNotApproved(let n): "Revision \(n) has not been approved, so it cannot be published."
        case .unknownRevision(let n): "There is no revision \(n)."
        case .revisionNotOpen(let n): "Revision \(n) is no longer open for this action."
        case .revisionStale(let n, let base, let current):
            "Revision \(n) was written against revision \(base), but revision \(current) is now published; amend it first."
        case .emptyChangeSet: "A revision has to change something."
        case .changeDoesNotApply(let detail): "The proposed change does not fit the current definition: \(detail)"
        case .notAnAdmin: "Only admins can publish in an emergency."
        case .noOpenAfterTheFactReview(let n): "Revision \(n) has no after-the-fact review waiting."
        case .publisherCannotReviewOwnBypass: "The person who bypassed approval cannot review that bypass."
        case .icpRetired: "This ICP is retired."
        case .notPublished: "This ICP has no published revision yet."
        case .findingAlreadyResolved: "This finding is already resolved."
        case .cannotRemoveLastAdmin: "A workspace must keep at least one admin."
        case .noSuchGrant(let p): "Principal \(p) holds no role in this workspace."
        case .nothingToChange: "The command would change nothing."
        case .identityMismatch: "The command targets a different aggregate than the one loaded."
        case .baseMoved(let edited, let operating):
            (edited == 0 ? "This edit started from the unpublished draft" : "This edit started from revision \(edited)")
                + (operating == 0 ? ", but no revision is operating now" : ", but revision \(operating) is operating now")
                + "; start again from what operates now."
        case .duplicateProposal(let n):
            "Revision \(n) already proposes exactly this definition and is still open; approve, reject or amend it instead."
        }
    }

    public var description: String { message }
}
