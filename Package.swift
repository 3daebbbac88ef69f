// swift-tools-version:6.2
import PackageDescription

/// Strict, warning-free Swift 6 everywhere.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "icpledger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "icpledger", targets: ["icpledger"]),
        .executable(name: "icpledger-bench", targets: ["icpledger-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Tests only: the differential oracle for ByteText's CSV reader.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // libpq, the PostgreSQL C client (apt: libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Linux's epoll and eventfd, which Glibc's module leaves out (the Postgres module's event loop).
        .systemLibrary(name: "CEpoll"),
        // zlib, for pages sent gzip-compressed (apt: zlib1g-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Byte-level text formats written and read in several modules, each once: JSON strings,
        // hex, UUID text, UTF-8, fixed-width decimals, civil dates. Foundation only.
        .target(name: "ByteText", swiftSettings: strict),
        // A safe Swift layer over libpq. No domain words.
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ", "CEpoll", "ByteText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Starts a private PostgreSQL cluster when no database is configured.
        .target(
            name: "PostgresEmbedded",
            dependencies: [
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        // Applies the numbered SQL files in Schema/.
        .target(
            name: "SchemaMigrations",
            dependencies: ["Postgres", "ByteText", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The generic append-only event store. No ICP words.
        .target(
            name: "EventStore",
            dependencies: [
                "Postgres", "ByteText",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A Codable JSON decoder several times faster than Foundation's: events are decoded by the million.
        .target(name: "FastJSON", dependencies: ["ByteText"], swiftSettings: strict),
        // The ICP domain: pure Swift, no I/O.
        .target(name: "ICPDomain", dependencies: ["FastJSON", "ByteText"], swiftSettings: strict),
        // The ICP as a reviewable YAML file: export, parse, plan rendering. No I/O beyond strings.
        .target(
            name: "ICPFile",
            dependencies: ["ICPDomain", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // The board report: built from a workspace's events (pure), rendered as JSON, Markdown or HTML.
        .target(
            name: "Reports",
            dependencies: ["ICPDomain", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // Resolves the database (URL or embedded), migrates, hands out pools.
        .target(
            name: "LedgerDatabase",
            dependencies: [
                "Postgres", "PostgresEmbedded", "SchemaMigrations",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Every setting icpledger reads, from the command line and the environment, checked at start-up.
        .target(
            name: "LedgerConfiguration",
            dependencies: [
                "Postgres", "PostgresEmbedded", "LedgerDatabase",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Read models of the ICP domain: projector, checkpointed runner, shadow-table rebuild.
        .target(
            name: "Projections",
            dependencies: [
                "Postgres", "EventStore", "ICPDomain", "ByteText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The application layer: load, decide, append, wait for the read models; typed queries.
        .target(
            name: "ICPLedger",
            dependencies: [
                "Postgres", "EventStore", "ICPDomain", "ICPFile", "Projections", "FastJSON", "ByteText", "Webhooks", "Reports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The review scheduler: notices in each workspace's schedule stream, one leader by lease.
        .target(
            name: "Scheduler",
            dependencies: [
                "Postgres", "EventStore", "ICPDomain", "ByteText", "Webhooks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Webhooks: Standard Webhooks signing, the address policy, the event types receivers see,
        // subscriptions and the outbox written in the event's transaction. No outbound HTTP.
        .target(
            name: "Webhooks",
            dependencies: ["ICPDomain", "Postgres", "ByteText", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Sends what the outbox holds: claims due deliveries, posts them signed, retries with backoff.
        .target(
            name: "WebhookDelivery",
            dependencies: [
                "Webhooks", "Postgres", "ByteText",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Sample data: the demo workspace (loaded through the ledger) and synthetic streams for
        // benchmarks and scale tests.
        .target(
            name: "SampleData",
            dependencies: ["Postgres", "EventStore", "ICPDomain", "ICPLedger"],
            swiftSettings: strict
        ),
        // The HTTP server: the JSON API under /v1 and the web pages (server-rendered, Mustache templates).
        .target(
            name: "HTTPServer",
            dependencies: [
                "Postgres", "EventStore", "ICPDomain", "ICPFile", "ICPLedger", "Projections", "Webhooks", "WebhookDelivery", "Reports",
                "ByteText", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Builds the running application from one configuration: database, pools, runner, ledger, HTTP server.
        .target(
            name: "LedgerApplication",
            dependencies: [
                "Postgres", "PostgresEmbedded", "LedgerDatabase", "LedgerConfiguration", "Projections", "ICPLedger", "HTTPServer",
                "Scheduler", "Webhooks", "WebhookDelivery", "EventStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // The one executable.
        .executableTarget(
            name: "icpledger",
            dependencies: [
                "Postgres", "PostgresEmbedded", "SchemaMigrations", "EventStore", "LedgerDatabase", "LedgerConfiguration",
                "LedgerApplication", "ICPDomain", "ICPLedger", "Projections", "ICPFile", "ByteText", "SampleData", "Scheduler",
                "Webhooks", "WebhookDelivery", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks: `swift run -c release icpledger-bench [NAME...]`.
        .executableTarget(
            name: "icpledger-bench",
            dependencies: [
                "Postgres", "EventStore", "LedgerDatabase", "LedgerConfiguration", "LedgerApplication", "ICPDomain", "ICPLedger",
                "Projections", "SampleData", "Reports", "ByteText",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        // ---- Test support: each target one job, shared by the test targets below.
        // Sample ICPs, seeded random generators and the suite's settings (pure: no database).
        .target(name: "TestFixtures", dependencies: ["ICPDomain", "LedgerConfiguration"], path: "Tests/TestFixtures", swiftSettings: strict),
        // Test databases: one throwaway cluster per run, one migrated database per test; a fault-injecting proxy.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["Postgres", "PostgresEmbedded", "SchemaMigrations", "LedgerDatabase", "TestFixtures"],
            path: "Tests/PostgresTestSupport",
            swiftSettings: strict
        ),
        // A loopback webhook receiver that checks signatures and drops repeats, for the delivery and CLI tests.
        .target(
            name: "WebhookTestSupport",
            dependencies: [
                "Webhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/WebhookTestSupport",
            swiftSettings: strict
        ),
        // A ledger on a fresh test database, built by the one builder, for the application, projection and HTTP tests.
        .target(
            name: "LedgerTestSupport",
            dependencies: [
                "LedgerApplication", "LedgerConfiguration", "ICPLedger", "ICPDomain", "Projections", "Postgres", "PostgresTestSupport", "SampleData",
            ],
            path: "Tests/LedgerTestSupport",
            swiftSettings: strict
        ),

        // ---- One test target per module.
        .testTarget(
            name: "ByteTextTests", dependencies: ["ByteText", "TestFixtures", .product(name: "CSV", package: "CSV.swift")], swiftSettings: strict),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "PostgresTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PostgresEmbeddedTests",
            dependencies: ["PostgresEmbedded", "Postgres", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SchemaMigrationsTests",
            dependencies: ["SchemaMigrations", "Postgres", "PostgresTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: [
                "EventStore", "Postgres", "PostgresTestSupport", "SchemaMigrations", "LedgerDatabase", "TestFixtures",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ConfigurationTests",
            dependencies: ["LedgerConfiguration", "LedgerDatabase", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "FastJSONTests", dependencies: ["FastJSON", "TestFixtures"], swiftSettings: strict),
        .testTarget(name: "ICPDomainTests", dependencies: ["ICPDomain", "FastJSON", "TestFixtures"], swiftSettings: strict),
        // The golden files are read from the source tree by path, not bundled.
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ICPDomain", "TestFixtures"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "ICPFileTests", dependencies: ["ICPFile", "ICPDomain", "TestFixtures"], swiftSettings: strict),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: [
                "Projections", "ICPLedger", "ICPDomain", "EventStore", "Postgres", "PostgresTestSupport", "LedgerTestSupport", "TestFixtures",
                "SampleData",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ICPLedgerTests",
            dependencies: [
                "ICPLedger", "Projections", "SchemaMigrations", "ByteText", "ICPDomain", "EventStore", "Postgres", "PostgresTestSupport",
                "LedgerTestSupport",
                "TestFixtures",
                "SampleData", "Webhooks", "Reports",
            ],
            swiftSettings: strict
        ),
        // The HTTP application built by the one builder, run live through HummingbirdTesting.
        .testTarget(name: "WebhooksTests", dependencies: ["Webhooks", "ICPDomain"], swiftSettings: strict),
        // The outbox and the dispatcher against a real PostgreSQL and a loopback receiver.
        .testTarget(
            name: "WebhookDeliveryTests",
            dependencies: [
                "WebhookDelivery", "Webhooks", "Scheduler", "ICPLedger", "ICPDomain", "LedgerConfiguration", "Postgres", "PostgresTestSupport",
                "LedgerTestSupport", "TestFixtures", "EventStore", "WebhookTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SchedulerTests",
            dependencies: [
                "Scheduler", "ICPLedger", "ICPDomain", "EventStore", "Postgres", "PostgresTestSupport", "LedgerTestSupport", "TestFixtures",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: [
                "LedgerApplication", "LedgerConfiguration", "LedgerDatabase", "HTTPServer", "ICPLedger", "ICPDomain", "ICPFile", "EventStore",
                "Postgres", "PostgresTestSupport", "LedgerTestSupport", "TestFixtures",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Drives the built `icpledger` binary end to end against a fresh test database.
        .testTarget(
            name: "CLITests",
            dependencies: [
                "PostgresTestSupport", "Postgres", "PostgresEmbedded", "ICPFile", "ICPDomain", "LedgerConfiguration", "SampleData",
                "TestFixtures", "WebhookTestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            path: "Tests/CLITests",
            swiftSettings: strict
        ),
        // Static checks of the Dockerfile and docker-compose.yml (no engine, no database): the image's
        // Swift can build the resolved dependencies, and the two files agree on port, health path and paths.
        .testTarget(
            name: "DeploymentTests",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
    ]
)
