import CLibPQ
import Foundation

extension PostgresConnection {
    /// Whether the server is still behind this idle connection, judged without a round trip.
    ///
    /// An idle connection's socket has nothing to read unless the server spoke on its own,
    /// and a server ending the session (`pg_terminate_backend`, a restart, a session timeout)
    /// sends a FATAL error and closes the socket. So the socket is polled without waiting;
    /// while it is readable, libpq reads and parses what arrived, and the connection counts
    /// as ended once a FATAL error or the end of the stream was seen. A server that vanished
    /// without a word (a cut network) still looks connected: only a statement can tell.
    public func isStillConnected() -> Bool {
        let socket = PQsocket(handle)
        var reads = 0
        while isOpen && !serverEndedSession && socket >= 0 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            if ready == 0 { return true }
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            if descriptor.revents & Int16(POLLERR | POLLNVAL) != 0 { return false }
            // Reads what is there; at the end of the stream libpq marks the connection bad.
            guard PQconsumeInput(handle) == 1 else { return false }
            // Parses it: an error while idle goes to the notice receiver, which notes a FATAL one.
            _ = PQisBusy(handle)
            reads += 1
            if reads == 8 { break }  // a burst of notifications, not an ending session
        }
        return isOpen && !serverEndedSession && socket >= 0
    }
}

/// Receives libpq's notices and errors that arrive outside a statement: ignores notices and
/// warnings, and marks the connection (passed as `argument`) when the server sent FATAL or PANIC.
///
/// Results share the hooks and may outlive their connection, but libpq's own notices about a
/// result (a bad row number) are NOTICEs, so `argument` is only touched for a message that the
/// server sent through a live connection.
let noticeReceiver: PQnoticeReceiver = { argument, result in
    guard let argument, let result else { return }
    let field = PQresultErrorField(result, 86) ?? PQresultErrorField(result, 83)  // 'V', else localized 'S'
    guard let severity = field.map({ String(cString: $0) }), severity == "FATAL" || severity == "PANIC" else { return }
    Unmanaged<PostgresConnection>.fromOpaque(argument).takeUnretainedValue().serverEndedSession = true
}
