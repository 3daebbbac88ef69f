public import Foundation

/// Checks an ICP against the common ways ICPs go wrong. Pure: definition + context in, warnings out,
/// sorted by code.
public enum ICPLinter {
    /// ICP006 fires above this many committee roles. A committee bigger than five seats usually means
    /// the team has listed everyone it has ever met rather than who decides.
    public static let maxCommitteeRoles = 5

    /// Words that mark an attribute key as a size measure, for ICP001. Keys are split into words at
    /// camel-case humps and non-letters (`employeeBand` → employee, band).
    public static let sizeKeyWords: Set<String> = ["employee", "employees", "headcount", "revenue", "size", "band", "arr", "fte", "seats"]

    /// Lints a definition.
    public static func lint(_ definition: ICPDefinition, context: LintContext = LintContext()) -> [LintWarning] {
        var warnings: [LintWarning] = []
        let fit = definition.signals.fit
        if !fit.isEmpty && fit.allSatisfy({ isSizeKey($0.key) }) {
            warnings.append(
                LintWarning(
                    .sizeBandOnly,
                    "All \(fit.count) fit signal(s) measure company size; size says how big a customer is, not why it buys."))
        }
        if fit.isEmpty && !definition.committee.isEmpty {
            warnings.append(
                LintWarning(
                    .personaOnly,
                    "The ICP names buyer roles but no company conditions, so any company with such a title would qualify."))
        }
        if definition.disqualifiers.isEmpty {
            warnings.append(LintWarning(.noDisqualifiers, "Nothing excludes an account, so every company is a potential fit."))
        }
        if definition.signals.economic.isEmpty && definition.signals.retention.isEmpty {
            warnings.append(
                LintWarning(
                    .noEconomicOrRetention,
                    "No economic or retention signals: the ICP says who could buy, not who is worth winning and keeping."))
        }
        if definition.signals.trigger.isEmpty {
            warnings.append(LintWarning(.noBuyingTrigger, "No buying trigger: the ICP describes budget but never timing."))
        }
        if definition.committee.count > maxCommitteeRoles {
            warnings.append(
                LintWarning(
                    .tooManyPersonas,
                    "\(definition.committee.count) committee roles; more than \(maxCommitteeRoles) dilutes messaging and qualification."))
        }
        let missing = StatementElement.missing(in: definition.statement)
        if !missing.isEmpty {
            warnings.append(
                LintWarning(
                    .statementMissingElements,
                    "The statement does not name: " + missing.map(\.rawValue).joined(separator: ", ") + "."))
        }
        if definition.mode == .experimental && context.usedAsOperating {
            warnings.append(
                LintWarning(
                    .experimentalUsedAsOperating,
                    "This definition is an experiment, yet it is being used to run the business."))
        }
        if let revision = context.revision, revision > 1, context.evidence.isEmpty {
            warnings.append(LintWarning(.revisionWithoutEvidence, "Revision \(revision) cites no finding or document."))
        }
        if case .overdue(let days)? = context.reviewStatus {
            warnings.append(LintWarning(.reviewOverdue, "The review is \(days) day(s) overdue; the ICP may describe last quarter's market."))
        }
        return warnings.sorted { $0.code < $1.code }
    }

    /// Lints the published revision of an ICP (or its newest revision while nothing is published),
    /// taking evidence and review status from the state.
    /// `number` lints that revision instead.
    public static func lint(
        _ state: ICPState, revision number: Int? = nil, calendar: FiscalCalendar, now: Date, usedAsOperating: Bool = false
    ) -> [LintWarning] {
        guard let revision = number.map(state.revision) ?? state.publishedRevision.flatMap(state.revision) ?? state.revisions.last else {
            return []
        }
        let context = LintContext(
            usedAsOperating: usedAsOperating, revision: revision.number, evidence: revision.evidence,
            reviewStatus: state.reviewStatus(in: calendar, now: now))
        return lint(revision.definition, context: context)
    }

    static func isSizeKey(_ key: String) -> Bool {
        var words: [String] = []
        var current = ""
        for ch in key {
            if !ch.isLetter {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if ch.isUppercase, let last = current.last, last.isLowercase {
                words.append(current)
                current = String(ch)
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.contains { sizeKeyWords.contains($0.lowercased()) }
    }
}
