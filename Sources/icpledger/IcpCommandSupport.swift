import Foundation
import ICPDomain
import ICPLedger
import LedgerDatabase
import Logging
import Postgres

/// Aligned plain-text tables for people at a terminal.
struct TextTable {
    var headers: [String]
    var rows: [[String]]

    func render() -> String {
        // Cells are escaped before they are measured, so columns stay aligned whatever the text holds.
        let headers = headers.map { TextEscaping.visible($0) }
        let rows = rows.map { $0.map { TextEscaping.visible($0) } }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        return ([line(headers), line(widths.map { String(repeating: "─", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}

enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func day(_ date: Date?, _ zone: TimeZone) -> String {
        date.map { CalendarDay($0, in: zone).description } ?? "—"
    }

    /// Shortens long text for a table cell.
    static func clip(_ text: String, _ width: Int = 60) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

/// Names for principal ids, for display.
struct PrincipalNames {
    let names: [PrincipalID: String]

    subscript(_ id: PrincipalID?) -> String {
        guard let id else { return "—" }
        return names[id] ?? String(id.rawValue.prefix(8))
    }
}
