extension PostgresError {
    /// True for failures that a later attempt may not meet: a lost or refused connection, a
    /// serialization failure or deadlock, a lock or statement timeout, a server shutting down or
    /// short of resources. Work that failed this way is retried; other errors are reported.
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .poolTimeout:
            return true
        case .server(let error):
            let state = error.sqlState
            return state.hasPrefix("08")  // connection exception
                || state == "40001" || state == "40P01"  // serialization failure, deadlock
                || state == "55P03"  // lock not available (lock_timeout)
                || state == "57014"  // query canceled (statement_timeout)
                || state.hasPrefix("57P")  // admin or crash shutdown, cannot connect now
                || state.hasPrefix("53")  // insufficient resources
                || state == "58000" || state == "58030"  // system or I/O error
        default:
            return false
        }
    }
}
