/// Free text an event carries, as erasure needs to see it (shared/DESIGN.md, "Personal data").
public struct WrittenText: Hashable, Sendable {
    /// The payload field, e.g. `comment`.
    public var field: String
    /// The text as stored: the words themselves or, where ``isErasable``, possibly a note reference.
    public var text: String
    /// Whether the application keeps this field's words in the erasable side table and stores only a
    /// reference in the event (review notes, approval and rejection comments, justifications, reasons,
    /// finding decisions). Rationales, summaries and recommendations are business facts the history
    /// and the board report must keep, so they stay in the event.
    public var isErasable: Bool
}

extension DomainEvent {
    /// Every non-empty free-text field of the event.
    public var writtenText: [WrittenText] {
        func kept(_ field: String, _ text: String?) -> [WrittenText] {
            text.map { [WrittenText(field: field, text: $0, isErasable: false)] } ?? []
        }
        func erasable(_ field: String, _ text: String?) -> [WrittenText] {
            text.map { [WrittenText(field: field, text: $0, isErasable: true)] } ?? []
        }
        let all: [WrittenText]
        switch self {
        case .icpDrafted(let e): all = kept("rationale", e.rationale)
        case .revisionProposed(let e): all = kept("rationale", e.rationale)
        case .proposalAmended(let e): all = kept("rationale", e.rationale)
        case .revisionApproved(let e): all = erasable("comment", e.comment)
        case .revisionRejected(let e): all = erasable("reason", e.reason)
        case .revisionEmergencyPublished(let e): all = erasable("justification", e.justification)
        case .afterTheFactReviewCompleted(let e): all = erasable("comment", e.comment)
        case .quarterlyReviewRecorded(let e): all = erasable("notes", e.notes)
        case .icpRetired(let e): all = erasable("reason", e.reason)
        case .findingRecorded(let e): all = kept("summary", e.summary) + kept("recommendation", e.recommendation)
        case .findingResolved(let e):
            if case .decision(let text) = e.resolution { all = erasable("resolution.text", text) } else { all = [] }
        default: all = []
        }
        return all.filter { !$0.text.isEmpty }
    }

    /// The event with each erasable free-text field replaced by `transform`'s result (the application
    /// passes a function that stores the words in the side table and returns the reference). Empty
    /// fields are left alone; every other field is unchanged.
    public func replacingErasableText(_ transform: (_ field: String, _ text: String) throws -> String) rethrows -> DomainEvent {
        func map(_ field: String, _ text: String) throws -> String { text.isEmpty ? text : try transform(field, text) }
        switch self {
        case .revisionApproved(var e):
            if let comment = e.comment { e.comment = try map("comment", comment) }
            return .revisionApproved(e)
        case .revisionRejected(var e):
            e.reason = try map("reason", e.reason)
            return .revisionRejected(e)
        case .revisionEmergencyPublished(var e):
            e.justification = try map("justification", e.justification)
            return .revisionEmergencyPublished(e)
        case .afterTheFactReviewCompleted(var e):
            e.comment = try map("comment", e.comment)
            return .afterTheFactReviewCompleted(e)
        case .quarterlyReviewRecorded(var e):
            e.notes = try map("notes", e.notes)
            return .quarterlyReviewRecorded(e)
        case .icpRetired(var e):
            e.reason = try map("reason", e.reason)
            return .icpRetired(e)
        case .findingResolved(var e):
            if case .decision(let text) = e.resolution { e.resolution = .decision(try map("resolution.text", text)) }
            return .findingResolved(e)
        default:
            return self
        }
    }
}
