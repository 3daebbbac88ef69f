/// A place in the global feed: events are delivered in (transactionID, position) order.
public struct FeedCursor: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var transactionID: UInt64
    public var position: Int64

    public init(transactionID: UInt64, position: Int64) {
        self.transactionID = transactionID
        self.position = position
    }

    /// Before every event.
    public static let start = FeedCursor(transactionID: 0, position: 0)

    public static func < (lhs: FeedCursor, rhs: FeedCursor) -> Bool {
        (lhs.transactionID, lhs.position) < (rhs.transactionID, rhs.position)
    }

    public var description: String { "\(transactionID):\(position)" }
}
