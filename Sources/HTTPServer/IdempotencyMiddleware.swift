import Crypto
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import ICPLedger
import NIOCore

/// `Idempotency-Key` on a `POST` or `DELETE`: the first request with a key runs and its answer is
/// kept; the same request sent again with the key gets that answer again (`Idempotent-Replayed:
/// true`) and changes nothing. The key belongs to the token's account. Sending the key with a
/// different request is a 422; sending it while the first is still running, a 409.
///
/// The command such a request runs takes its identity from the account and the key, so even when
/// the first attempt's answer was lost (its process died after the commit), a retry finds the
/// events it stored instead of storing them again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let ledger: Ledger

    /// The headers an answer is replayed with.
    static let kept: [HTTPField.Name] = [.contentType, .eTag, .location, .consistencyToken]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post || request.method == .delete, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Problem.invalid(
                "Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID is a good key).",
                errors: [.init(field: "Idempotency-Key", code: "invalidValue", message: "1 to 200 visible ASCII characters.")])
        }
        let caller = try context.requireCaller()
        var request = request
        let body = try await JSONIO.collect(request)
        request.body = RequestBody(buffer: ByteBuffer(bytes: body))
        var hasher = SHA256()
        for part in [request.method.rawValue, request.uri.description, request.headers[.contentType] ?? ""] {
            hasher.update(data: Array(part.utf8) + [0])
        }
        hasher.update(data: body)
        let hash = Array(hasher.finalize())

        switch try await ledger.beginIdempotent(account: caller.account, key: key, requestHash: hash) {
        case .replay(let answer):
            var headers = HTTPFields()
            for (name, value) in answer.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
            headers[.idempotentReplayed] = "true"
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        case .mismatch:
            throw Problem.invalid(
                "This Idempotency-Key was used for a different request; use a new key for a new request.",
                errors: [.init(field: "Idempotency-Key", code: "reused", message: "Already used for another request.")])
        case .inProgress:
            var problem = Problem.conflict("A request with this Idempotency-Key is still being answered; retry in a moment.")
            problem.headers[.retryAfter] = "1"
            throw problem
        case .proceed:
            break
        }

        let response: Response
        do {
            response = try await Ledger.$commandIdentity.withValue(.named(key, in: caller.account.uuid)) {
                try await next(request, context)
            }
        } catch {
            // A client's mistake is an answer like any other; a server fault frees the key for a retry.
            guard let problem = Problem.from(error), problem.status.code < 500 else {
                try? await ledger.abandonIdempotent(account: caller.account, key: key)
                throw error
            }
            let answered = try problem.response(from: request, context: context)
            return try await keep(answered, caller: caller, key: key)
        }
        guard response.status.code < 500 else {
            try? await ledger.abandonIdempotent(account: caller.account, key: key)
            return response
        }
        return try await keep(response, caller: caller, key: key)
    }

    /// Stores the answer and returns it, its body read into memory (answers here are small JSON).
    private func keep(_ response: Response, caller: Caller, key: String) async throws -> Response {
        let collector = Collector()
        var response = response
        let body = response.body
        try await body.write(CollectingWriter(collector: collector))
        let bytes = collector.bytes
        var headers: [String: String] = [:]
        for name in Self.kept { if let value = response.headers[name] { headers[name.canonicalName] = value } }
        try await ledger.finishIdempotent(
            account: caller.account, key: key, answer: IdempotentAnswer(status: Int(response.status.code), headers: headers, body: bytes))
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        return response
    }

    final class Collector: @unchecked Sendable {
        var bytes: [UInt8] = []
    }

    struct CollectingWriter: ResponseBodyWriter {
        let collector: Collector
        mutating func write(_ buffer: ByteBuffer) async throws { collector.bytes.append(contentsOf: buffer.readableBytesView) }
        mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
            for buffer in buffers { collector.bytes.append(contentsOf: buffer.readableBytesView) }
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
