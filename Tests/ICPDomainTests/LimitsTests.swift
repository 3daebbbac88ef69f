import Foundation
import TestFixtures
import Testing

@testable import ICPDomain

@Suite("Input limits: every text, list, number and day has a bound, and decide refuses what lies outside")
struct LimitsTests {
    static let esc = "Acme\u{1B}[31m"
    static let bidi = "Acme\u{202E}gnp.exe"
    static let long = String(repeating: "x", count: InputLimits.textLength + 1)

    /// The codes of a refusal, or an empty list when the command was accepted.
    func codes(_ body: () throws -> Any) -> [ValidationError.Code] {
        do {
            _ = try body()
            return []
        } catch DomainError.invalid(let errors) {
            return errors.map(\.code)
        } catch {
            return []
        }
    }

    @Test("one-line texts refuse every control character and bidirectional override; multi-line texts keep line breaks and tabs")
    func textRule() {
        #expect(TextRule.name.problems("Acme GmbH — Ünïcødé 🚀", at: "name").isEmpty)
        for bad in [Self.esc, Self.bidi, "a\nb", "a\tb", "a\u{0}b", "a\u{7F}b", "a\u{85}b", "a\u{2028}b"] {
            #expect(TextRule.name.problems(bad, at: "name").map(\.code) == [.controlCharacter], "\(bad.debugDescription)")
        }
        #expect(TextRule.text.problems("line one\nline two\twith a tab", at: "rationale").isEmpty)
        #expect(TextRule.text.problems("bell\u{7}", at: "rationale").map(\.code) == [.controlCharacter])
        #expect(TextRule.text.problems("carriage\r\nreturn", at: "rationale").map(\.code) == [.controlCharacter])
        #expect(TextRule.text.problems(Self.long, at: "rationale").map(\.code) == [.tooLong])
        // Lengths count scalars: a megabyte of combining marks is not one character.
        let marks = "e" + String(repeating: "\u{301}", count: InputLimits.nameLength)
        #expect(marks.count == 1)
        #expect(TextRule.name.problems(marks, at: "name").map(\.code) == [.tooLong])
    }

    @Test("stored text is shown with visible escapes, never raw")
    func escaping() {
        #expect(TextEscaping.visible(Self.esc) == "Acme\\u{1B}[31m")
        #expect(TextEscaping.visible(Self.bidi) == "Acme\\u{202E}gnp.exe")
        #expect(TextEscaping.visible("two\nlines", multiline: true) == "two\nlines")
        #expect(TextEscaping.visible("two\nlines") == "two\\u{A}lines")
        #expect(TextEscaping.visible("abcdef", limit: 3) == "abc…")
    }

    /// One way a definition can break a limit, with the path and code that must report it.
    enum Breach: CaseIterable, Sendable {
        case nameControl, nameLong, statementLong, keyControl, rationaleLong, listTooMany, listValueControl, valueLong,
            numberHuge, rangeHuge, signalsTooMany, disqualifiersTooMany, reasonControl, committeeTooMany, painLong

        func apply(to d: inout ICPDefinition) -> (path: String, code: ValidationError.Code) {
            switch self {
            case .nameControl:
                d.name = LimitsTests.esc
                return ("name", .controlCharacter)
            case .nameLong:
                d.name = String(repeating: "n", count: InputLimits.nameLength + 1)
                return ("name", .tooLong)
            case .statementLong:
                d.statement = String(repeating: "s", count: InputLimits.statementLength + 1)
                return ("statement", .tooLong)
            case .keyControl:
                d.signals.fit[0].key = "in\u{1B}dustry"
                return ("signals.fit[0].key", .controlCharacter)
            case .rationaleLong:
                d.signals.fit[0].rationale = String(repeating: "r", count: InputLimits.ruleTextLength + 1)
                return ("signals.fit[0].rationale", .tooLong)
            case .listTooMany:
                d.signals.fit[0].value = .stringList((0...InputLimits.listValues).map { "v\($0)" })
                return ("signals.fit[0].value", .tooMany)
            case .listValueControl:
                d.signals.fit[0].value = .stringList(["ok", "bad\u{0}"])
                return ("signals.fit[0].value[1]", .controlCharacter)
            case .valueLong:
                d.signals.fit[2].value = .string(String(repeating: "v", count: InputLimits.valueLength + 1))
                return ("signals.fit[2].value", .tooLong)
            case .numberHuge:
                d.signals.economic[0].value = .number(1e300)
                return ("signals.economic[0].value", .outOfRange)
            case .rangeHuge:
                d.signals.fit[1].value = .numberRange(NumberRange(-1e16, 10))
                return ("signals.fit[1].value", .outOfRange)
            case .signalsTooMany:
                let many: [Signal] = (0...InputLimits.signalsPerFamily).map { n in Signal(key: "k\(n)", op: .exists, value: nil, weight: 1) }
                d.signals.trigger = many
                return ("signals.trigger", .tooMany)
            case .disqualifiersTooMany:
                let many: [Disqualifier] = (0...InputLimits.disqualifiers).map { n in
                    Disqualifier(key: "k\(n)", op: .exists, value: nil, reason: "r")
                }
                d.disqualifiers = many
                return ("disqualifiers", .tooMany)
            case .reasonControl:
                d.disqualifiers[0].reason = "why\u{1B}"
                return ("disqualifiers[0].reason", .controlCharacter)
            case .committeeTooMany:
                let many: [CommitteeRole] = (0...InputLimits.committeeSeats).map { _ in CommitteeRole(kind: .user, pain: "p") }
                d.committee = many
                return ("committee", .tooMany)
            case .painLong:
                d.committee[0].pain = String(repeating: "p", count: InputLimits.ruleTextLength + 1)
                return ("committee[0].pain", .tooLong)
            }
        }
    }

