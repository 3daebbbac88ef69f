public import Foundation

/// Who is acting and when: the facts a decision needs besides state and command.
public struct DecisionContext: Hashable, Sendable {
    /// The acting principal.
    public var actor: PrincipalID
    /// The actor's role in the workspace, nil when they hold none. The application looks it up.
    public var role: WorkspaceRole?
    /// The current instant; payload timestamps are taken from it (truncated to microseconds).
    public var now: Date
    /// The workspace's time zone: which calendar day an instant falls on.
    public var timeZone: TimeZone

    /// Creates a context.
    public init(actor: PrincipalID, role: WorkspaceRole?, now: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.actor = actor
        self.role = role
        self.now = now
        self.timeZone = timeZone
    }

    /// The calendar day an instant falls on in the workspace.
    public func day(of timestamp: Timestamp) -> CalendarDay { CalendarDay(timestamp.date, in: timeZone) }

    /// `now` as a payload timestamp.
    public var timestamp: Timestamp { Timestamp(now) }

    /// Throws unless the actor holds at least `required`.
    func require(_ required: WorkspaceRole, to action: String) throws(DomainError) {
        guard let role, role.includes(required) else {
            throw .insufficientRole(action: action, required: required, actual: role)
        }
    }
}
