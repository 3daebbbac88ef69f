import ByteText
import ICPDomain

// The text of `pipeline_snapshot_chunks.rows` and of the two structured fields of each row in it,
// each written and read in one place.

/// A chunk of snapshot rows: one line per row, each ending in a line feed, its fields separated by
/// tabs — row number, label, owner, stage, amount, fields (``SnapshotFieldsText``), scores
/// (``FrozenScoreText``) — escaped as COPY's text format escapes them: a backslash before `\`, tab
/// (`t`), line feed (`n`), carriage return (`r`) and NUL (`0`), and `\N` for a field with no value.
enum SnapshotChunkText {
    /// One stored row, its fields as written.
    struct Row: Equatable {
        var row: Int
        var label: String?
        var owner: String?
        var stage: String?
        var amount: Double?
        var fields: String
        var scores: String
    }

    /// Appends text, escaped; nil as `\N`.
    static func append(_ text: String?, to out: inout [UInt8]) {
        guard var text else {
            out.append(0x5C)
            out.append(UInt8(ascii: "N"))
            return
        }
        text.withUTF8 { appendEscaped($0, to: &out) }
    }

    /// Appends bytes, escaped.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var clean = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte == 0x5C || byte == 9 || byte == 10 || byte == 13 || byte == 0 else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
            out.append(0x5C)
            out.append(
                byte == 0x5C
                    ? 0x5C : byte == 9 ? UInt8(ascii: "t") : byte == 10 ? UInt8(ascii: "n") : byte == 13 ? UInt8(ascii: "r") : UInt8(ascii: "0"))
            clean = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean...]))
    }

    /// The rows of a chunk, in order; nil when the text is not a chunk.
    static func rows(_ chunk: String) -> [Row]? {
        var chunk = chunk
        return chunk.withUTF8 { bytes -> [Row]? in
            var rows: [Row] = []
            var lineStart = 0
            while lineStart < bytes.count {
                guard let end = bytes[lineStart...].firstIndex(of: 10) else { return nil }
                var fields: [String?] = []
                var fieldStart = lineStart
                for index in lineStart...end where index == end || bytes[index] == 9 {
                    guard let field = unescaped(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index])) else { return nil }
                    fields.append(field)
                    fieldStart = index + 1
                }
                guard fields.count == 7, let row = fields[0].flatMap({ Int($0) }), let fieldsText = fields[5], let scores = fields[6] else {
                    return nil
                }
                let amount: Double?
                if let text = fields[4] {
                    guard let number = Double(text) else { return nil }
                    amount = number
                } else {
                    amount = nil
                }
                rows.append(Row(row: row, label: fields[1], owner: fields[2], stage: fields[3], amount: amount, fields: fieldsText, scores: scores))
                lineStart = end + 1
            }
            return rows
        }
    }

    /// Calls `body` with each row's amount and its fields' text (``SnapshotFieldsText``) with the
    /// COPY escapes undone, reading the chunk's bytes in place (no text is made of the rest of the
    /// row); false when the bytes are not a chunk. `scratch` holds a field that had escapes.
    static func forEachFields(
        _ chunk: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8], _ body: (Double?, UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        var lineStart = 0
        let count = chunk.count
        while lineStart < count {
            // The tabs before the amount (4th), the fields (5th) and the scores (6th).
            var tabs = (0, 0, 0, 0, 0, 0)
            var found = 0
            var index = lineStart
            while index < count && chunk[index] != 10 {
                if chunk[index] == 9 {
                    switch found {
                    case 0: tabs.0 = index
                    case 1: tabs.1 = index
                    case 2: tabs.2 = index
                    case 3: tabs.3 = index
                    case 4: tabs.4 = index
                    case 5: tabs.5 = index
                    default: return false
                    }
                    found += 1
                }
                index += 1
            }
            guard index < count, found == 6 else { return false }
            let amountText = UnsafeBufferPointer(rebasing: chunk[(tabs.3 + 1)..<tabs.4])
            var amount: Double? = nil
            if !(amountText.count == 2 && amountText[0] == 0x5C && amountText[1] == UInt8(ascii: "N")) {
                guard let number = Double(String(decoding: amountText, as: UTF8.self)) else { return false }
                amount = number
            }
            let fields = UnsafeBufferPointer(rebasing: chunk[(tabs.4 + 1)..<tabs.5])
            if fields.contains(0x5C) {
                guard case .some(.some(let text)) = unescaped(fields) else { return false }
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: text.utf8)
                scratch.withUnsafeBufferPointer { body(amount, $0) }
            } else {
                body(amount, fields)
            }
            lineStart = index + 1
        }
        return true
    }

    /// One field's text with its escapes undone: `.some(nil)` for `\N`, nil for a bad escape.
    static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        if bytes.count == 2 && bytes[0] == 0x5C && bytes[1] == UInt8(ascii: "N") { return .some(nil) }
        guard bytes.contains(0x5C) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x5C else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { return nil }
            switch bytes[index + 1] {
            case 0x5C: out.append(0x5C)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "0"): out.append(0)
            default: return nil
            }
            index += 2
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The fields of a snapshot row: a JSON array of strings, as the import writes it.
enum SnapshotFieldsText {
    /// Appends a row's fields, escaped for a chunk (``SnapshotChunkText``: every backslash doubled,
    /// as JSON leaves no tab, line break or NUL unescaped); the one at `blank` (the owner's) is
    /// written empty.
    static func appendToChunk(_ fields: CSVRecord, blanking blank: Int?, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for index in 0..<fields.count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            if index != blank { JSONString.appendEscaped(fields[index], doublingBackslashes: true, to: &out) }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Reads a row's fields as a ``CSVRecord`` does: their bytes one after another in `bytes`, where
    /// each ends in `ends` (both cleared first). False when the text is not a row's fields.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8], ends: inout [Int]) -> Bool {
        guard !text.isEmpty else { return false }
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        guard text.first == UInt8(ascii: "["), text.last == UInt8(ascii: "]") else { return false }
        var i = 1
        let end = text.count - 1
        while i < end {
            guard text[i] == UInt8(ascii: "\"") else { return false }
            var j = i + 1
            var escaped = false
            while j < end && text[j] != UInt8(ascii: "\"") {
                if text[j] == 0x5C {
                    escaped = true
                    j += 2
                } else {
                    j += 1
                }
            }
            guard j < end else { return false }
            let contents = UnsafeBufferPointer(rebasing: text[(i + 1)..<j])
            if escaped {
                guard let field = JSONString.unescape(contents) else { return false }
                bytes.append(contentsOf: field.utf8)
            } else {
                bytes.append(contentsOf: contents)
            }
            ends.append(bytes.count)
            i = j + 1
            if i < end {
                guard text[i] == UInt8(ascii: ",") else { return false }
                i += 1
            }
        }
        return true
    }

