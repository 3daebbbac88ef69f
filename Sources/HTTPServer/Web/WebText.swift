import Foundation
import ICPDomain
import ICPFile
import ICPLedger

/// The words and numbers the pages show: moments in the workspace's time zone, days left, event
/// names, rules and evidence. Plain text only; the templates escape it.
enum WebText {
    /// A Gregorian calendar in the zone, made once per page for ``moment(_:in:)``.
    static func calendar(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `2026-12-03 14:05` in the calendar's zone.
    static func moment(_ date: Date, in calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// "in 12 days", "today", "3 days overdue".
    static func daysLeft(_ days: Int?) -> String {
        guard let days else { return "" }
        switch days {
        case 0: return "today"
        case 1: return "tomorrow"
        case 2...: return "in \(days) days"
        case -1: return "1 day overdue"
        default: return "\(-days) days overdue"
        }
    }

    /// `RevisionProposed` → "Revision proposed"; `ICPDrafted` → "ICP drafted".
    static func eventName(_ type: String) -> String {
        var words: [String] = []
        var current = ""
        let characters = Array(type)
        for (index, character) in characters.enumerated() {
            let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
            if character.isUppercase, !current.isEmpty, current.last?.isLowercase == true || nextIsLower {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        let sentence = words.enumerated().map { index, word in
            index == 0 || word.allSatisfy(\.isUppercase) ? word : word.lowercased()
        }
        return sentence.joined(separator: " ")
    }

    /// An audit as people name it: "Win-loss audit".
    static func audit(_ type: AuditType) -> String {
        switch type {
        case .customer: "Customer audit"
        case .pipeline: "Pipeline audit"
        case .message: "Message audit"
        case .winLoss: "Win-loss audit"
        case .expansion: "Expansion audit"
        }
    }

    struct Evidence {
        var text: String
        /// A link for documents (http and https only) and findings; nil otherwise.
        var href: String?
    }

    static func evidence(_ reference: EvidenceRef, workspace: WorkspaceID) -> Evidence {
        switch reference {
        case .finding(let id): return Evidence(text: "finding \(id)", href: "/w/\(workspace)/findings?finding=\(id)")
        case .document(let url):
            let scheme = url.scheme?.lowercased()
            return Evidence(text: url.absoluteString, href: scheme == "https" || scheme == "http" ? url.absoluteString : nil)
        }
    }

    /// The evidence lines of a form: one reference per line, blank lines skipped.
    static func evidenceList(_ text: String?) throws -> [EvidenceRef] {
        guard let text else { return [] }
        var references: [EvidenceRef] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let reference = EvidenceRef(reference: trimmed) else {
                throw Problem.invalid(
                    "Evidence is a finding id or an https:// link, one per line; '\(TextEscaping.visible(trimmed, limit: 80))' is neither.",
                    errors: [.init(field: "evidence", code: "invalidValue", message: "Not a finding id or a link.")])
            }
            references.append(reference)
        }
        return references
    }
}
