/// The last event of a stream as read: its version and hash.
///
/// Appends take the head they were decided on as their expectation, so nothing is
/// looked up twice and nothing can be written past a head that was not read. Only
/// the store makes heads (besides `StreamHead.empty(for:)`), so a chain cannot be
/// extended from a made-up hash.
public struct StreamHead: Sendable, Hashable {
    public let stream: StreamID
    /// 0 for a stream with no events.
    public let version: Int64
    /// 32 zero bytes for a stream with no events.
    public let hash: [UInt8]

    init(stream: StreamID, version: Int64, hash: [UInt8]) {
        self.stream = stream
        self.version = version
        self.hash = hash
    }

    /// The head of a stream that has no events yet.
    public static func empty(for stream: StreamID) -> StreamHead {
        StreamHead(stream: stream, version: 0, hash: CanonicalEvent.genesisHash)
    }
}
