import Foundation
import Testing
import WebhookDelivery
import WebhookTestSupport
import Webhooks

/// A sender owns an HTTP client, which must be shut down before it goes. On an error path (a test's
/// `#require`, services built and then abandoned) nobody calls `shutdown()`; the client's own check
/// then stopped the whole test process (signal 4, "Client not shut down before the deinit").
@Suite("A webhook sender dropped without shutdown() closes its client itself")
struct WebhookSenderLifetimeTests {
    @Test("senders dropped unused, after a delivery, and after a refused connection end quietly; one shut down twice too")
    func droppedSenders() async throws {
        let policy = WebhookAddressPolicy(allowInternal: true)
        _ = WebhookSender(policy: policy)

        let receiver = Receiver()
        let secret = WebhookSecret.generate()
        await receiver.expect("a", secret: secret.text)
        try await Receiver.running(receiver) { base in
            let sender = WebhookSender(policy: policy, timeout: .seconds(5))
            let result = await sender.send(url: base + "/hooks/a", secret: secret, id: "msg_lifetime", body: "{}")
            #expect(result.delivered, "\(result)")
        }

        // Nothing listens on the port a closed listener had: the connection is refused.
        let refusing = WebhookSender(policy: policy, timeout: .seconds(2))
        let refused = await refusing.send(url: "http://127.0.0.1:9/hooks", secret: secret, id: "msg_refused", body: "{}")
        #expect(!refused.delivered)

        let twice = WebhookSender(policy: policy)
        await twice.shutdown()
        await twice.shutdown()
        // The clients close on the event loop after their senders went; give them the moment it takes.
        try await Task.sleep(for: .milliseconds(300))
    }
}
