import ByteText
import CSV
import TestFixtures
import Testing

@Suite("CSV reading: real exports' quirks, strict refusals, and agreement with CSV.swift")
struct CSVParserTests {
    func read(_ text: String, separator: UInt8? = nil) throws -> [[String]] {
        try CSVParser.records(Array(text.utf8), separator: separator).map(\.fields)
    }

    @Test("quoted separators, doubled quotes and line breaks inside quotes; CRLF, LF and CR endings; a BOM; blank lines")
    func quirks() throws {
        let text = "\u{FEFF}name,notes,amount\r\n\"Acme, Inc.\",\"said \"\"hi\"\"\nthen left\",\"1,200\"\r\n\nBeta,,7\rGamma,\"\",\n"
        #expect(
            try read(text) == [
                ["name", "notes", "amount"], ["Acme, Inc.", "said \"hi\"\nthen left", "1,200"], ["Beta", "", "7"], ["Gamma", "", ""],
            ])
        let lines = try CSVParser.records(Array(text.utf8)).map(\.line)
        #expect(lines == [1, 2, 5, 6], "records name the line they begin on")
    }

    @Test("the separator is judged from the header: semicolons (European spreadsheets), tabs, commas")
    func separators() throws {
        #expect(try read("a;b;c\n1,5;2;3\n") == [["a", "b", "c"], ["1,5", "2", "3"]])
        #expect(try read("a\tb\n1\t2\n") == [["a", "b"], ["1", "2"]])
        #expect(try read("\"x;y\",b\n1,2\n") == [["x;y", "b"], ["1", "2"]], "separators inside quotes do not count")
        #expect(try read("single\nvalue\n") == [["single"], ["value"]])
    }

    @Test("refused with the line: an open quote, a stray quote, text after a closing quote, bytes that are not UTF-8, long fields")
    func refusals() throws {
        func problem(_ bytes: [UInt8], maxField: Int = 1 << 20) -> String {
            do {
                var parser = CSVParser(separator: UInt8(ascii: ","), maxFieldBytes: maxField)
                try bytes.withUnsafeBufferPointer { try parser.parse($0) { _, _ in } }
                try parser.finish { _, _ in }
                return "read"
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(Array("a,b\n1,\"open\n2,3\n".utf8)) == "line 2: a quoted field is never closed (it opens on line 2)")
        #expect(problem(Array("a,b\n1,5\" screen\n".utf8)).hasPrefix("line 2: a quote inside an unquoted field (field 2)"))
        #expect(problem(Array("a,b\n\"x\"y,1\n".utf8)) == "line 2: text after the closing quote of field 1")
        #expect(problem(Array("a,b\n".utf8) + [0xFF, 0xFE] + Array(",1\n".utf8)) == "line 2: field 1 is not UTF-8 text (save the file as UTF-8)")
        #expect(problem(Array("a,b\nxxxxxxxxxx,1\n".utf8), maxField: 5) == "line 2: a field is longer than 5 bytes")
    }

    @Test("fed one byte at a time, the records are the same")
    func chunking() throws {
        let text = Array("\u{FEFF}a,\"b\r\nc\"\r\n\"d\"\"\",e\r\n".utf8)
        var parser = CSVParser(separator: UInt8(ascii: ","))
        var records: [[String]] = []
        for byte in text { try [byte].withUnsafeBufferPointer { try parser.parse($0) { fields, _ in records.append(fields) } } }
        try parser.finish { fields, _ in records.append(fields) }
        #expect(records == [["a", "b\r\nc"], ["d\"", "e"]])
    }

    @Test("random files with every quirk read the same as CSV.swift reads them, whole and in random chunks")
    func differential() throws {
        var rng = SplitMix64(seed: 0x00C5_5EED)
        let pieces = ["a", "Zürich", "😀", " ", ",", ";", "\"", "\n", "\r\n", "1,234.50", "€", "x y", "\t"]
        for round in 0..<400 {
            let separator: Character = [",", ";", "\t"][Int(rng.next() % 3)]
            let columns = 1 + Int(rng.next() % 6)
            var records: [[String]] = []
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                records.append(
                    (0..<columns).map { _ in (0..<Int(rng.next() % 4)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined() })
            }
            let ending = rng.next() % 2 == 0 ? "\n" : "\r\n"
            let text =
                records.map { record in
                    record.map { field in
                        let needsQuotes =
                            field.isEmpty || field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r")
                            || field.hasPrefix(" ") || field.hasSuffix(" ")
                        return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                    }.joined(separator: String(separator))
                }.joined(separator: ending) + (rng.next() % 2 == 0 ? ending : "")
            let oracle = try CSVReader(string: text, delimiter: separator.unicodeScalars.first!)
            var expected: [[String]] = []
            while let row = oracle.next() { expected.append(row) }
            let ours = try read(text, separator: UInt8(ascii: separator.unicodeScalars.first!))
            #expect(ours == expected, "round \(round): \(text.debugDescription)")
            #expect(ours == records, "round \(round): the records written")

            var parser = CSVParser(separator: UInt8(ascii: separator.unicodeScalars.first!))
            var chunked: [[String]] = []
            let bytes = Array(text.utf8)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + Int(rng.next() % 7))
                try bytes[start..<end].withUnsafeBufferPointer { try parser.parse($0) { fields, _ in chunked.append(fields) } }
                start = end
            }
            try parser.finish { fields, _ in chunked.append(fields) }
            #expect(chunked == ours, "round \(round) in chunks")
        }
    }
}
