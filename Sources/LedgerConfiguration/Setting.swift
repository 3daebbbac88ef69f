/// One setting icpledger reads: its configuration key, the environment variable that sets it, and
/// whether its value is a secret (never printed, not even in an error).
///
/// Every setting is listed once, in ``Setting/all``; the README's and ARCHITECTURE.md's tables of
/// settings follow this list, and a test holds them to it.
public struct Setting: Sendable, Hashable {
    /// The configuration key, e.g. `icpledger.data.dir`.
    public let key: String
    /// What it sets, in a few words.
    public let meaning: String
    /// Whether the value is a secret (connection strings may hold passwords).
    public let isSecret: Bool

    init(_ key: String, _ meaning: String, secret: Bool = false) {
        self.key = key
        self.meaning = meaning
        self.isSecret = secret
    }

    /// The environment variable: the key's components upper-cased and joined by `_`, as
    /// swift-configuration's environment provider names them (`icpledger.data.dir` → `ICPLEDGER_DATA_DIR`).
    public var environmentVariable: String {
        key.split(separator: ".").map { $0.uppercased() }.joined(separator: "_")
    }

    // MARK: The settings

    public static let databaseURL = Setting(
        "database.url", "the PostgreSQL server (a libpq URL or key=value string); none: the embedded cluster", secret: true)
    public static let appDatabaseURL = Setting("icpledger.app.database.url", "a login of its own for the request-path role", secret: true)
    public static let systemDatabaseURL = Setting("icpledger.system.database.url", "a login of its own for the system role", secret: true)
    public static let listenDatabaseURL = Setting(
        "icpledger.listen.database.url", "a direct login (not through a pooler) for the system role's LISTEN connection", secret: true)
    public static let replicaDatabaseURL = Setting(
        "icpledger.replica.database.url",
        "a streaming standby of the database for serve's reads (a login that acts as the service's roles, like DATABASE_URL); none: every read goes to the primary",
        secret: true)
    public static let replicaWait = Setting(
        "icpledger.replica.wait",
        "seconds a read carrying a consistency token waits for the standby to replay past it before the primary answers it (default 1, 0 to 30)")
    public static let replicaMaxLag = Setting(
        "icpledger.replica.max.lag", "seconds the standby's replay may trail before reads without a token go to the primary (default 5, 0 to 3600)")
    public static let pgHost = Setting(
        "pghost",
        "libpq's own server setting; when set (or PGDATABASE, PGSERVICE, PGHOSTADDR), libpq's defaults are used instead of the embedded cluster")
    public static let pgDatabase = Setting("pgdatabase", "see PGHOST")
    public static let pgService = Setting("pgservice", "see PGHOST")
    public static let pgHostAddress = Setting("pghostaddr", "see PGHOST")
    public static let dataDirectory = Setting("icpledger.data.dir", "the embedded cluster's data folder (default .icpledger/postgres; --data-dir)")
    public static let schemaDirectory = Setting(
        "icpledger.schema.dir", "the folder of the numbered SQL migrations (default: Schema/ beside the package)")
    public static let preparedStatements = Setting(
        "icpledger.prepared.statements", "on (default) or off: reuse server-side prepared statements (off behind an old transaction-mode pooler)")
    public static let sessionTimeouts = Setting(
        "icpledger.session.timeouts", "on (default) or off: statement and idle-in-transaction timeouts per role")
    public static let postgresBinaries = Setting(
        "icpledger.pg.bindir", "the folder of initdb and pg_ctl for the embedded cluster (default: pg_config, then /usr/lib/postgresql, then PATH)")
    public static let searchPath = Setting("path", "where initdb and pg_ctl are looked for last")
    public static let logLevel = Setting(
        "icpledger.log.level", "trace, debug, info, notice, warning, error or critical (default: info for serve, warning otherwise)")
    public static let actor = Setting("icpledger.actor", "who acts in direct-database mode when --as is not given")
    public static let osUser = Setting("user", "who acts when neither --as nor ICPLEDGER_ACTOR says")
    public static let workspace = Setting("icpledger.workspace", "the workspace the icp read commands use when --workspace is not given")
    public static let remoteServer = Setting(
        "icpledger.server", "the URL of an icpledger server: the CLI's ledger commands go through its API instead of the database (--server)")
    public static let remoteToken = Setting("icpledger.token", "the bearer token the CLI sends to ICPLEDGER_SERVER; it says who acts", secret: true)
    public static let serverHost = Setting("icpledger.server.host", "the address serve listens on (default 127.0.0.1; --host)")
    public static let serverPort = Setting("icpledger.server.port", "the port serve listens on (default 8080; --port)")
    public static let serverMaxLag = Setting(
        "icpledger.server.max.lag", "seconds the read models may lag before GET /ready fails (default 60; --max-lag)")
    public static let scheduler = Setting(
        "icpledger.scheduler", "on (default) or off: whether serve runs the review scheduler (one instance leads at a time)")
    public static let schedulerLease = Setting(
        "icpledger.scheduler.lease",
        "seconds a scheduler's leadership lasts unless renewed (default 30, 3 to 3600): another instance takes over within about this long after the leader stops"
    )
    public static let webhooks = Setting(
        "icpledger.webhooks", "on (default) or off: whether serve sends the webhook outbox's deliveries (any number of instances may)")
    public static let webhookAllowInternal = Setting(
        "icpledger.webhook.allow.internal",
        "on lets webhooks go to loopback, private and link-local addresses (default off: refused when added and when sent)")
    public static let webhookTimeout = Setting(
        "icpledger.webhook.timeout", "seconds one webhook attempt may take, connecting included (default 10, 1 to 60)")
    public static let webhookAttempts = Setting(
        "icpledger.webhook.attempts", "attempts before a webhook delivery is given up and recorded as failed (default 12, 1 to 50)")
    public static let webhookRetry = Setting(
        "icpledger.webhook.retry",
        "seconds before a failed webhook delivery's first retry (default 30, 1 to 3600); each later wait doubles, up to 6 hours, with jitter")
    public static let benchRounds = Setting("icpledger.bench.rounds", "benchmark rounds, the median is reported (default 6, at least 5)")
    public static let benchRebuildEvents = Setting("icpledger.bench.rebuild.events", "events the rebuild benchmark replays (default 1,000,000)")
    public static let benchRebuildRuns = Setting("icpledger.bench.rebuild.runs", "rebuild benchmark runs (default 5)")
    public static let benchMessageDB = Setting(
        "icpledger.bench.message.db",
        "the database/ directory of a message-db checkout: the single-writer appends also measure its write_message under pgbench (default: not measured)"
    )
    public static let testDatabaseURL = Setting(
        "test.database.url", "tests: a superuser login to an existing server instead of a throwaway cluster", secret: true)
    public static let testBinary = Setting("icpledger.binary", "tests: the icpledger executable the CLI tests run")
    public static let testFeedEvents = Setting("icpledger.test.feed.events", "tests: events of the synthetic-feed scale test (default 6,000)")
    public static let testPoisonSteps = Setting("icpledger.test.poison.steps", "tests: commands of the poison-value property test (default 300)")
    public static let testFuzzScale = Setting("fastjson.fuzz.scale", "tests: how many times more FastJSON differential cases to run (default 1)")
    public static let testPooler = Setting(
        "icpledger.test.pooler", "tests: on to run the HTTP API tests through a pgbouncer each test starts (default off)")
    public static let testPartitionedEvents = Setting(
        "icpledger.test.partitioned.events",
        "tests: on to run every test on an events table hash-partitioned by tenant (scripts/partition-events-by-tenant.sql; default off)")
    public static let testing = Setting(
        "icpledger.testing", "tests only: on allows the test-only settings below; never set it in operation")
    public static let testClock = Setting(
        "icpledger.test.clock",
        "tests only (needs ICPLEDGER_TESTING=on): the time the programs use, fixed (2026-04-20T09:00:00Z) or shifted from now (+90d, -12h)")

