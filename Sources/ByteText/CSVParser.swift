/// A streaming CSV reader (RFC 4180, as spreadsheets and CRM exports write it): fields separated by
/// `,`, `;` or tab, quoted with `"` when they hold a separator, a quote (doubled) or a line break;
/// records end with CRLF, LF or a lone CR. A UTF-8 byte order mark at the start is skipped, and so
/// are blank lines. Bytes are fed in chunks of any size (a record may span chunks), so a file is
/// read without being held whole.
///
/// It is strict where a lenient reader would guess: a quote inside an unquoted field, text after a
/// closing quote, a quote left open at the end, bytes that are not UTF-8 and over-long fields are
/// errors naming the line, never silently different data.
public struct CSVParser {
    /// The separator byte.
    public let separator: UInt8
    /// The longest field accepted, in bytes.
    public let maxFieldBytes: Int
    /// The most fields accepted in one record.
    public let maxFields: Int

    enum State {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted
    }

    var state = State.recordStart
    var field: [UInt8] = []
    var fields: [String] = []
    var sawCR = false
    var atStart = true
    var bomBytes = 0
    /// The physical line being read (1-based).
    public private(set) var line = 1
    var recordLine = 1

    public init(separator: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int = 1 << 20, maxFields: Int = 10_000) {
        self.separator = separator
        self.maxFieldBytes = maxFieldBytes
        self.maxFields = maxFields
    }

