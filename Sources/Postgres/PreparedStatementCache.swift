/// The server-side prepared statements of one connection, by SQL text, at most `capacity` of them.
///
/// Every distinct statement text a connection runs becomes a prepared statement that the server
/// keeps for the session; a long-lived connection that met unbounded distinct texts would keep
/// them all. When the cache is full the statement used least recently is forgotten here and
/// deallocated on the server (see ``PostgresConnection/prepare(_:)``).
struct PreparedStatementCache {
    private var entries: [String: (name: String, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    private var nextNumber = 0
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "a statement cache holds at least one statement")
        self.capacity = capacity
    }

    /// How many statements are prepared.
    var count: Int { entries.count }

    /// The statement's name, marking it used, or nil when it is not prepared.
    mutating func name(for sql: String) -> String? {
        // One lookup (the text is hashed once): a statement's text can be hundreds of bytes.
        guard let index = entries.index(forKey: sql) else { return nil }
        clock += 1
        entries.values[index].lastUse = clock
        return entries.values[index].name
    }

    /// A fresh name for a statement about to be prepared.
    mutating func newName() -> String {
        nextNumber += 1
        return "s\(nextNumber)"
    }

    /// Records a prepared statement.
    mutating func insert(_ sql: String, name: String) {
        clock += 1
        entries[sql] = (name, clock)
    }

    /// Removes and returns the least recently used statement's name when the cache is full.
    mutating func evictIfFull() -> String? {
        guard entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) else { return nil }
        entries[oldest.key] = nil
        return oldest.value.name
    }

    /// Forgets every statement (the session they lived in is gone).
    mutating func removeAll() {
        entries.removeAll()
    }
}
