import Foundation
import Postgres

/// message-db (github.com/message-db/message-db), an event store made of PostgreSQL functions,
/// as a second yardstick for the single-event appends: its `write_message` sent by pgbench, so
/// the figure is message-db's database work with no client cost at all.
///
/// Opt-in: `ICPLEDGER_BENCH_MESSAGE_DB` names the `database` directory of a message-db checkout,
/// whose SQL files are installed into the throwaway database (schema, table, type, functions,
/// indexes; not its role, privileges or views, which a write does not use). Nothing of message-db
/// is part of this repository.
///
/// Each pgbench client writes one stream of its own category (message-db locks a category per
/// write, so distinct categories keep the writers apart, its best case), passing the expected
/// version as the store's appends do, with the same payload and metadata.
struct MessageDB {
    /// The files install.sh runs that a write needs, in its order.
    static let files = [
        "schema/message-store.sql", "tables/messages.sql", "types/message.sql",
        "functions/message-store-version.sql", "functions/hash-64.sql", "functions/acquire-lock.sql",
        "functions/category.sql", "functions/is-category.sql", "functions/id.sql", "functions/cardinal-id.sql",
        "functions/stream-version.sql", "functions/write-message.sql",
        "indexes/messages-id.sql", "indexes/messages-stream.sql", "indexes/messages-category.sql",
    ]

    /// pgbench, connected as the owner with message-db's schema on the search path.
    let pgbench: PgBench

    /// Installs message-db when `ICPLEDGER_BENCH_MESSAGE_DB` is set and pgbench is at hand; nil otherwise.
    static func prepare(_ context: BenchContext, pgbench: PgBench?) throws -> MessageDB? {
        guard let directory = context.settings.messageDB, !directory.isEmpty else { return nil }
        guard let pgbench else { throw BenchFailure("ICPLEDGER_BENCH_MESSAGE_DB is set, but pgbench is not installed") }
        // message-db's functions call each other unqualified: its schema goes first on the search path.
        let options = ((context.database.owner.value(of: "options") ?? "") + " -c search_path=message_store,public")
            .trimmingCharacters(in: .whitespaces)
        let settings = context.database.owner.with(["options": options])
        let connection = try PostgresConnection(settings: settings)
        let installed = try connection.query(
            "SELECT to_regprocedure('message_store.write_message(varchar, varchar, varchar, jsonb, jsonb, bigint)') IS NOT NULL"
        ).single().column(0, as: Bool.self)
        for file in files where !installed {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            guard let sql = FileManager.default.contents(atPath: path) else {
                throw BenchFailure("ICPLEDGER_BENCH_MESSAGE_DB: no \(file) under \(directory) (name a message-db checkout's database/ directory)")
            }
            try connection.execute(script: String(decoding: sql, as: UTF8.self))
        }
        return MessageDB(pgbench: PgBench(executable: pgbench.executable, connection: try settings.keywordString()))
    }

    /// `clients` writers, `transactions` single-message writes each, to streams of this run.
    func run(clients: Int, transactions: Int, payload: Data) async throws -> PgBench.Run {
        let script = """
            \\set expected :expected + 1
            SELECT message_store.write_message(gen_random_uuid()::varchar, 'w' || :client_id::text || '-' || :run::text,
                                               'SignalChanged', :data::jsonb, :metadata::jsonb, :expected::bigint);

            """
        return try await pgbench.run(
            script: script,
            variables: [
                ("expected", "-2"), ("run", UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")),
                ("data", String(decoding: payload, as: UTF8.self)), ("metadata", #"{"actor":"principal-7","correlation_id":"bench-1"}"#),
            ],
            clients: clients, transactions: transactions)
    }
}
