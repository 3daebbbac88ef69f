import Foundation

/// A TCP proxy on 127.0.0.1 in front of a PostgreSQL unix socket that can lose a reply on purpose.
///
/// `cutReply(after:)` arms it: the next time a client sends bytes containing the marker, the
/// proxy forwards them to the server, lets the server act on them, and then closes both sides
/// without passing the server's answer back. To the client it looks exactly like a connection
/// lost after COMMIT was sent: the outcome is unknown. Each connection is served by two threads.
public final class FaultProxy: @unchecked Sendable {
    /// The port clients connect to.
    public let port: Int
    private let socketPath: String
    private let listener: Int32
    private let lock = NSLock()
    private var marker: [UInt8]?
    private var cutCount = 0
    private var stopped = false
    private var frozen = false
    /// Connections accepted while frozen: held open, never answered.
    private var held: [Int32] = []

    /// Listens on an ephemeral loopback port and forwards to the server's unix socket file.
    public init(unixSocket socketPath: String) throws {
        self.socketPath = socketPath
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProxyError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ProxyError("bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The PostgreSQL socket file of a cluster reached by `host` (a socket folder) and `port` settings.
    public static func socketFile(host: String, port: String) -> String { "\(host)/.s.PGSQL.\(port)" }

    /// Arms the proxy: the next client message containing `marker` reaches the server, its reply never reaches the client.
    public func cutReply(after marker: String) {
        lock.withLock { self.marker = Array(marker.utf8) }
    }

    /// Freezes the proxy the way a server whose processes hang looks from outside: the connections
    /// stay open and nothing more crosses them; new connections are accepted and never answered.
    public func freeze() { lock.withLock { frozen = true } }

    /// Lets bytes cross again; connections accepted while frozen are closed.
    public func thaw() {
        let dropped = lock.withLock {
            frozen = false
            defer { held.removeAll() }
            return held
        }
        for fd in dropped { close(fd) }
    }

    private var isFrozen: Bool { lock.withLock { frozen } }

    /// How many replies were cut so far.
    public var cuts: Int { lock.withLock { cutCount } }

    /// Stops accepting connections.
    public func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            if lock.withLock({ frozen ? (held.append(client), true).1 : false }) { continue }
            let server = connectToServer()
            guard server >= 0 else {
                close(client)
                continue
            }
            let muted = MutedFlag()
            Thread.detachNewThread { [self] in pump(from: client, to: server, inspect: true, muted: muted) }
            Thread.detachNewThread { [self] in pump(from: server, to: client, inspect: false, muted: muted) }
        }
    }

    private func connectToServer() -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            return -1
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if connected != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    /// Copies bytes one way until either side closes; the client-to-server direction watches for the marker.
    private func pump(from source: Int32, to destination: Int32, inspect: Bool, muted: MutedFlag) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        defer {
            shutdown(source, Int32(SHUT_RDWR))
            shutdown(destination, Int32(SHUT_RDWR))
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            while isFrozen { Thread.sleep(forTimeInterval: 0.02) }
            let chunk = Array(buffer[0..<count])
            if !inspect {
                if muted.isSet { continue }  // the reply that is lost
                guard writeAll(chunk, to: destination) else { return }
                continue
            }
            let armed = lock.withLock { () -> Bool in
                guard let marker, contains(chunk, marker) else { return false }
                self.marker = nil
                cutCount += 1
                return true
            }
            if armed {
                muted.set()
                _ = writeAll(chunk, to: destination)
                Thread.sleep(forTimeInterval: 0.3)  // the server executes and commits
                return
            }
            guard writeAll(chunk, to: destination) else { return }
        }
    }

    private func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

private final class MutedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// The proxy could not be set up.
public struct ProxyError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
