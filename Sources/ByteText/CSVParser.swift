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
    /// The record being read: its fields' contents laid end to end, and where each field ends.
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// Where the field being read starts in `bytes`.
    var fieldStart = 0
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
        try parseRecords(chunk) { try record($0.strings, $1) }
    }

    /// Reads a chunk, calling `record` with each record completed in it, as bytes (valid only during
    /// the call), and the line it began on. Runs of ordinary bytes inside a field are copied whole.
    public mutating func parseRecords(_ chunk: UnsafeBufferPointer<UInt8>, record: (CSVRecord, Int) throws -> Void) throws {
        let quote = UInt8(ascii: "\"")
        let separator = self.separator
        let count = chunk.count
        var index = 0
        while index < count {
            if atStart {
                // A byte order mark (EF BB BF) before anything else is not data.
                let byte = chunk[index]
                index += 1
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
                try consume(byte, record)
                continue
            }
            if state == .unquoted || state == .quoted {
                let quoted = state == .quoted
                let start = index
                while index < count {
                    let byte = chunk[index]
                    if byte == quote || byte == 0x0A || byte == 0x0D || (byte == separator && !quoted) { break }
                    index += 1
                }
                if index > start { try append(UnsafeBufferPointer(rebasing: chunk[start..<index])) }
                if index == count { break }
            }
            try consume(chunk[index], record)
            index += 1
        }
    }

    /// Ends the input: a record without a final line break is completed; an open quote is an error.
    public mutating func finish(record: ([String], Int) throws -> Void) throws {
        try finishRecords { try record($0.strings, $1) }
    }

    /// ``finish(record:)`` for ``parseRecords(_:record:)``.
    public mutating func finishRecords(record: (CSVRecord, Int) throws -> Void) throws {
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
    mutating func consume(_ byte: UInt8, _ record: (CSVRecord, Int) throws -> Void) throws {
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
                    "a quote inside an unquoted field (field \(ends.count + 1)); a field holding quotes must be quoted, its quotes doubled")
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
                throw CSVError(line: line, "text after the closing quote of field \(ends.count + 1)")
            }
        }
    }

    /// After a field's last byte: a separator starts the next field, a line break ends the record.
    /// False for any other byte.
    @inline(__always)
    mutating func endsField(_ byte: UInt8, _ record: (CSVRecord, Int) throws -> Void) throws -> Bool {
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
        if byte == 0x0D || bytes.count == fieldStart || bytes.last != 0x0D { line += 1 }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) throws {
        guard bytes.count - fieldStart < maxFieldBytes else { throw CSVError(line: recordLine, "a field is longer than \(maxFieldBytes) bytes") }
        bytes.append(byte)
    }

    @inline(__always)
    mutating func append(_ run: UnsafeBufferPointer<UInt8>) throws {
        guard bytes.count - fieldStart + run.count <= maxFieldBytes else {
            throw CSVError(line: recordLine, "a field is longer than \(maxFieldBytes) bytes")
        }
        bytes.append(contentsOf: run)
    }

    mutating func endField() throws {
        guard ends.count < maxFields else { throw CSVError(line: recordLine, "a record has more than \(maxFields) fields") }
        let valid = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { UTF8Bytes.isValid($0 + fieldStart, count: buffer.count - fieldStart) } ?? true
        }
        guard valid else { throw CSVError(line: recordLine, "field \(ends.count + 1) is not UTF-8 text (save the file as UTF-8)") }
        ends.append(bytes.count)
        fieldStart = bytes.count
    }

    mutating func endRecord(_ record: (CSVRecord, Int) throws -> Void) throws {
        state = .recordStart
        defer {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            fieldStart = 0
        }
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in try record(CSVRecord(bytes: bytes, ends: ends), recordLine) }
        }
    }
}

/// One CSV record as bytes: its fields' contents (quotes taken off, doubled quotes made one, each
/// checked to be UTF-8) laid end to end. It points into the reader's buffers, so it is only valid
/// during the call that hands it over.
public struct CSVRecord {
    public let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let ends: UnsafeBufferPointer<Int>

    public init(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>) {
        self.bytes = bytes
        self.ends = ends
    }

    /// How many fields the record has.
    @inlinable public var count: Int { ends.count }

    /// The bytes of field `index`.
    @inlinable
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])
    }

    /// Field `index` as text.
    public func string(_ index: Int) -> String { String(decoding: self[index], as: UTF8.self) }

    /// Every field as text.
    public var strings: [String] { (0..<count).map(string) }

    /// Calls `body` with the fields as a record (for text that did not come through the reader).
    public static func with<T>(_ fields: [String], _ body: (CSVRecord) throws -> T) rethrows -> T {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(fields.count)
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            ends.append(bytes.count)
        }
        return try bytes.withUnsafeBufferPointer { bytes in try ends.withUnsafeBufferPointer { try body(CSVRecord(bytes: bytes, ends: $0)) } }
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