    /// The separator a file uses, judged from its first line: whichever of `,`, `;` and tab occurs
    /// most outside quotes (`,` on a tie or when none does).
    public static func detectSeparator(_ prefix: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for byte in prefix {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted && (byte == 0x0A || byte == 0x0D) {
                break
            } else if !quoted, let count = counts[byte] {
                counts[byte] = count + 1
            }
        }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key != UInt8(ascii: ",") && b.key == UInt8(ascii: ",") }
        return (best?.value ?? 0) > 0 ? best!.key : UInt8(ascii: ",")
    }

    /// One record written as CSV (RFC 4180): a field holding the separator, a quote, a line break or
    /// leading or trailing spaces is quoted, its quotes doubled; the line ends with CRLF.
    public static func line(_ fields: [String], separator: Character = ",") -> String {
        fields.map { field in
            let quote =
                field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r") || field.hasPrefix(" ")
                || field.hasSuffix(" ")
            return quote ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: String(separator)) + "\r\n"
    }

    /// Reads a chunk, calling `record` with each record completed in it and the line it began on.
    public mutating func parse(_ chunk: UnsafeBufferPointer<UInt8>, record: ([String], Int) throws -> Void) throws {
        for byte in chunk {
            if atStart {
                // A byte order mark (EF BB BF) before anything else is not data.
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if byte == bom[bomBytes] {
                    bomBytes += 1
                    if bomBytes == 3 { atStart = false }
                    continue
                }
                atStart = false
                if bomBytes > 0 {
                    let partial = Array(bom.prefix(bomBytes))
                    bomBytes = 0
                    for early in partial { try consume(early, record) }
                }
            }
            try consume(byte, record)
        }
    }

    /// Ends the input: a record without a final line break is completed; an open quote is an error.
    public mutating func finish(record: ([String], Int) throws -> Void) throws {
        if atStart && bomBytes > 0 {
            let partial = Array([UInt8]([0xEF, 0xBB, 0xBF]).prefix(bomBytes))
            atStart = false
            bomBytes = 0
            for byte in partial { try consume(byte, record) }
        }
        switch state {
        case .quoted:
            throw CSVError(line: recordLine, "a quoted field is never closed (it opens on line \(recordLine))")
        case .recordStart:
            break
        case .fieldStart, .unquoted, .quoteInQuoted:
            try endField()
            try endRecord(record)
        }
    }

    /// Every record of a whole text, with the line each began on; the separator is detected unless given.
    public static func records(_ bytes: [UInt8], separator: UInt8? = nil) throws -> [(fields: [String], line: Int)] {
        var result: [(fields: [String], line: Int)] = []
        try bytes.withUnsafeBufferPointer { buffer in
            let body =
                buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
                ? UnsafeBufferPointer(rebasing: buffer[3...]) : buffer
            var parser = CSVParser(separator: separator ?? detectSeparator(body))
            try parser.parse(buffer) { result.append(($0, $1)) }
            try parser.finish { result.append(($0, $1)) }
        }
        return result
    }

    @inline(__always)
    mutating func consume(_ byte: UInt8, _ record: ([String], Int) throws -> Void) throws {
        let quote = UInt8(ascii: "\"")
        if sawCR {
            sawCR = false
            if byte == 0x0A { return }  // the LF of a CRLF already counted
        }
        switch state {
        case .recordStart:
            if byte == 0x0A || byte == 0x0D {  // a blank line
                newLine(byte)
                return
            }
            recordLine = line
            state = .fieldStart
            try consume(byte, record)
        case .fieldStart:
            if byte == quote {
                state = .quoted
            } else if byte == separator {
                try endField()
            } else if byte == 0x0A || byte == 0x0D {
                try endField()
                try endRecord(record)
                newLine(byte)
            } else {
                try append(byte)
                state = .unquoted
            }
        case .unquoted:
            if try endsField(byte, record) {
                return
            } else if byte == quote {
                throw CSVError(
                    line: line,
                    "a quote inside an unquoted field (field \(fields.count + 1)); a field holding quotes must be quoted, its quotes doubled")
            } else {
                try append(byte)
            }
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == 0x0A || (byte == 0x0D) { countLine(byte) }
                try append(byte)
            }
        case .quoteInQuoted:
            if byte == quote {  // a doubled quote is one quote
                try append(quote)
                state = .quoted
            } else if try endsField(byte, record) {
                return
            } else {
                throw CSVError(line: line, "text after the closing quote of field \(fields.count + 1)")
            }
        }
    }

    /// After a field's last byte: a separator starts the next field, a line break ends the record.
    /// False for any other byte.
    @inline(__always)
    mutating func endsField(_ byte: UInt8, _ record: ([String], Int) throws -> Void) throws -> Bool {
        if byte == separator {
            try endField()
            state = .fieldStart
            return true
        }
        guard byte == 0x0A || byte == 0x0D else { return false }
        try endField()
        try endRecord(record)
        newLine(byte)
        return true
    }

    /// A line break outside quotes: counts the line and, after CR, swallows a following LF.
    mutating func newLine(_ byte: UInt8) {
        line += 1
        sawCR = byte == 0x0D
        state = .recordStart
    }

    /// A line break inside quotes is data, but still a line for the messages (CRLF counted once).
    mutating func countLine(_ byte: UInt8) {
        if byte == 0x0D || field.last != 0x0D { line += 1 }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) throws {
        guard field.count < maxFieldBytes else { throw CSVError(line: recordLine, "a field is longer than \(maxFieldBytes) bytes") }
        field.append(byte)
    }

    mutating func endField() throws {
        guard fields.count < maxFields else { throw CSVError(line: recordLine, "a record has more than \(maxFields) fields") }
        let text = field.withUnsafeBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress else { return "" }
            return UTF8Bytes.isValid(base, count: buffer.count) ? String(decoding: buffer, as: UTF8.self) : nil
        }
        guard let text else { throw CSVError(line: recordLine, "field \(fields.count + 1) is not UTF-8 text (save the file as UTF-8)") }
        fields.append(text)
        field.removeAll(keepingCapacity: true)
    }

    mutating func endRecord(_ record: ([String], Int) throws -> Void) throws {
        let done = fields
        fields.removeAll(keepingCapacity: true)
        state = .recordStart
        try record(done, recordLine)
    }
}

/// Why a CSV text cannot be read, and on which line.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
