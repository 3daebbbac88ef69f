import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import Projections
import SampleData
import TestFixtures
import Testing

/// Faults 2 and 3 of the hardening issue: decisions on stale state, and two rebuilds at once.
@Suite("Decisions read one snapshot; one rebuild runs at a time", .serialized)
struct ConcurrencyTests {
    @Test("with writers running, the head a reader gets is always its last event")
    func headMatchesEvents() async throws {
        let db = try await TestDatabase.create()
        let writers = db.appPool(maxConnections: 3), readers = db.appPool(maxConnections: 3)
        defer {
            Task {
                await writers.close()
                await readers.close()
            }
        }
        let store = EventStore(pool: writers), reading = EventStore(pool: readers)
        let tenant = UUID()
        let streams = (0..<3).map { StreamID(tenant: tenant, name: "hot-\($0)") }
        let stop = Flag()
        let writing = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for stream in streams {
                    group.addTask {
                        var head = StreamHead.empty(for: stream)
                        while !stop.isSet {
                            let event = NewEvent(type: "Tick", payload: Data("{}".utf8), occurredAt: Date())
                            head = try await store.append([event], to: stream, expecting: head).head
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        var mismatches = 0, reads = 0
        let clock = ContinuousClock(), start = clock.now
        // A number of reads, not a span of time: on a loaded machine each read can take a while.
        while reads < 90 && clock.now - start < .seconds(60) {
            for slice in try await reading.readStreams(streams) {
                reads += 1
                let last = slice.events.last
                if slice.head.version != (last?.version ?? 0) || slice.head.hash != (last?.hash ?? StreamHead.empty(for: slice.head.stream).hash) {
                    mismatches += 1
                }
            }
        }
        stop.set()
        try await writing.value
        #expect(reads > 50)
        #expect(mismatches == 0, "\(mismatches) of \(reads) reads returned a head newer than their events")
    }

    /// Two commands of one round, run at once; returns the ICP's events in order.
    func race(
        _ f: Fixture, _ t: Team, _ first: @escaping @Sendable (ICPID) async throws -> Void,
        _ second: @escaping @Sendable (ICPID) async throws -> Void
    ) async throws -> [DomainEvent] {
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        async let a: Void = { do { try await first(icp) } catch is LedgerError {} }()
        async let b: Void = { do { try await second(icp) } catch is LedgerError {} }()
        _ = try await (a, b)
        let slice = try await EventStore(pool: f.db.appPool()).readStream(StreamID(tenant: t.workspace.uuid, name: StreamName.icp(icp).description))
        return try slice.events.map { try EventCodec.decode(type: $0.type, schemaVersion: $0.schemaVersion, payload: $0.payload) }
    }

    @Test("an approval racing a rejection never lands after the rejection")
    func approveVersusReject() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        for _ in 0..<25 {
            let events = try await race(
                f, t,
                { try await f.ledger.approve($0, in: t.workspace, revision: 1, by: t.approver) },
                { try await f.ledger.reject($0, in: t.workspace, revision: 1, reason: "No.", by: t.approver2) })
            let rejected = events.firstIndex { if case .revisionRejected = $0 { true } else { false } }
            let approved = events.lastIndex { if case .revisionApproved = $0 { true } else { false } }
            if let rejected, let approved { #expect(approved < rejected, "an approval was stored after the rejection") }
        }
    }

    @Test("an approval racing an amendment by the same person never approves content that person wrote")
    func approveVersusAmend() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        var changed = SampleICPs.fintechPlatforms
        changed.signals.fit[0].weight = 35
        let changes = DefinitionDiff.between(SampleICPs.fintechPlatforms, changed).changes
        for _ in 0..<25 {
            let events = try await race(
                f, t,
                { try await f.ledger.approve($0, in: t.workspace, revision: 1, by: t.approver) },
                { try await f.ledger.amendProposal($0, in: t.workspace, revision: 1, changes: changes, rationale: "Tune.", by: t.approver) })
            var authored = false
            for event in events {
                switch event {
                case .proposalAmended(let e): authored = authored || e.amendedBy == t.approver
                case .revisionApproved(let e): #expect(!(authored && e.approver == t.approver), "an author approved the amended content")
                default: break
                }
            }
        }
    }

    @Test("a second rebuild started while the first is about to swap is refused, and the read models equal a clean rebuild")
    func rebuildDuringSwap() async throws {
        let f = try await Fixture.make()
        _ = try await SyntheticFeed.append(total: 4_000, app: f.db.app)
        try await f.ledger.runner.catchUpToNewest()
        let live = try await f.snapshot()
        let started = Flag()
        let secondGotGoing = DispatchSemaphore(value: 0)
        let secondOutcome = Outcome()
        let (owner, system) = (f.db.owner, f.db.system)
        _ = try? await ReadModelRebuild(owner: owner, system: system, batchSize: 500).run { progress in
            // On the first rebuild's thread, just before its swap: start a second one and let it get going.
            guard progress.phase == "swapping", !started.isSet else { return }
            started.set()
            Task.detached {
                do {
                    _ = try await ReadModelRebuild(owner: owner, system: system, batchSize: 500).run { _ in secondGotGoing.signal() }
                    secondOutcome.set("finished")
                } catch {
                    secondOutcome.set("\(error)")
                }
                secondGotGoing.signal()
            }
            _ = secondGotGoing.wait(timeout: .now() + 30)
        }
        #expect(started.isSet)
        for _ in 0..<600 where secondOutcome.value == nil { try await Task.sleep(for: .milliseconds(50)) }
        #expect(secondOutcome.value?.contains("another rebuild is running") == true, "\(secondOutcome.value ?? "still running")")
        #expect(try await f.snapshot() == live)
    }

    @Test("two rebuilds started together: one runs, the other is refused, and the read models equal a clean rebuild")
    func twoRebuilds() async throws {
        let f = try await Fixture.make()
        _ = try await SyntheticFeed.append(total: 4_000, app: f.db.app)
        try await f.ledger.runner.catchUpToNewest()
        let live = try await f.snapshot()
        #expect(!(live["icp_revisions"] ?? []).isEmpty)
        for _ in 0..<3 {
            let outcomes = await withTaskGroup(of: Result<RebuildReport, any Error>.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            return .success(try await ReadModelRebuild(owner: f.db.owner, system: f.db.system, batchSize: 500).run())
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let finished = outcomes.compactMap { try? $0.get() }
            #expect(finished.count >= 1)
            for case .failure(let error) in outcomes {
                #expect(error as? RebuildError == nil || "\(error)".contains("another rebuild is running"), "\(error)")
            }
            #expect(try await f.snapshot() == live)
        }
    }

    @Test("a rebuild whose shadow tables were replaced behind its back swaps nothing in")
    func swapChecksItsOwnTables() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        try await f.ledger.draftICP(in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        let live = try await f.snapshot()
        // The progress callback runs on the rebuild's thread between phases: replace a shadow table there.
        let replaced = Flag()
        let owner = f.db.owner
        await #expect(throws: RebuildError.self) {
            _ = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system).run { progress in
                guard progress.phase == "swapping", !replaced.isSet else { return }
                replaced.set()
                try? PostgresConnection(settings: owner).execute(
                    script: "DROP TABLE icp_list_rebuild; CREATE TABLE icp_list_rebuild (LIKE icp_list INCLUDING ALL)")
            }
        }
        #expect(replaced.isSet)
        #expect(try await f.snapshot() == live)
    }
}

/// A text set once by another task.
final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    var value: String? { lock.withLock { text } }
    func set(_ value: String) { lock.withLock { if text == nil { text = value } } }
}
