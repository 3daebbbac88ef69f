import Foundation
import LedgerConfiguration
import LedgerDatabase
import Logging
import Testing

@Suite("One configuration: every setting read and checked in one place")
struct LedgerConfigurationTests {
    @Test("with nothing set: the embedded cluster in .icpledger/postgres, loopback:8080, prepared statements and timeouts on")
    func defaults() throws {
        let configuration = try LedgerConfiguration.inMemory([:])
        #expect(configuration.database.source == .embedded(dataDirectory: ".icpledger/postgres"))
        #expect(configuration.database.usePreparedStatements)
        #expect(configuration.database.sessionParameters == DatabaseConfiguration.defaultSessionParameters)
        #expect(configuration.database.schemaDirectory == nil)
        #expect(configuration.server == .init(host: "127.0.0.1", port: 8080, maxLagSeconds: 60))
        #expect(configuration.logLevel == nil)
        #expect(configuration.actor == nil)
        #expect(configuration.bench.rounds == 6)
        #expect(configuration.testing.databaseURL == nil)
    }

    @Test("DATABASE_URL chooses a server; libpq's PG* variables alone do too; the data folder counts only without them")
    func databaseSource() throws {
        let url = "postgresql://ledger@db.internal:5432/ledger"
        #expect(
            try LedgerConfiguration.inMemory([.databaseURL: url, .dataDirectory: "/srv/data"]).database.source
                == .external(connectionString: url))
        #expect(try LedgerConfiguration.inMemory([.pgHost: "db.internal"]).database.source == .external(connectionString: ""))
        #expect(try LedgerConfiguration.inMemory([.pgService: "ledger"]).database.source == .external(connectionString: ""))
        #expect(try LedgerConfiguration.inMemory([.dataDirectory: "/srv/data"]).database.source == .embedded(dataDirectory: "/srv/data"))
        // An empty value is no value.
        #expect(
            try LedgerConfiguration.inMemory([.databaseURL: "", .pgHost: ""]).database.source
                == .embedded(dataDirectory: ".icpledger/postgres"))
    }

    @Test("every setting reaches its place")
    func everySetting() throws {
        let configuration = try LedgerConfiguration.inMemory([
            .appDatabaseURL: "postgresql://app@h/ledger", .systemDatabaseURL: "postgresql://system@h/ledger",
            .schemaDirectory: "/opt/schema", .preparedStatements: "off", .sessionTimeouts: "no",
            .postgresBinaries: "/opt/pg/bin", .searchPath: "/a:/b", .logLevel: "DEBUG", .actor: "maria", .osUser: "root",
            .serverHost: "0.0.0.0", .serverPort: "9090", .serverMaxLag: "2.5", .benchRounds: "9", .benchRebuildEvents: "1_000",
            .benchRebuildRuns: "2", .benchMessageDB: "/src/message-db/database", .testDatabaseURL: "postgresql://postgres@h/postgres",
            .testBinary: "/tmp/icpledger",
            .testFeedEvents: "10", .testPoisonSteps: "20", .testFuzzScale: "3", .scheduler: "off", .schedulerLease: "12",
            .testing: "on", .testClock: "2026-04-20T09:00:00Z", .replicaDatabaseURL: "postgresql://ledger@standby/ledger",
            .replicaWait: "0.25", .replicaMaxLag: "30",
        ])
        let database = configuration.database
        #expect(database.appConnectionString == "postgresql://app@h/ledger")
        #expect(database.systemConnectionString == "postgresql://system@h/ledger")
        #expect(database.schemaDirectory?.path == "/opt/schema")
        #expect(!database.usePreparedStatements)
        #expect(database.sessionParameters.isEmpty)
        #expect(database.postgresBinaries == .init(explicitDirectory: "/opt/pg/bin", path: ["/a", "/b"]))
        #expect(configuration.logLevel == .debug)
        #expect(configuration.actor == "maria")
        #expect(database.replicaConnectionString == "postgresql://ledger@standby/ledger")
        #expect(
            configuration.server == .init(host: "0.0.0.0", port: 9090, maxLagSeconds: 2.5, replicaWaitSeconds: 0.25, replicaMaxLagSeconds: 30))
        #expect([configuration.bench.rounds, configuration.bench.rebuildEvents, configuration.bench.rebuildRuns] == [9, 1_000, 2] as [Int])
        #expect(configuration.bench.messageDB == "/src/message-db/database")
        #expect(configuration.testing.databaseURL == "postgresql://postgres@h/postgres")
        #expect(configuration.testing.binary == "/tmp/icpledger")
        #expect([configuration.testing.feedEvents, configuration.testing.poisonSteps, configuration.testing.fuzzScale] == [10, 20, 3] as [Int])
        #expect(!configuration.scheduler.enabled && configuration.scheduler.leaseSeconds == 12)
        #expect(configuration.clock == .fixed(ISO8601DateFormatter().date(from: "2026-04-20T09:00:00Z")!))
        let shifted = try LedgerConfiguration.inMemory([.testing: "on", .testClock: "-2d"]).clock.now()
        #expect(abs(shifted.timeIntervalSinceNow + 2 * 86_400) < 60)
        #expect(try LedgerConfiguration.inMemory([:]).clock == .real)
        // Without ICPLEDGER_ACTOR, the OS user acts.
        #expect(try LedgerConfiguration.inMemory([.osUser: "root"]).actor == "root")
    }

    @Test(
        "a value that cannot be used fails with one line naming the variable",
        arguments: [
            (Setting.serverPort, "80a", "ICPLEDGER_SERVER_PORT must be a whole number from 0 to 65535 (it is '80a')"),
            (Setting.serverPort, "70000", "ICPLEDGER_SERVER_PORT must be a whole number from 0 to 65535 (it is '70000')"),
            (Setting.serverMaxLag, "-1", "ICPLEDGER_SERVER_MAX_LAG must be a number from 0.0 to 86400.0 (it is '-1')"),
            (Setting.replicaWait, "31", "ICPLEDGER_REPLICA_WAIT must be a number from 0.0 to 30.0 (it is '31')"),
            (Setting.replicaMaxLag, "soon", "ICPLEDGER_REPLICA_MAX_LAG must be a number from 0.0 to 3600.0 (it is 'soon')"),
            (Setting.preparedStatements, "maybe", "ICPLEDGER_PREPARED_STATEMENTS must be on or off (it is 'maybe')"),
            (Setting.logLevel, "loud", "ICPLEDGER_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical (it is 'loud')"),
            (Setting.benchRounds, "2", "ICPLEDGER_BENCH_ROUNDS must be a whole number from 5 to 1000 (it is '2')"),
            (
                Setting.testClock, "+90d",
                "ICPLEDGER_TEST_CLOCK must be unset outside the test suite (it needs ICPLEDGER_TESTING=on) (it is '+90d')"
            ),
            (Setting.schedulerLease, "1", "ICPLEDGER_SCHEDULER_LEASE must be a whole number from 3 to 3600 (it is '1')"),
            (Setting.dataDirectory, "/tmp/a\nb", "ICPLEDGER_DATA_DIR must be a path without control characters (it is '/tmp/a\\u{a}b')"),
        ])
    func refusals(setting: Setting, value: String, message: String) {
        #expect(throws: ConfigurationError.self) { try LedgerConfiguration.inMemory([setting: value]) }
        do {
            _ = try LedgerConfiguration.inMemory([setting: value])
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a malformed connection string is refused without printing it: it may hold a password")
    func secretsStaySecret() {
        let values = ["postgresql://ledger:hunter2@db/ledger?frobnicate=notaport", "host=db password=hunter2 notaport"]
        for setting in [Setting.databaseURL, .appDatabaseURL, .systemDatabaseURL, .replicaDatabaseURL, .testDatabaseURL] {
            for value in values {
                do {
                    _ = try LedgerConfiguration.inMemory([setting: value])
                    Issue.record("\(setting.environmentVariable) accepted \(value)")
                } catch {
                    #expect(error.description.hasPrefix(setting.environmentVariable + " must be a libpq connection string"))
                    #expect(!error.description.contains("hunter2"))
                    #expect(!error.description.contains("notaport"))
                }
            }
        }
    }

    @Test("a long or control-character value is shown on one line, escaped and cut")
    func printableValues() {
        do {
            _ = try LedgerConfiguration.inMemory([.serverHost: "x", .serverPort: String(repeating: "9", count: 500) + "\u{1b}[2J"])
            Issue.record("accepted")
        } catch {
            #expect(error.description.count < 200)
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 })
        }
    }

    @Test("the command line's options win over the environment")
    func precedence() throws {
        let reader = LedgerConfiguration.reader(
            commandLine: [.dataDirectory: "/from/option", .serverPort: "9000"],
            environment: [
                "ICPLEDGER_DATA_DIR": "/from/env", "ICPLEDGER_SERVER_PORT": "7000",
                "ICPLEDGER_SERVER_HOST": "10.0.0.1",
            ])
        let configuration = try LedgerConfiguration(reader: reader)
        #expect(configuration.database.source == .embedded(dataDirectory: "/from/option"))
        #expect(configuration.server.port == 9000)
        #expect(configuration.server.host == "10.0.0.1")
    }

    @Test("environment variables are named after the keys, each once; secrets are the connection strings")
    func settingNames() {
        let variables = Setting.all.map(\.environmentVariable)
        #expect(Set(variables).count == variables.count)
        #expect(Set(Setting.all.map(\.key)).count == Setting.all.count)
        #expect(variables.contains("DATABASE_URL") && variables.contains("ICPLEDGER_APP_DATABASE_URL") && variables.contains("PGHOST"))
        #expect(
            Set(Setting.all.filter(\.isSecret).map(\.environmentVariable))
                == [
                    "DATABASE_URL", "ICPLEDGER_APP_DATABASE_URL", "ICPLEDGER_SYSTEM_DATABASE_URL", "ICPLEDGER_LISTEN_DATABASE_URL",
                    "ICPLEDGER_REPLICA_DATABASE_URL",
                    "TEST_DATABASE_URL", "ICPLEDGER_TOKEN",
                ])
    }

    @Test("the CLI's server: an http(s) URL with a host; the token is never repeated in a refusal")
    func remoteSettings() throws {
        let remote = try LedgerConfiguration.inMemory([.remoteServer: "https://ledger.example.com/", .remoteToken: "icpl_abc"]).remote
        #expect(remote?.url.absoluteString == "https://ledger.example.com" && remote?.token == "icpl_abc")
        #expect(try LedgerConfiguration.inMemory([.remoteToken: "icpl_abc"]).remote == nil, "a token alone does not switch modes")
        for bad in ["ledger.example.com", "ftp://ledger.example.com", "http://", "https://user:pw@ledger.example.com", "http://h/?x=1"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try LedgerConfiguration.inMemory([.remoteServer: bad]) }
        }
        do {
            _ = try LedgerConfiguration.inMemory([.remoteServer: "http://127.0.0.1:8080", .remoteToken: "icpl_secret with space"])
            Issue.record("a token with a space was accepted")
        } catch {
            #expect(error.description.hasPrefix("ICPLEDGER_TOKEN must be") && !error.description.contains("icpl_secret"))
        }
    }

    @Test("README.md and docs/ARCHITECTURE.md each list every setting")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for document in ["README.md", "docs/ARCHITECTURE.md"] {
            let text = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
            for setting in Setting.all {
                #expect(text.contains("`\(setting.environmentVariable)`"), "\(document) does not list \(setting.environmentVariable)")
            }
        }
    }
}
