public import Hummingbird
public import ICPLedger
public import NIOCore
import Synchronization

/// The context of every request: Hummingbird's core storage, the peer's address, and who is calling
/// once the authentication middleware has read the bearer token (or the page session's cookie).
public struct LedgerRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The address of the connection's peer (a proxy's when behind one).
    public let remoteAddress: SocketAddress?
    /// The caller the bearer token names; nil before authentication and on public routes.
    public var caller: Caller?
    /// The form token of the signed-in page session (``WebSession``); nil outside the web pages.
    public var csrfToken: String?
    /// True when the client accepts gzip and this is a web page (``WebPageMiddleware``), which is then sent compressed.
    var compressesPages = false
    /// Where the request's read was answered, when a read replica is configured (``ReadSourceMiddleware``).
    let readSource = ReadSourceNote()

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        caller = nil
        csrfToken = nil
    }

    /// The caller, or 401 when the route was reached without one (a routing mistake, not a client's).
    public func requireCaller() throws -> Caller {
        guard let caller else { throw Problem.unauthenticated("This route needs a bearer token.") }
        return caller
    }
}

/// Where a read was answered (`replica` or `primary`), noted by the route and sent back in
/// `ICPLedger-Read-Source` by ``ReadSourceMiddleware``.
final class ReadSourceNote: Sendable {
    private let source = Mutex<String?>(nil)

    var value: String? {
        get { source.withLock { $0 } }
        set { source.withLock { $0 = newValue } }
    }
}

/// Sends back where a read was answered (`ICPLedger-Read-Source: replica|primary`) on a server with a
/// read replica, so a client and the fault suites can tell.
struct ReadSourceMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: LedgerRequestContext, next: (Request, LedgerRequestContext) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        if let source = context.readSource.value { response.headers[.readSource] = source }
        return response
    }
}
