import EventStore
import Foundation
import ICPDomain
import ICPLedger
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import Projections
import TestFixtures
import Testing

/// Extreme values for every field that reaches a typed column, sent through the whole path:
/// decide, append, the live projector and a rebuild.
@Suite("Poison values never halt a projection", .serialized)
struct PoisonPropertyTests {
    static let texts: [String] = [
        "", " ", "ok", "\u{0}", "nul\u{0}inside", "\u{1B}[2J\u{1B}[31mred", "right\u{202E}gnp.exe", "\u{7}\u{8}\u{7F}", "line\nbreak",
        "tab\tstop", "cr\rreturn", "\u{85}\u{2028}\u{2029}", "\u{FEFF}bom", "\u{FFFF}", "quote ' \" \\ back", "$(touch /tmp/x) `id`",
        "🚀" + String(repeating: "🎉", count: 40), "e" + String(repeating: "\u{301}", count: 300), String(repeating: "x", count: 121),
        String(repeating: "y", count: 1_001), String(repeating: "z", count: 4_001), String(repeating: "w", count: 70_000),
        "Ünïcødé naïve café", "a,b;c|d", "null", "true", "-1", "1e999", "{\"json\":1}", "[]", "%s%n", "\u{10FFFF}",
    ]
    static let days: [CalendarDay] = [
        CalendarDay(year: 0, month: 6, day: 1)!, CalendarDay(year: -44, month: 3, day: 15)!, CalendarDay(year: 1, month: 1, day: 1)!,
        CalendarDay(year: 1969, month: 12, day: 31)!, CalendarDay(year: 2025, month: 1, day: 1)!, CalendarDay(year: 2025, month: 6, day: 30)!,
        CalendarDay(year: 9999, month: 12, day: 31)!, CalendarDay(year: 10_000, month: 1, day: 1)!, CalendarDay(year: 5_874_898, month: 1, day: 1)!,
    ]
    static let integers: [Int] = [0, -1, 1, 2, 3, 12, 13, Int(Int32.max), Int(Int32.max) + 1, Int(Int32.min) - 1, Int.max, Int.min]
    static let numbers: [Double] = [
        0, -0.0, 1, 99.5, 100, 100.0001, 1e15, 1e15 + 2, 1e308, -1e308, .infinity, -.infinity, .nan,
        .leastNonzeroMagnitude, .greatestFiniteMagnitude,
    ]

    struct Run {
        var rng: SplitMix64
        let f: Fixture
        let t: Team
        var icps: [ICPID] = []
        var findings: [FindingID] = []
        var accepted = 0
        var refused = 0

        // Half the time an ordinary value, so that commands also get through and exercise the projections.
        mutating func text() -> String { rng.bool() ? rng.pick(["ok", "Fits the audits.", "Ünïcødé 🚀"]) : rng.pick(PoisonPropertyTests.texts) }
        mutating func day() -> CalendarDay {
            rng.bool() ? CalendarDay(year: 2025, month: 1 + rng.int(12), day: 1 + rng.int(28))! : rng.pick(PoisonPropertyTests.days)
        }
        mutating func integer() -> Int { rng.bool() ? 1 + rng.int(6) : rng.pick(PoisonPropertyTests.integers) }
        mutating func number() -> Double { rng.bool() ? Double(1 + rng.int(90)) : rng.pick(PoisonPropertyTests.numbers) }

        /// The sample definition with one field, or a few, replaced by an extreme value.
        mutating func definition() -> ICPDefinition {
            var d = SampleICPs.fintechPlatforms
            for _ in 0..<(1 + rng.int(3)) {
                switch rng.int(12) {
                case 0: d.name = text()
                case 1: d.statement = text()
                case 2: d.cadence = ReviewCadence(months: integer())
                case 3: d.signals.fit[0].weight = number()
                case 4:
                    d.signals.fit[0].value = .stringList(
                        (0..<(1 + rng.int(3))).map { _ in text() } + (rng.int(8) == 0 ? Array(repeating: "v", count: 300) : []))
                case 5: d.signals.economic[0].value = .number(number())
                case 6: d.signals.fit[1].value = .numberRange(NumberRange(number(), number()))
                case 7: d.signals.fit[0].key = text()
                case 8: d.disqualifiers[0].reason = text()
                case 9: d.committee[0].pain = text()
                case 10: d.thresholds = TierThresholds(a: number(), b: number(), c: number())
                default:
                    d.signals.trigger = (0..<(rng.int(4) == 0 ? 60 : 2)).map {
                        Signal(key: "k\($0)", op: .exists, value: nil, weight: 1, rationale: text())
                    }
                }
            }
            return d
        }

