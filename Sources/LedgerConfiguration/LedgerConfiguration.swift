public import Configuration
public import Foundation
public import LedgerDatabase
public import Logging
import Postgres
import PostgresEmbedded

/// Everything icpledger reads from its surroundings, read in one place and checked at start-up.
///
/// Built from a swift-configuration `ConfigReader`: in the programs, the command line's options
/// (an in-memory provider, first) over the environment; in tests, an in-memory provider alone.
/// Each setting is listed once in ``Setting``. A value that cannot be used fails the start with
/// one line naming its environment variable (``ConfigurationError``), never repeating a secret.
public struct LedgerConfiguration: Sendable {
    /// Where the database is, how to log in per role, and how sessions behave.
    public var database: DatabaseConfiguration
    /// The log level asked for; nil leaves it to the command (info for serve, warning otherwise).
    public var logLevel: Logger.Level?
    /// Who acts in direct-database mode when `--as` is not given (`ICPLEDGER_ACTOR`, then the OS user).
    public var actor: String?
    /// The workspace the `icp` read commands use when `--workspace` is not given (`ICPLEDGER_WORKSPACE`).
    public var workspace: String?
    /// The icpledger server the CLI talks to instead of the database; nil for direct-database mode.
    public var remote: RemoteSettings?
    /// The HTTP server.
    public var server: ServerSettings
    /// The key file that signs checkpoints (`ICPLEDGER_SIGNING_KEY`), if configured; see ``signingKeyFile``.
    public var signingKey: String?
    /// The review scheduler.
    public var scheduler: SchedulerSettings
    /// Webhook deliveries.
    public var webhooks: WebhookSettings
    /// The time the programs use: the real one, unless a test fixed or shifted it.
    public var clock: ClockSetting
    /// The benchmarks.
    public var bench: BenchSettings
    /// Settings only the test suite reads.
    public var testing: TestSettings

    /// The HTTP server's settings.
    public struct ServerSettings: Sendable, Hashable {
        public var host: String
        /// 0 lets the system choose a free port (tests).
        public var port: Int
        /// `GET /ready` fails when the read models lag more than this many seconds.
        public var maxLagSeconds: Double

        /// How long a read with a consistency token waits for the read replica before the primary answers it.
        public var replicaWaitSeconds: Double
        /// How far the read replica's replay may trail before reads without a token go to the primary.
        public var replicaMaxLagSeconds: Double

        public init(
            host: String = "127.0.0.1", port: Int = 8080, maxLagSeconds: Double = 60, replicaWaitSeconds: Double = 1,
            replicaMaxLagSeconds: Double = 5
        ) {
            self.host = host
            self.port = port
            self.maxLagSeconds = maxLagSeconds
            self.replicaWaitSeconds = replicaWaitSeconds
            self.replicaMaxLagSeconds = replicaMaxLagSeconds
        }
    }

    /// Where the CLI's remote mode sends its requests, and the token it sends.
    public struct RemoteSettings: Sendable, Hashable {
        /// The server's base URL (http or https), without a trailing slash.
        public var url: URL
        /// The bearer token; nil when none is set (every request is then refused by the server).
        public var token: String?

        public init(url: URL, token: String?) {
            self.url = url
            self.token = token
        }
    }

    /// The review scheduler's settings.
    public struct SchedulerSettings: Sendable, Hashable {
        /// Whether serve runs it.
        public var enabled = true
        /// How long leadership lasts unless renewed.
        public var leaseSeconds = 30
        /// Hours between the scheduled checkpoints of each workspace's log (0: none).
        public var checkpointHours = 24
    }

    /// Webhook settings: whether serve sends deliveries, where they may go, how often they are tried.
    public struct WebhookSettings: Sendable, Hashable {
        /// Whether serve runs the dispatcher.
        public var enabled = true
        /// Whether loopback, private and link-local addresses are allowed (tests; receivers inside the network).
        public var allowInternal = false
        /// How long one attempt may take.
        public var timeoutSeconds = 10
        /// Attempts before a delivery is given up.
        public var attempts = 12
        /// Seconds before the first retry; later waits double up to six hours.
        public var firstRetrySeconds = 30

