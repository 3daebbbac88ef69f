import Foundation

/// Checks of the free inputs that commands carry besides a definition: texts, evidence, days.
enum CommandInput {
    /// A required explanation (rationale, reason, justification, comment): not blank, within ``TextRule/text``.
    static func explanation(_ text: String, at path: String, ifBlank message: String) -> [ValidationError] {
        (text.trimmed.isEmpty ? [ValidationError(.empty, at: path, message)] : []) + TextRule.text.problems(text, at: path)
    }

    /// Evidence: at most ``InputLimits/evidenceReferences``; documents only as http or https URLs with a host.
    static func evidence(_ refs: [EvidenceRef]) -> [ValidationError] {
        var errors = ICPDefinition.checkCount(refs.count, InputLimits.evidenceReferences, at: "evidence", "evidence references")
        for (index, ref) in refs.enumerated() {
            guard case .document(let url) = ref else { continue }
            let path = "evidence[\(index)]"
            let text = url.absoluteString
            errors += TextRule(maxLength: InputLimits.urlLength, multiline: false).problems(text, at: path)
            let scheme = url.scheme?.lowercased()
            if scheme != "http" && scheme != "https" || (url.host ?? "").isEmpty {
                errors.append(
                    .init(
                        .invalidReference, at: path,
                        "Evidence documents are http or https links with a host; '\(TextEscaping.visible(text, limit: 80))' is not."))
            }
        }
        return errors
    }

    /// A day the read models can store.
    static func storable(_ day: CalendarDay, at path: String) -> [ValidationError] {
        StorageLimits.canStore(day)
            ? []
            : [.init(.outOfRange, at: path, "Days must lie between 0001-01-01 and 9999-12-31; \(day) does not.")]
    }

    /// An effective day: storable, and not before the day the revision was proposed unless backdating was asked for.
    static func effectiveDay(_ day: CalendarDay, of revision: Revision, backdated: Bool, context: DecisionContext) -> [ValidationError] {
        let storable = storable(day, at: "effectiveOn")
        if !storable.isEmpty { return storable }
        let proposedOn = context.day(of: revision.proposedAt)
        if day < proposedOn && !backdated {
            return [
                .init(
                    .backdated, at: "effectiveOn",
                    "Revision \(revision.number) was proposed on \(proposedOn); an effective day of \(day) lies before it. "
                        + "Publish it as backdated if that is what you mean.")
            ]
        }
        return []
    }
}
