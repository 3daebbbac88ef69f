import CLibPQ
import Foundation
public import Logging

/// A notification received through LISTEN.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel it was sent on; empty for the synthetic "reconnected, poll now" signal.
    public var channel: String
    public var payload: String
}

/// Listens on channels over one dedicated direct connection.
///
/// NOTIFY is only a wake-up hint: notifications are lost while the connection is
/// down, so after every reconnect the stream yields an empty-channel notification
/// and subscribers must poll. Stop by cancelling the consuming task or calling `stop()`.
public final class PostgresListener: Sendable {
    private let settings: PostgresConnectionSettings
    private let channels: [String]
    private let logger: Logger
    private let state = LockedFlag()

    /// Listens on the given channels (plain identifiers) once `notifications()` is iterated.
    public init(settings: PostgresConnectionSettings, channels: [String], logger: Logger = Logger(label: "postgres.listen")) {
        self.settings = settings
        self.channels = channels
        self.logger = logger
    }

    /// Ends the stream.
    public func stop() { state.set() }

    /// The notifications, starting with an empty-channel one once listening has begun.
    public func notifications() -> AsyncStream<PostgresNotification> {
        let (stream, continuation) = AsyncStream.makeStream(of: PostgresNotification.self, bufferingPolicy: .bufferingNewest(1024))
        let settings = settings, channels = channels, logger = logger, state = state
        continuation.onTermination = { _ in state.set() }
        let thread = Thread {
            var backoff = 0.1
            while !state.isSet {
                do {
                    let connection = try PostgresConnection(settings: settings)
                    for channel in channels {
                        try connection.query("LISTEN \(identifier: channel)")
                    }
                    backoff = 0.1
                    continuation.yield(PostgresNotification(channel: "", payload: ""))
                    try Self.pump(connection, state: state) { continuation.yield($0) }
                } catch {
                    if state.isSet { break }
                    logger.warning("listen connection lost; reconnecting", metadata: ["error": "\(error)"])
                    Thread.sleep(forTimeInterval: backoff)
                    backoff = min(backoff * 2, 5)
                }
            }
            continuation.finish()
        }
        thread.name = "postgres-listen"
        thread.start()
        return stream
    }

    private static func pump(_ connection: PostgresConnection, state: LockedFlag, yield: (PostgresNotification) -> Void) throws {
        let socket = PQsocket(connection.handle)
        while !state.isSet {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 && errno != EINTR { throw PostgresError.connectionFailed("poll failed") }
            if ready > 0 {
                guard PQconsumeInput(connection.handle) == 1 else {
                    throw PostgresError.connectionFailed(PostgresConnection.oneLine(String(cString: PQerrorMessage(connection.handle))))
                }
                while let notification = PQnotifies(connection.handle) {
                    let channel = String(cString: notification.pointee.relname)
                    let payload = String(cString: notification.pointee.extra)
                    PQfreemem(notification)
                    yield(PostgresNotification(channel: channel, payload: payload))
                }
            }
            if PQstatus(connection.handle) != CONNECTION_OK {
                throw PostgresError.connectionFailed("listen connection closed")
            }
        }
    }
}

/// A thread-safe one-way flag.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