        public init(enabled: Bool = true, allowInternal: Bool = false, timeoutSeconds: Int = 10, attempts: Int = 12, firstRetrySeconds: Int = 30) {
            self.enabled = enabled
            self.allowInternal = allowInternal
            self.timeoutSeconds = timeoutSeconds
            self.attempts = attempts
            self.firstRetrySeconds = firstRetrySeconds
        }
    }

    /// The programs' clock. Only the test suite may change it (`ICPLEDGER_TEST_CLOCK`, allowed only
    /// with `ICPLEDGER_TESTING=on`), so a simulated quarter can run in seconds.
    public enum ClockSetting: Sendable, Hashable {
        case real
        case fixed(Date)
        case shifted(by: TimeInterval)

        /// The clock as a function.
        public var now: @Sendable () -> Date {
            switch self {
            case .real: { Date() }
            case .fixed(let date): { date }
            case .shifted(let offset): { Date().addingTimeInterval(offset) }
            }
        }
    }

    /// The key file that signs checkpoints, and whether it may be made when missing: the one
    /// configured (never made here), else with the embedded database `signing.key` beside its data
    /// folder (made on first use). Nil with an external database and no key configured.
    public var signingKeyFile: (path: String, createWhenMissing: Bool)? {
        if let signingKey { return (signingKey, false) }
        guard case .embedded(let dataDirectory) = database.source else { return nil }
        return (URL(fileURLWithPath: dataDirectory).deletingLastPathComponent().appending(path: "signing.key").path, true)
    }

    /// The benchmarks' settings.
    public struct BenchSettings: Sendable, Hashable {
        public var rounds = 6
        public var rebuildEvents = 1_000_000
        public var rebuildRuns = 5
        /// A message-db checkout's `database` directory, to measure its writes beside the appends.
        public var messageDB: String?
    }

    /// Settings of the test suite.
    public struct TestSettings: Sendable, Hashable {
        public var databaseURL: String?
        public var binary: String?
        public var feedEvents = 6_000
        public var poisonSteps = 300
        public var fuzzScale = 1
        /// Run the HTTP API tests through pgbouncer in transaction mode.
        public var throughPooler = false
        /// Hash-partition the events table by tenant in every test database.
        public var partitionedEvents = false
    }

