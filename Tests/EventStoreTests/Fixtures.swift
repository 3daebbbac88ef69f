import EventStore
import Foundation
import Postgres

/// Small builders shared by the event store tests.
enum Fixtures {
    static let clock = Date(timeIntervalSince1970: 1_780_000_000)

    static func event(_ n: Int, id: UUID = UUID(), type: String = "Thing.Happened", payload: String? = nil) -> NewEvent {
        NewEvent(
            id: id, type: type, payload: Data((payload ?? #"{"n":\#(n),"note":"event \#(n)"}"#).utf8),
            metadata: EventMetadata(actor: "principal-1", correlationID: "corr-\(n)"),
            occurredAt: clock.addingTimeInterval(Double(n)))
    }

    static func stream(_ name: String = "stream-\(UUID().uuidString.prefix(8))", tenant: UUID = UUID()) -> StreamID {
        StreamID(tenant: tenant, name: name)
    }
}
