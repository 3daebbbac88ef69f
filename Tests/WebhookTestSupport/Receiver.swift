import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Webhooks

/// A webhook receiver on loopback, as a subscriber would run one: it checks each request's
/// Standard Webhooks signature with the secret of its path (`/hooks/<name>`), drops repeats by
/// `webhook-id`, and can be told to fail a path's first attempts or to answer slowly.
public actor Receiver {
    public struct Request: Sendable {
        public var name: String
        public var id: String
        public var body: String
        public var signatureValid: Bool
        public var answered: Int
    }

    public private(set) var requests: [Request] = []
    /// Bodies kept once per webhook-id, per path: what a de-duplicating receiver processes.
    private(set) var processed: [String: [String]] = [:]
    private var secrets: [String: WebhookSecret] = [:]
    private var failures: [String: Int] = [:]
    private var delays: [String: Duration] = [:]
    private var trickles: Set<String> = []
    private var seen: Set<String> = []

    public init() {}

    /// `delay`: before the answer's head; `trickle`: the head at once, then a body of one byte every
    /// 300 ms for 6 seconds.
    public func expect(_ name: String, secret: String, failFirst: Int = 0, delay: Duration? = nil, trickle: Bool = false) {
        secrets[name] = WebhookSecret(secret)
        failures[name] = failFirst
        delays[name] = delay
        if trickle { trickles.insert(name) }
    }

    func trickles(_ name: String) -> Bool { trickles.contains(name) }

    public func processed(_ name: String) -> [String] { processed[name] ?? [] }
    public func attempts(_ name: String) -> [Request] { requests.filter { $0.name == name } }

    func receive(name: String, id: String, timestamp: String, signature: String, body: [UInt8]) async -> Int {
        if let delay = delays[name] { try? await Task.sleep(for: delay) }
        let valid =
            secrets[name].map {
                WebhookSignature.verify(
                    $0, id: id, timestamp: Int64(timestamp) ?? 0, body: body, signatures: signature, now: Int64(Date().timeIntervalSince1970))
            } ?? false
        var status = 200
        if let left = failures[name], left > 0 {
            failures[name] = left - 1
            status = 500
        } else if !valid {
            status = 401
        } else if seen.insert(name + " " + id).inserted {
            processed[name, default: []].append(String(decoding: body, as: UTF8.self))
        }
        requests.append(Request(name: name, id: id, body: String(decoding: body, as: UTF8.self), signatureValid: valid, answered: status))
        return status
    }

    /// Runs the receiver on a free loopback port while `body` runs; `body` gets the base URL.
    public static func running<T: Sendable>(_ receiver: Receiver, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("hooks/:name") { request, context -> Response in
            let name = try context.parameters.require("name")
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let headers = request.headers
            func header(_ field: String) -> String { HTTPField.Name(field).flatMap { headers[$0] } ?? "" }
            let status = await receiver.receive(
                name: name, id: header("webhook-id"), timestamp: header("webhook-timestamp"), signature: header("webhook-signature"),
                body: Array(bytes.readableBytesView))
            guard await receiver.trickles(name) else { return Response(status: HTTPResponse.Status(code: status)) }
            return Response(
                status: HTTPResponse.Status(code: status),
                body: ResponseBody { writer in
                    for _ in 0..<20 {
                        try await writer.write(ByteBuffer(string: "x"))
                        try await Task.sleep(for: .milliseconds(300))
                    }
                    try await writer.finish(nil)
                })
        }
        let port = PortBox()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await port.set(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "receiver", factory: { _ in SwiftLogNoOpLogHandler() }))
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        var bound = 0
        for _ in 0..<500 where bound == 0 {
            bound = await port.value
            if bound == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        return try await body("http://127.0.0.1:\(bound)")
    }
}

actor PortBox {
    var value = 0
    func set(_ port: Int) { value = port }
}
