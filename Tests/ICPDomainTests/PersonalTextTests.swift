import ICPDomain
import Testing

@Suite("Free text in events")
struct PersonalTextMappingTests {
    /// The sample of a kind, with its optional free text filled in.
    func sample(_ kind: EventKind) -> DomainEvent {
        switch Fixtures.sample(kind) {
        case .revisionApproved(var e):
            e.comment = "Checked against the data."
            return .revisionApproved(e)
        case .findingResolved(var e):
            e.resolution = .decision("Accepted for this quarter.")
            return .findingResolved(e)
        case let other:
            return other
        }
    }

    @Test("replacingErasableText replaces exactly the erasable fields and keeps every other one", arguments: EventKind.allCases)
    func mapping(_ kind: EventKind) throws {
        let event = sample(kind)
        let replaced = event.replacingErasableText { field, _ in "ref:" + field }
        let before = event.writtenText, after = replaced.writtenText
        #expect(before.map(\.field) == after.map(\.field))
        for (old, new) in zip(before, after) {
            #expect(new.text == (old.isErasable ? "ref:" + old.field : old.text))
        }
        // Nothing but the free text changes: with the words put back, the event is the same.
        let restored = replaced.replacingErasableText { field, _ in before.first { $0.field == field }?.text ?? "" }
        #expect(restored == event)
    }

    @Test("the kinds whose people's words are erasable")
    func erasableKinds() {
        let erasable = EventKind.allCases.filter { kind in sample(kind).writtenText.contains(where: \.isErasable) }
        #expect(
            Set(erasable) == [
                .revisionApproved, .revisionRejected, .revisionEmergencyPublished, .afterTheFactReviewCompleted,
                .quarterlyReviewRecorded, .icpRetired, .findingResolved,
            ])
    }
}