    static func parse(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
            var fields: [String] = []
            var i = 1
            let end = bytes.count - 1
            while i < end {
                guard bytes[i] == UInt8(ascii: "\"") else { return nil }
                var j = i + 1
                while j < end && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == 0x5C ? 2 : 1 }
                guard j < end, let field = JSONString.unescape(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])) else { return nil }
                fields.append(field)
                i = j + 1
                if i < end {
                    guard bytes[i] == UInt8(ascii: ",") else { return nil }
                    i += 1
                }
            }
            return fields
        }
    }
}

/// The `scores` column of a snapshot row: per target, `score tier outcomes`, separated by `;`.
enum FrozenScoreText {
    /// Appends a row's scores, one per target in order.
    static func append(_ scores: [FrozenScore], to out: inout [UInt8]) {
        for (index, score) in scores.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            DecimalText.append(score.score, to: &out)
            out.append(0x20)
            out.append(contentsOf: score.tier.rawValue.utf8)
            out.append(0x20)
            out.append(contentsOf: score.outcomes.utf8)
        }
    }

    static func parse(_ text: String, targets: [SnapshotTarget]) -> [FrozenScore?] {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        return targets.enumerated().map { index, target in
            guard index < parts.count else { return nil }
            let fields = parts[index].split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, let score = Double(fields[0]), let tier = Tier(rawValue: String(fields[1])) else { return nil }
            let outcomes = String(fields[2])
            return FrozenScore(revision: target.revision, score: score, tier: tier, qualified: !outcomes.contains("d"), outcomes: outcomes)
        }
    }
}

/// Numbers written as text for PostgreSQL, without making a string for the common ones.
enum DecimalText {
    /// An integer in decimal digits.
    static func append(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[19 - count] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            out.append(contentsOf: digits[(20 - count)...])
        }
    }

    /// A double as PostgreSQL reads back the same value: whole numbers below 10¹⁵ as integers, the
    /// rest as Swift's shortest round-trip text.
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            if value == 0 && value.sign == .minus {
                out.append(contentsOf: "-0".utf8)
            } else {
                append(Int(value), to: &out)
            }
            return
        }
        out.append(contentsOf: value.description.utf8)
    }
}
