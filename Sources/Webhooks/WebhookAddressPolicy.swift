public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a webhook address is refused.
public enum WebhookAddressProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed
    case notHTTP(scheme: String)
    case credentials
    case tooLong(Int)
    case unresolvable(host: String)
    case internalAddress(host: String, address: String)

    public var description: String {
        switch self {
        case .malformed: "is not a URL with a host"
        case .notHTTP(let scheme): "must be http or https, not \(scheme)"
        case .credentials: "must not carry a user name or password (put the secret in the subscription instead)"
        case .tooLong(let length): "is \(length) characters long; at most \(WebhookAddressPolicy.maxLength) are allowed"
        case .unresolvable(let host): "names a host that does not resolve (\(host))"
        case .internalAddress(let host, let address):
            "resolves to an internal address (\(host) is \(address)): loopback, private, link-local and similar addresses "
                + "are refused unless ICPLEDGER_WEBHOOK_ALLOW_INTERNAL is on"
        }
    }
}

/// Which addresses webhooks may be sent to. A webhook must not become a way to reach the service's
/// own network (a cloud's metadata address, a database on loopback): an address is refused when it
/// is not http(s), carries credentials, or resolves to a loopback, private, link-local, shared,
/// multicast, unspecified or reserved address — unless `allowInternal` (tests, or an installation
/// whose receivers live inside its network). It is checked when a subscription is made and again at
/// each send, since a name can start resolving elsewhere.
public struct WebhookAddressPolicy: Sendable, Hashable {
    public static let maxLength = 2_000
    public var allowInternal: Bool

    public init(allowInternal: Bool = false) { self.allowInternal = allowInternal }

    /// The URL if its form is acceptable (scheme, host, no credentials, length); resolution is separate.
    public func parse(_ text: String) -> Result<URL, WebhookAddressProblem> {
        guard text.count <= Self.maxLength else { return .failure(.tooLong(text.count)) }
        guard let components = URLComponents(string: text), let url = components.url, let host = components.host, !host.isEmpty else {
            return .failure(.malformed)
        }
        let scheme = components.scheme?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https" else { return .failure(.notHTTP(scheme: scheme)) }
        guard components.user == nil, components.password == nil else { return .failure(.credentials) }
        return .success(url)
    }

    /// Parses, resolves the host, and checks every address it resolves to.
    public func check(_ text: String) -> Result<URL, WebhookAddressProblem> {
        let url: URL
        switch parse(text) {
        case .failure(let problem): return .failure(problem)
        case .success(let parsed): url = parsed
        }
        let host = URLComponents(url: url, resolvingAgainstBaseURL: false)?.host ?? ""
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = Self.resolve(bare)
        guard !addresses.isEmpty else { return .failure(.unresolvable(host: host)) }
        if !allowInternal, let inside = addresses.first(where: Self.isInternal) {
            return .failure(.internalAddress(host: host, address: inside))
        }
        return .success(url)
    }

    /// The numeric addresses a host name (or literal) resolves to.
    public static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>? = nil
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var result: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !result.contains(text) { result.append(text) }
            }
            node = entry.pointee.ai_next
        }
        return result
    }

    /// True for addresses a webhook must not reach from inside the service's network.
    public static func isInternal(_ address: String) -> Bool {
        let bare = address.split(separator: "%").first.map(String.init) ?? address  // a zone index
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            return isInternal(v4: UInt32(bigEndian: v4.s_addr))
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return true }  // not an address: refuse
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {  // ::ffff:a.b.c.d
            return isInternal(v4: UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15]))
        }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return true }  // ::, ::1 and the old IPv4-compatible form
        if bytes[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return true }  // fec0::/10 site-local (deprecated)
        if bytes[0] == 0xFF { return true }  // multicast
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 { return true }  // 2001:db8::/32 documentation
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B { return true }  // 64:ff9b::/96 NAT64 may reach IPv4 inside
        return false
    }

    static func isInternal(v4 address: UInt32) -> Bool {
        func within(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ bits: UInt32) -> Bool {
            let network = a << 24 | b << 16 | c << 8 | d
            let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
            return address & mask == network & mask
        }
        return within(0, 0, 0, 0, 8) || within(10, 0, 0, 0, 8) || within(100, 64, 0, 0, 10) || within(127, 0, 0, 0, 8)
            || within(169, 254, 0, 0, 16) || within(172, 16, 0, 0, 12) || within(192, 0, 0, 0, 24) || within(192, 0, 2, 0, 24)
            || within(192, 168, 0, 0, 16) || within(198, 18, 0, 0, 15) || within(198, 51, 100, 0, 24) || within(203, 0, 113, 0, 24)
            || within(224, 0, 0, 0, 4) || within(240, 0, 0, 0, 4)
    }
}
