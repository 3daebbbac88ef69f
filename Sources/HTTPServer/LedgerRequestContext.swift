public import Hummingbird
public import ICPLedger

/// The context of every request: Hummingbird's core storage, and who is calling once the
/// authentication middleware has read the bearer token.
public struct LedgerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller the bearer token names; nil before authentication and on public routes.
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
        caller = nil
    }

    /// The caller, or 401 when the route was reached without one (a routing mistake, not a client's).
    public func requireCaller() throws -> Caller {
        guard let caller else { throw Problem.unauthenticated("This route needs a bearer token.") }
        return caller
    }
}