    @Test("a definition over any limit is refused with the field's path", arguments: Breach.allCases)
    func definitionLimits(_ breach: Breach) {
        var d = SampleICPs.boardReporting()
        let (path, code) = breach.apply(to: &d)
        let errors = d.validate()
        #expect(errors.contains { $0.path == path && $0.code == code }, "\(errors)")
    }

    @Test("every free text a command carries is checked")
    func commandTexts() throws {
        let h = try WorkflowHarness.published()
        try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(), rationale: "why", evidence: []), Fixtures.alice, .editor)
        #expect(
            codes {
                try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(40), rationale: Self.long, evidence: []), Fixtures.alice, .editor)
            } == [.tooLong])
        #expect(codes { try h.run(.approveRevision(2, comment: "ok\u{1B}]0;pwned\u{7}"), Fixtures.bob, .approver) } == [.controlCharacter])
        #expect(codes { try h.run(.rejectRevision(2, reason: Self.long), Fixtures.bob, .approver) } == [.tooLong])
        #expect(codes { try h.run(.recordQuarterlyReview(outcome: .reaffirmed, notes: "n\u{0}"), Fixtures.alice, .editor) } == [.controlCharacter])
        #expect(codes { try h.run(.retire(reason: Self.long), Fixtures.bob, .approver) } == [.tooLong])
        #expect(
            codes {
                try h.run(
                    .emergencyPublish(2, effectiveOn: CalendarDay(year: 2024, month: 6, day: 2)!, justification: Self.bidi), Fixtures.dave, .admin)
            } == [.controlCharacter])
        // Evidence: a bounded list of findings and http(s) documents.
        for url in ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/x", "https://"] {
            let refs: [EvidenceRef] = [.document(try #require(URL(string: url)))]
            #expect(
                codes {
                    try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(41), rationale: "r", evidence: refs), Fixtures.alice, .editor)
                } == [.invalidReference], "\(url)")
        }
        let many = (0...InputLimits.evidenceReferences).map { _ in EvidenceRef.finding(FindingID()) }
        #expect(
            codes { try h.run(.proposeRevision(changes: WorkflowHarness.weightChange(42), rationale: "r", evidence: many), Fixtures.alice, .editor) }
                == [.tooMany])
        try h.run(
            .proposeRevision(
                changes: WorkflowHarness.weightChange(43), rationale: "r",
                evidence: [.document(try #require(URL(string: "https://example.com/deck")))]), Fixtures.alice, .editor)
    }

    @Test(
        "days outside what a date column holds are refused, however they arrive",
        arguments: [
            CalendarDay(unchecked: 0, 6, 1), CalendarDay(unchecked: -5, 1, 1), CalendarDay(unchecked: 10_000, 1, 1),
        ])
    func unstorableDays(_ day: CalendarDay) throws {
        let h = WorkflowHarness()
        try h.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: Fixtures.alice, definition: SampleICPs.boardReporting()),
            Fixtures.alice, .editor)
        try h.run(.approveRevision(1), Fixtures.bob, .approver)
        #expect(codes { try h.run(.publishRevision(1, effectiveOn: day, backdated: true), Fixtures.carol, .editor) } == [.outOfRange])
        #expect(
            codes { try h.run(.emergencyPublish(1, effectiveOn: day, justification: "now", backdated: true), Fixtures.dave, .admin) } == [.outOfRange]
        )
        try h.run(.publishRevision(1, effectiveOn: CalendarDay(year: 9999, month: 12, day: 31)!), Fixtures.carol, .editor)
        #expect(codes { try h.run(.flagStale(dueOn: day), Fixtures.carol, .editor) } == [.outOfRange])
        // An event that carries such a day anyway (stored before the rule) is named by the storage check.
        let event = DomainEvent.revisionPublished(
            RevisionPublished(
                icpId: Fixtures.icpId, revision: 1, effectiveOn: day,
                publishedBy: Fixtures.carol, publishedAt: Timestamp(Fixtures.now)))
        #expect(event.storageViolation?.contains("effectiveOn") == true)
    }

    @Test("an effective day before the proposal needs an explicit backdating")
    func backdating() throws {
        let h = WorkflowHarness()
        try h.run(
            .draft(id: Fixtures.icpId, workspaceId: Fixtures.workspaceId, owner: Fixtures.alice, definition: SampleICPs.boardReporting()),
            Fixtures.alice, .editor)
        try h.run(.approveRevision(1), Fixtures.bob, .approver)
        let before = CalendarDay(year: 2024, month: 5, day: 31)!
        #expect(codes { try h.run(.publishRevision(1, effectiveOn: before), Fixtures.carol, .editor) } == [.backdated])
        try h.run(.publishRevision(1, effectiveOn: before, backdated: true), Fixtures.carol, .editor)
        #expect(h.state?.revision(1)?.effectiveOn == before)
    }

    @Test("findings: bounded texts, metrics and revision numbers")
    func findings() {
        func record(_ summary: String = "s", metrics: [String: Double] = [:], notes: String? = nil) -> [ValidationError.Code] {
            codes {
                try FindingDecider.decide(
                    nil,
                    .record(
                        id: Fixtures.findingId, workspaceId: Fixtures.workspaceId, auditType: .pipeline,
                        summary: summary, severity: .low, metrics: metrics, recommendation: "r",
                        icpId: nil, notesRef: notes), Fixtures.context(Fixtures.alice, .editor))
            }
        }
        #expect(record() == [])
        #expect(record(Self.long) == [.tooLong])
        #expect(record(metrics: ["custom.win\u{1B}rate": 1]) == [.controlCharacter])
        #expect(record(metrics: ["custom.winRate": 1e200]) == [.outOfRange])
        #expect(record(metrics: Dictionary(uniqueKeysWithValues: (0...InputLimits.metrics).map { ("custom.m\($0)", 1.0) })) == [.tooMany])
        #expect(record(notes: "notes\n2") == [.controlCharacter])
        let recorded = FindingState(
            id: Fixtures.findingId, workspaceId: Fixtures.workspaceId, auditType: .pipeline, summary: "s",
            severity: .low, metrics: [:], recommendation: "r", icpId: nil, notesRef: nil, resolution: nil)
        let huge = codes {
            try FindingDecider.decide(
                recorded, .resolve(.revision(icpId: Fixtures.icpId, number: Int(Int32.max) + 1)),
                Fixtures.context(Fixtures.alice, .editor))
        }
        #expect(huge == [ValidationError.Code.invalidRange])
    }

    @Test("workspace names: one line, bounded, stored without surrounding spaces")
    func workspaceNames() throws {
        let context = Fixtures.context(Fixtures.alice, nil)
        let events = try WorkspaceDecider.decide(
            nil, .create(id: Fixtures.workspaceId, name: "  Acme  ", timeZone: "UTC", fiscalYearStartMonth: 1), context)
        guard case .workspaceCreated(let created) = events.first else {
            Issue.record("not created")
            return
        }
        #expect(created.name == "Acme")
        let badName = codes {
            try WorkspaceDecider.decide(nil, .create(id: Fixtures.workspaceId, name: Self.esc, timeZone: "UTC", fiscalYearStartMonth: 1), context)
        }
        #expect(badName == [.controlCharacter])
        let badZone = codes {
            try WorkspaceDecider.decide(
                nil, .create(id: Fixtures.workspaceId, name: "a", timeZone: "Europe/\u{1B}x", fiscalYearStartMonth: 1), context)
        }
        #expect(badZone == [.controlCharacter])
    }
}
