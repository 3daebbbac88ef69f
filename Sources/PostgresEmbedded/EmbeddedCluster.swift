public import Postgres

/// A running embedded cluster and how to log in to it.
public struct EmbeddedCluster: Sendable, Equatable {
    public var dataDirectory: String
    public var socketDirectory: String
    public var port: Int
    /// The bootstrap superuser (the OS user that runs the cluster).
    public var superuser: String
    /// Whether this process started the server. Who stops it is decided when each user is done
    /// (see `EmbeddedClusterLease.end()`), not by who started it.
    public var startedHere: Bool

    /// Settings for logging in over the unix socket as a role, to a database.
    public func settings(user: String, database: String) -> PostgresConnectionSettings {
        PostgresConnectionSettings(overrides: [
            "host": socketDirectory, "port": String(port), "user": user, "dbname": database,
        ])
    }
}
