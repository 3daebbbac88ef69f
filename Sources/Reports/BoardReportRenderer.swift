import Foundation
import ICPDomain
import Mustache

/// Renders a ``BoardReport`` as JSON (for tools), Markdown, or a self-contained HTML page with SVG
/// charts and print styles. Markdown and HTML come from templates (``BoardReportTemplates``) filled
/// with a view of the report; every text a person wrote is escaped for the format it lands in.
public enum BoardReportRenderer {
    /// The formats a report is rendered in.
    public enum Format: String, Sendable, CaseIterable {
        case json, md, html

        /// The media type of the rendered bytes.
        public var contentType: String {
            switch self {
            case .json: "application/json"
            case .md: "text/markdown; charset=utf-8"
            case .html: "text/html; charset=utf-8"
            }
        }
    }

    /// One report in a format.
    public static func render(_ report: BoardReport, as format: Format) -> String {
        switch format {
        case .json: json(report)
        case .md: markdown([report])
        case .html: html([report])
        }
    }

    /// Several workspaces' reports as one (the fractional CMO's across their clients): JSON wraps
    /// them in `{"format": "icpledger.board-portfolio/1", "reports": […]}`; Markdown and HTML put
    /// them one after another under one title.
    public static func render(_ reports: [BoardReport], as format: Format) -> String {
        switch format {
        case .json: json(Portfolio(reports: reports))
        case .md: markdown(reports)
        case .html: html(reports)
        }
    }

    struct Portfolio: Encodable {
        var format = "icpledger.board-portfolio/1"
        var reports: [BoardReport]
    }

    /// A report as JSON: keys sorted, dates in ISO 8601.
    public static func json(_ report: BoardReport) -> String { json(report as any Encodable) }

    static func json(_ value: any Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain structs of strings and numbers cannot fail.
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reports as Markdown.
    public static func markdown(_ reports: [BoardReport]) -> String {
        templates.markdown.render(PageView(reports, escape: MarkdownText.cell))
    }

    /// Reports as one HTML page with its styles inline and no script.
    public static func html(_ reports: [BoardReport]) -> String {
        templates.html.render(PageView(reports, escape: { VisibleText.line($0) }))
    }

    struct Templates: Sendable {
        let markdown: MustacheTemplate
        let html: MustacheTemplate
    }

    /// Parsed once. The templates are part of the program: one that does not parse is a bug the tests catch.
    static let templates: Templates = {
        do {
            return Templates(
                markdown: try MustacheTemplate(string: BoardReportTemplates.markdown), html: try MustacheTemplate(string: BoardReportTemplates.html))
        } catch {
            fatalError("a board report template does not parse: \(error)")
        }
    }()
}

/// Texts made safe for one line of a page: control characters (line breaks included) become spaces,
/// other invisible formatting characters are dropped. HTML escaping is the template's.
enum VisibleText {
    static func line(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: out.append(" ")
            case .format where scalar.value != 0x200D: break  // bidi overrides and the like; keep the emoji joiner
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

/// Markdown escaping for text in a table cell or a line: no character a person typed can start a
/// link, emphasis, heading, HTML tag or a new cell.
enum MarkdownText {
    static func cell(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in VisibleText.line(text) {
            switch character {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", "!", "|", "~", ">", "<", "&":
                out.append("\\")
                out.append(character)
            default: out.append(character)
            }
        }
        return out
    }
}

/// Numbers as the report shows them.
enum ReportNumbers {
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f%%", value)
    }

    static func points(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        let rounded = (value * 10).rounded() / 10
        return rounded == 0 ? "0.0 pp" : String(format: "%+.1f pp", rounded)
    }

    static func distance(_ value: Double) -> String { String(format: "%.2f", value) }

    static func metric(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
    }

    static func day(_ date: Date, in zone: TimeZone) -> String { CalendarDay(date, in: zone).description }
}