    /// Reads and checks every setting.
    public init(reader: ConfigReader) throws(ConfigurationError) {
        let read = SettingReader(reader: reader)
        let url = try read.connectionString(.databaseURL)
        let usesLibpqEnvironment = [Setting.pgHost, .pgDatabase, .pgService, .pgHostAddress].contains { read.text($0) != nil }
        let source: DatabaseConfiguration.Source
        if let url {
            source = .external(connectionString: url)
        } else if usesLibpqEnvironment {
            source = .external(connectionString: "")
        } else {
            source = .embedded(dataDirectory: try read.path(.dataDirectory) ?? EmbeddedDefaults.dataDirectory)
        }
        database = DatabaseConfiguration(
            source: source, appConnectionString: try read.connectionString(.appDatabaseURL),
            systemConnectionString: try read.connectionString(.systemDatabaseURL),
            listenConnectionString: try read.connectionString(.listenDatabaseURL),
            replicaConnectionString: try read.connectionString(.replicaDatabaseURL),
            usePreparedStatements: try read.switch(.preparedStatements) ?? true,
            schemaDirectory: try read.path(.schemaDirectory).map { URL(fileURLWithPath: $0) },
            sessionParameters: try read.switch(.sessionTimeouts) == false ? [:] : DatabaseConfiguration.defaultSessionParameters,
            postgresBinaries: PostgresBinarySearch(
                explicitDirectory: try read.path(.postgresBinaries),
                path: (read.text(.searchPath) ?? "/usr/local/bin:/usr/bin:/bin")
                    .split(separator: ":").map(String.init)))
        logLevel = try read.logLevel(.logLevel)
        actor = read.text(.actor) ?? read.text(.osUser)
        workspace = read.text(.workspace)
        let token = try read.token(.remoteToken)
        remote = try read.serverURL(.remoteServer).map { RemoteSettings(url: $0, token: token) }
        server = ServerSettings(
            host: read.text(.serverHost) ?? "127.0.0.1",
            port: try read.integer(.serverPort, in: 0...65_535) ?? 8080,
            maxLagSeconds: try read.number(.serverMaxLag, in: 0...86_400) ?? 60,
            replicaWaitSeconds: try read.number(.replicaWait, in: 0...30) ?? 1,
            replicaMaxLagSeconds: try read.number(.replicaMaxLag, in: 0...3_600) ?? 5)
        signingKey = try read.path(.signingKey)
        scheduler = SchedulerSettings(
            enabled: try read.switch(.scheduler) ?? true, leaseSeconds: try read.integer(.schedulerLease, in: 3...3_600) ?? 30,
            checkpointHours: try read.integer(.checkpointInterval, in: 0...8_760) ?? 24)
        webhooks = WebhookSettings(
            enabled: try read.switch(.webhooks) ?? true, allowInternal: try read.switch(.webhookAllowInternal) ?? false,
            timeoutSeconds: try read.integer(.webhookTimeout, in: 1...60) ?? 10, attempts: try read.integer(.webhookAttempts, in: 1...50) ?? 12,
            firstRetrySeconds: try read.integer(.webhookRetry, in: 1...3_600) ?? 30)
        clock = try read.clock(.testClock, allowed: try read.switch(.testing) ?? false)
        bench = BenchSettings(
            rounds: try read.integer(.benchRounds, in: 5...1_000) ?? 6,
            rebuildEvents: try read.integer(.benchRebuildEvents, in: 1...100_000_000) ?? 1_000_000,
            rebuildRuns: try read.integer(.benchRebuildRuns, in: 1...100) ?? 5, messageDB: try read.path(.benchMessageDB))
        testing = TestSettings(
            databaseURL: try read.connectionString(.testDatabaseURL), binary: try read.path(.testBinary),
            feedEvents: try read.integer(.testFeedEvents, in: 1...10_000_000) ?? 6_000,
            poisonSteps: try read.integer(.testPoisonSteps, in: 1...1_000_000) ?? 300,
            fuzzScale: try read.integer(.testFuzzScale, in: 1...1_000) ?? 1,
            throughPooler: try read.switch(.testPooler) ?? false,
            partitionedEvents: try read.switch(.testPartitionedEvents) ?? false)
    }

    /// The programs' configuration: the command line's options over the environment.
    public static func load(commandLine options: [Setting: String] = [:]) throws(ConfigurationError) -> LedgerConfiguration {
        try LedgerConfiguration(reader: reader(commandLine: options))
    }

    /// The programs' reader: the command line's options (in memory, first), then the environment.
    public static func reader(
        commandLine options: [Setting: String] = [:],
        environment: [String: String]? = nil
    ) -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (setting, value) in options {
            values[AbsoluteConfigKey(setting.key.split(separator: ".").map(String.init))] = ConfigValue(.string(value), isSecret: setting.isSecret)
        }
        let secrets = Set(Setting.all.filter(\.isSecret).map(\.environmentVariable))
        let environmentProvider =
            environment.map {
                EnvironmentVariablesProvider(environmentVariables: $0, secretsSpecifier: .specific(secrets))
            } ?? EnvironmentVariablesProvider(secretsSpecifier: .specific(secrets))
        return ConfigReader(providers: [InMemoryProvider(name: "command line", values: values), environmentProvider])
    }

    /// A configuration from values given by setting (tests): nothing is read from the environment.
    public static func inMemory(_ values: [Setting: String]) throws(ConfigurationError) -> LedgerConfiguration {
        var entries: [AbsoluteConfigKey: ConfigValue] = [:]
        for (setting, value) in values {
            entries[AbsoluteConfigKey(setting.key.split(separator: ".").map(String.init))] = ConfigValue(.string(value), isSecret: setting.isSecret)
        }
        return try LedgerConfiguration(reader: ConfigReader(provider: InMemoryProvider(name: "in memory", values: entries)))
    }
}

/// Defaults of the embedded cluster.
public enum EmbeddedDefaults {
    /// The data folder, relative to the working directory.
    public static let dataDirectory = ".icpledger/postgres"
}
