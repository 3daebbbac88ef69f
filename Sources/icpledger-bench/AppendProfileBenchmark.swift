import EventStore
import Foundation
import Postgres

/// `append_profile`: where a single append's client CPU goes, in µs per append (medians of
/// alternating rounds, CPU from getrusage):
///
/// - `append_profile_plan`: building the append (validating, encoding and hashing the event, and
///   its INSERT with parameters), no I/O;
/// - `append_profile_direct`: the INSERT sent on one connection from the calling thread (libpq
///   blocking, no pool), plan included;
/// - `append_profile_store`: `EventStore.append` (the pool, the INSERT sent without blocking, the
///   coalesced NOTIFY) from a task on the Postgres event loop: one thread sends, sleeps and reads;
/// - `append_profile_store_global`: the same from a task on Swift's global executor, as a request
///   handler runs: the loop hands each answer over to a cooperative thread;
/// - `append_profile_handoff`: an empty `PostgresPool.withConnection` — the pool and the two thread
///   hops of a body run on a connection's own thread.
///
/// The difference between `store` and `direct` is what the pool and the event loop cost;
/// `direct` minus `plan` is libpq and the kernel.
enum AppendProfileBenchmark {
    static let appendsPerRound = 2_000

    static func run(_ context: BenchContext) async throws -> [BenchLine] {
        let pool = PostgresPool(settings: context.database.app, maxConnections: 8)
        return try await pool.closing { pool in
            let store = EventStore(pool: pool)
            let connection = try PostgresConnection(settings: context.database.app)
            var plan: [Double] = [], direct: [Double] = [], viaStore: [Double] = [], viaGlobal: [Double] = [], handoff: [Double] = []
            let n = appendsPerRound
            for round in 0..<context.settings.rounds {
                let arms: [() async throws -> Void] = [
                    {
                        let stream = StreamID(tenant: UUID(), name: "plan-\(round)")
                        var bytes = 0
                        let (_, cpu) = try ClientCPU.measureSync {
                            for i in 1...n {
                                bytes &+= try EventStore.appendQuery([AppendBenchmarks.event(i)], to: stream, expecting: .empty(for: stream)).sql.utf8
                                    .count
                            }
                        }
                        precondition(bytes > 0)
                        plan.append(cpu / Double(n) * 1e6)
                    },
                    {
                        // A new stream per append (its first event), so no head needs reading back.
                        let tenant = UUID()
                        let (_, cpu) = try ClientCPU.measureSync {
                            for i in 1...n {
                                let stream = StreamID(tenant: tenant, name: "direct-\(round)-\(i)")
                                try connection.query(EventStore.appendQuery([AppendBenchmarks.event(i)], to: stream, expecting: .empty(for: stream)))
                            }
                        }
                        direct.append(cpu / Double(n) * 1e6)
                    },
                    {
                        let stream = StreamID(tenant: UUID(), name: "store-\(round)")
                        var head = StreamHead.empty(for: stream)
                        let (_, cpu) = try await ClientCPU.measure {
                            try await withTaskExecutorPreference(PostgresEventLoop.shared) {
                                for i in 1...n { head = try await store.append([AppendBenchmarks.event(i)], to: stream, expecting: head).head }
                            }
                        }
                        viaStore.append(cpu / Double(n) * 1e6)
                    },
                    {
                        let stream = StreamID(tenant: UUID(), name: "global-\(round)")
                        var head = StreamHead.empty(for: stream)
                        let (_, cpu) = try await ClientCPU.measure {
                            try await withTaskExecutorPreference(globalConcurrentExecutor) {
                                for i in 1...n { head = try await store.append([AppendBenchmarks.event(i)], to: stream, expecting: head).head }
                            }
                        }
                        viaGlobal.append(cpu / Double(n) * 1e6)
                    },
                    {
                        let (_, cpu) = try await ClientCPU.measure {
                            for _ in 1...n { _ = try await pool.withConnection { _ in 0 } }
                        }
                        handoff.append(cpu / Double(n) * 1e6)
                    },
                ]
                for index in 0..<arms.count { try await arms[(index + round) % arms.count]() }
            }
            return [
                BenchLine(name: "append_profile_plan", value: median(plan), unit: "us/append"),
                BenchLine(name: "append_profile_direct", value: median(direct), unit: "us/append"),
                BenchLine(name: "append_profile_store", value: median(viaStore), unit: "us/append", baseline: median(direct)),
                BenchLine(name: "append_profile_store_global", value: median(viaGlobal), unit: "us/append", baseline: median(direct)),
                BenchLine(name: "append_profile_handoff", value: median(handoff), unit: "us/call"),
            ]
        }
    }
}
