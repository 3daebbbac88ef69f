import ByteText
import Crypto
import Foundation

/// A webhook signing secret as the Standard Webhooks specification writes it: `whsec_` and the
/// base64 of the key (24 to 64 random bytes).
public struct WebhookSecret: Sendable, Hashable {
    /// The key bytes the HMAC uses.
    public let key: [UInt8]

    /// The secret's text form, `whsec_…`.
    public var text: String { "whsec_" + Data(key).base64EncodedString() }

    /// Parses `whsec_<base64>`; nil for anything else or a key outside 24…64 bytes.
    public init?(_ text: String) {
        guard text.hasPrefix("whsec_"), let data = Data(base64Encoded: String(text.dropFirst(6))), (24...64).contains(data.count) else {
            return nil
        }
        key = Array(data)
    }

    /// A new secret of 32 random bytes.
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return WebhookSecret(text: "whsec_" + Data(bytes).base64EncodedString())!
    }

    private init?(text: String) { self.init(text) }
}

/// Signing as the Standard Webhooks specification does: the signed content is
/// `<webhook-id>.<webhook-timestamp>.<body>`, the signature `v1,<base64 of HMAC-SHA256>`, sent in
/// `webhook-signature` beside `webhook-id` and `webhook-timestamp` (seconds since 1970). A receiver
/// de-duplicates by the id, which stays the same on every retry of one delivery.
public enum WebhookSignature {
    /// `v1,<base64>` for the delivery `id`, sent at `timestamp`, with `body`.
    public static func sign(_ secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8]) -> String {
        let content = Array("\(id).\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: secret.key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of a delivery.
    public static func headers(_ secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8]) -> [(name: String, value: String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", sign(secret, id: id, timestamp: timestamp, body: body))]
    }

    /// What a receiver checks: one of the space-separated `v1,` signatures matches (compared in
    /// constant time) and the timestamp is within `tolerance` seconds of `now`.
    public static func verify(
        _ secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8], signatures header: String, now: Int64,
        tolerance: Int64 = 300
    ) -> Bool {
        guard abs(now - timestamp) <= tolerance else { return false }
        let expected = Array(sign(secret, id: id, timestamp: timestamp, body: body).utf8)
        var matched = false
        for candidate in header.split(separator: " ") {
            if ConstantTime.equal(Array(candidate.utf8), expected) { matched = true }
        }
        return matched
    }
}
