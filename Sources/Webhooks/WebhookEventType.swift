public import ICPDomain

/// The events a webhook subscription can ask for, named as receivers see them.
public enum WebhookEventType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A review (periodic or after-the-fact) or an owner is due within 14 days.
    case reviewDueSoon = "review.due_soon"
    /// Something an ICP owes is overdue: the ICP is flagged stale.
    case reviewFlaggedStale = "review.flagged_stale"
    /// A reminder of something owed: 7 days before, on the day, then weekly.
    case reviewReminder = "review.reminder"
    /// A revision became the operating definition (also by emergency publication), so CRMs and list
    /// tools can follow the ICP.
    case revisionPublished = "revision.published"

    /// The type a stored event is delivered as; nil for events no subscription can receive.
    public init?(_ event: DomainEvent) {
        switch event {
        case .reviewNoticed(let notice):
            switch notice.notice {
            case .dueSoon: self = .reviewDueSoon
            case .flaggedStale: self = .reviewFlaggedStale
            case .reminder: self = .reviewReminder
            }
        case .revisionPublished, .revisionEmergencyPublished: self = .revisionPublished
        default: return nil
        }
    }
}
