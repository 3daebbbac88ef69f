/// The finding aggregate: audit findings and their resolution.
public enum FindingDecider: Decider {
    public typealias State = FindingState?
    public typealias Command = FindingCommand

    public static var initialState: FindingState? { nil }

    public static func decide(_ state: FindingState?, _ command: FindingCommand, _ context: DecisionContext) throws(DomainError) -> [DomainEvent] {
        switch command {
        case .record(let id, let workspaceId, let auditType, let summary, let severity, let metrics, let recommendation, let icpId, let notesRef):
            guard state == nil else { throw .alreadyExists("Finding \(id)") }
            try context.require(.editor, to: "record a finding")
            var errors = CommandInput.explanation(summary, at: "summary", ifBlank: "Summarise what the audit found.")
            errors += TextRule.text.problems(recommendation, at: "recommendation")
            errors += ICPDefinition.checkCount(metrics.count, InputLimits.metrics, at: "metrics", "metrics")
            for key in metrics.keys.sorted() {
                if key.trimmed.isEmpty { errors.append(.init(.empty, at: "metrics", "A metric needs a name.")) }
                errors += TextRule.key.problems(key, at: "metrics.\(TextEscaping.visible(key, limit: InputLimits.keyLength))")
                if let value = metrics[key] {
                    if !value.isFinite {
                        errors.append(.init(.invalidRange, at: "metrics.\(key)", "Metric values must be finite numbers."))
                    } else {
                        errors += ICPDefinition.checkMagnitude(value, at: "metrics.\(key)")
                    }
                }
            }
            errors += auditType.problems(in: metrics)
            if let notesRef {
                if notesRef.trimmed.isEmpty { errors.append(.init(.empty, at: "notesRef", "Leave notesRef out rather than blank.")) }
                errors += TextRule.notesReference.problems(notesRef, at: "notesRef")
            }
            if !errors.isEmpty { throw .invalid(errors) }
            return [
                .findingRecorded(
                    FindingRecorded(
                        findingId: id, workspaceId: workspaceId, auditType: auditType, summary: summary, severity: severity,
                        metrics: metrics, recommendation: recommendation, icpId: icpId, notesRef: notesRef,
                        recordedBy: context.actor, recordedAt: context.timestamp))
            ]
        case .resolve(let resolution):
            guard let state else { throw .notFound("The finding") }
            try context.require(.editor, to: "resolve a finding")
            guard !state.isResolved else { throw .findingAlreadyResolved }
            switch resolution {
            case .decision(let text):
                let errors = CommandInput.explanation(text, at: "resolution.text", ifBlank: "Record the decision taken.")
                if !errors.isEmpty { throw .invalid(errors) }
            case .revision(_, let number) where number < 1 || !StorageLimits.canStore(number):
                throw .invalid([.init(.invalidRange, at: "resolution.revision", "Revision numbers run from 1 to \(Int32.max).")])
            case .revision:
                break
            }
            return [
                .findingResolved(
                    FindingResolved(findingId: state.id, resolution: resolution, resolvedBy: context.actor, resolvedAt: context.timestamp))
            ]
        }
    }

    public static func evolve(_ state: FindingState?, _ event: DomainEvent) -> FindingState? {
        switch event {
        case .findingRecorded(let e):
            guard state == nil else { return state }
            return FindingState(
                id: e.findingId, workspaceId: e.workspaceId, auditType: e.auditType, summary: e.summary,
                severity: e.severity, metrics: e.metrics, recommendation: e.recommendation,
                icpId: e.icpId, notesRef: e.notesRef, resolution: nil)
        case .findingResolved(let e):
            guard var s = state, s.id == e.findingId else { return state }
            s.resolution = e.resolution
            return s
        default:
            return state
        }
    }
}