    public static let signingKey = Setting(
        "icpledger.signing.key",
        "the key file that signs checkpoints of the log (made by `icpledger key create`; default with the embedded database: .icpledger/signing.key, made on first use)"
    )

    public static let checkpointInterval = Setting(
        "icpledger.checkpoint.interval",
        "hours between the scheduler's checkpoints of each workspace's log, made when anything new was recorded (default 24; 0: none; needs a signing key)"
    )
    public static let testGoldenUpdate = Setting(
        "icpledger.test.golden.update", "tests only: on rewrites the board report's golden files from what the code renders now")

    /// Every setting, in the order the documentation lists them.
    public static let all: [Setting] = [
        databaseURL, appDatabaseURL, systemDatabaseURL, listenDatabaseURL, replicaDatabaseURL, replicaWait, replicaMaxLag, pgHost, pgDatabase,
        pgService, pgHostAddress, dataDirectory,
        schemaDirectory, preparedStatements, sessionTimeouts, postgresBinaries, searchPath, logLevel, actor, osUser, workspace, remoteServer,
        remoteToken,
        serverHost, serverPort, serverMaxLag, signingKey, scheduler, schedulerLease, checkpointInterval, webhooks, webhookAllowInternal,
        webhookTimeout, webhookAttempts,
        webhookRetry, benchRounds, benchRebuildEvents, benchRebuildRuns, benchMessageDB, testDatabaseURL,
        testBinary, testFeedEvents, testPoisonSteps, testFuzzScale, testPooler, testPartitionedEvents, testing, testClock, testGoldenUpdate,
    ]
}
