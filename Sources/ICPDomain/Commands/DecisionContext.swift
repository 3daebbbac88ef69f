public import Foundation

/// Who is acting and when: the facts a decision needs besides state and command.
public struct DecisionContext: Hashable, Sendable {
    /// The acting principal.
    public var actor: PrincipalID
    /// The actor's role in the workspace, nil when they hold none, already lowered to
    /// ``roleCeiling``. The application looks it up.
    public var role: WorkspaceRole?
    /// The current instant; payload timestamps are taken from it (truncated to microseconds).
    public var now: Date
    /// The workspace's time zone: which calendar day an instant falls on.
    public var timeZone: TimeZone
    /// The most the actor may do in this command whatever their role: an API token limited to a
    /// role. Nil for no limit.
    public var roleCeiling: WorkspaceRole?

    /// Creates a context.
    public init(
        actor: PrincipalID, role: WorkspaceRole?, now: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
        roleCeiling: WorkspaceRole? = nil
    ) {
        self.actor = actor
        self.now = now
        self.timeZone = timeZone
        self.roleCeiling = roleCeiling
        self.role = nil
        self.role = capped(role)
    }

    /// A role held, lowered to the ceiling when there is one.
    public func capped(_ held: WorkspaceRole?) -> WorkspaceRole? {
        guard let held, let roleCeiling else { return held }
        return min(held, roleCeiling)
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