        mutating func evidence() -> [EvidenceRef] {
            switch rng.int(4) {
            case 0: return []
            case 1: return [.finding(findings.isEmpty || rng.bool() ? FindingID() : rng.pick(findings))]
            case 2:
                return URL(string: rng.pick(["https://example.com/deck", "javascript:alert(1)", "file:///etc/passwd", "http://x/" + text()]))
                    .map { [.document($0)] } ?? []
            default: return (0..<25).map { _ in .document(URL(string: "https://example.com/a")!) }
            }
        }

        /// Sends one random command; true when it was accepted.
        mutating func step() async throws {
            let l = f.ledger, ws = t.workspace
            let icp = icps.isEmpty ? nil : rng.pick(icps)
            let revision = rng.int(3) == 0 ? integer() : 1 + rng.int(4)
            do {
                switch rng.int(13) {
                case 0:
                    try await l.createWorkspace(
                        name: text(), timeZone: rng.pick(["UTC", "Europe/Berlin", text()]),
                        fiscalYearStartMonth: integer(), by: t.admin)
                case 1, 2:
                    let id = ICPID()
                    try await l.draftICP(
                        id, in: ws, owner: t.editor, definition: definition(),
                        rationale: rng.bool() ? text() : nil, evidence: evidence(), by: t.editor)
                    icps.append(id)
                case 3:
                    guard let icp else { return }
                    try await l.proposeDefinition(icp, in: ws, definition: definition(), rationale: text(), evidence: evidence(), by: t.editor)
                case 4:
                    guard let icp else { return }
                    try await l.approve(icp, in: ws, revision: revision, comment: rng.bool() ? text() : nil, by: t.approver)
                case 5:
                    guard let icp else { return }
                    try await l.reject(icp, in: ws, revision: revision, reason: text(), by: t.approver2)
                case 6:
                    guard let icp else { return }
                    try await l.publish(icp, in: ws, revision: revision, effectiveOn: day(), backdated: rng.bool(), by: t.editor)
                case 7:
                    guard let icp else { return }
                    try await l.emergencyPublish(
                        icp, in: ws, revision: revision, effectiveOn: day(), justification: text(),
                        backdated: rng.bool(), by: t.admin)
                case 8:
                    guard let icp else { return }
                    try await l.recordReview(icp, in: ws, outcome: rng.bool() ? .reaffirmed : .revisionNeeded, notes: text(), by: t.approver)
                case 9:
                    guard let icp else { return }
                    try await l.flagStale(icp, in: ws, dueOn: day(), by: t.editor)
                case 10:
                    let id = FindingID()
                    let metrics = Dictionary(
                        (0..<rng.int(3)).map { _ in ((rng.bool() ? "custom." : "") + text(), number()) }, uniquingKeysWith: { a, _ in a })
                    try await l.recordFinding(
                        id, in: ws, audit: .winLoss, summary: text(), severity: .high, metrics: metrics,
                        recommendation: text(), icp: icp, notesRef: rng.bool() ? text() : nil, by: t.editor)
                    findings.append(id)
                case 11:
                    guard !findings.isEmpty else { return }
                    let resolution: FindingResolution = rng.bool() ? .decision(text()) : .revision(icpId: icp ?? ICPID(), number: integer())
                    try await l.resolveFinding(rng.pick(findings), in: ws, resolution: resolution, by: t.editor)
                default:
                    guard let icp, rng.int(6) == 0 else { return }
                    try await l.retire(icp, in: ws, reason: text(), by: t.admin)
                }
                accepted += 1
            } catch let error as LedgerError {
                switch error {
                case .refused, .workspaceNameTaken, .conflict: refused += 1
                default: Issue.record("unexpected application error: \(error)")
                }
            }
        }
    }

    @Test("random extreme values through every command are refused by decide or applied; no projection halts; a rebuild agrees")
    func poison() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        var run = Run(rng: SplitMix64(seed: 2026_12_02), f: f, t: t)
        let steps = TestEnvironment.settings.poisonSteps
        for _ in 0..<steps {
            try await run.step()
        }
        #expect(run.accepted > 30, "the run must exercise the projections, not only refusals")
        #expect(run.refused > 30, "the run must offer values outside the limits")
        let status = try await f.ledger.runner.status()
        #expect(status.haltedTenants.isEmpty, "\(status.haltedTenants)")
        let live = try await f.snapshot()
        let report = try await ReadModelRebuild(owner: f.db.owner, system: f.db.system).run()
        #expect(report.halts.isEmpty)
        #expect(try await f.snapshot() == live)
    }
}
