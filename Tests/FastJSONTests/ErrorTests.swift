import FastJSON
import Foundation
import Testing

/// Malformed or mismatched inputs: both decoders must fail with the same kind of error (and the
/// same coding path, except for `.dataCorrupted`), or both succeed with equal values.
struct ErrorTests {
    static let syntaxCases: [String] = [
        "", " ", "\u{FEFF}", "\u{FEFF}\u{FEFF}[1]", "\u{FEFF} [1]", "[1]\u{FEFF}", "{", "[", "]", "}", "[1", "[1,", "{\"v\":", "{\"v\":1",
        "{\"v\" 1}", "{\"v\":1,}", "{,}", "[,]", "[1,,2]", "[1,]", "[[1,],[2,],]", "{\"v\":1,,}", "{v:1}", "{'v':1}", "{1:1}",
        "[01]", "[-]", "[1.]", "[.5]", "[+1]", "[1e]", "[1x]", "[0x10]", "[NaN]", "[Infinity]", "[-Infinity]",
        "[tru]", "[nul]", "[nulll]", "[truex]", "[True]", "[\"abc]", "[\"\\\"]", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\u12\",\"ab\"]",
        "[\"\\uZZZZ\"]", "[\"\\ud\"e00\"]", "[\"\\u\\\\\\\\\\\\\"]", "{\"v\":1,\"x\":\"\\ud83d\\ud\"e00\"}", "[\"\\ud800\"]", "[\"\\udc00\"]",
        "[\"\\ud800\\u0041\"]", "[\"\\ud83d\\ude00\"]", "[\"\\uD83D\\uDE00\"]",
        "[\"a\u{1}b\"]", "[\"a\u{1F}b\"]", "[\"a\u{7F}b\"]", "[\"tab\there\"]", "[\"\\/\"]", "[\"\\u0000\"]",
        "[1]x", "[1] x", "[1],", "[1]]", "1 2", "[1]\u{0}", "[1]\u{C}", "\u{C}[1]", " \n\t\r[1] \n\t\r", "[1]\u{A0}",
        "{\"v\":1}{", "{\"v\":1,\"x\":\"\\x\"}", "{\"v\":1,\"x\":01}", "{\"v\":1,\"x\":1.}", "{\"v\":1,\"x\":-}",
        "{\"v\":1,\"x\":\"\\ud800\"}", "{\"v\":1,\"x\":\"\u{1}\"}", "{\"v\":1,\"\\ud800\":1}", "{\"v\":1,\"\\x\":1}",
        "{\"v\":1,\"x\":{\"\\ud800\":1}}", "{\"\\u0076\":1}", "{\"v\":1,\"v\":2}", "{\"v\":1,\"v\":\"x\"}", "{\"v\":\"x\",\"v\":1}",
    ]

    @Test func syntaxAndLaziness() {
        for json in Self.syntaxCases {
            expectSameOutcome(AnyJSON.self, json)
            expectSameOutcome([String].self, json)
            expectSameOutcome([Int].self, json)
            expectSameOutcome(Box<Int>.self, json)
            expectSameOutcome([String: Int].self, json)
        }
    }

    @Test func invalidUTF8() {
        let q = Array("\"".utf8)
        let sequences: [[UInt8]] = [
            [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
            [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBF, 0xBF], [0xC3, 0xA9], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        ]
        for seq in sequences {
            expectSameOutcome([String].self, Array("[".utf8) + q + seq + q + Array("]".utf8))
            expectSameOutcome(Box<Int>.self, Array("{\"v\":1,\"x\":".utf8) + q + seq + q + Array("}".utf8))
            expectSameOutcome(Box<Int>.self, Array("{\"v\":1,".utf8) + q + seq + q + Array(":1}".utf8))
            expectSameOutcome([String: Int].self, Array("{".utf8) + q + seq + q + Array(":1}".utf8))
            expectSameOutcome(Box<String>.self, Array("{\"v\":".utf8) + q + Array("a\\n".utf8) + seq + q + Array("}".utf8))
            expectSameOutcome([Int].self, Array("[1]".utf8) + seq)
            expectSameOutcome([Int].self, seq + Array("[1]".utf8))
        }
    }

    @Test func typeMismatchesAndMissingValues() {
        let values = [
            "null", "true", "false", "0", "-1", "1.5", "1e2", "\"s\"", "\"1\"", "[]", "[1]", "{}", "{\"a\":1}",
            "\"https://x.example/a b\"", "\"\"", "\"AQID\"", "\"AQI\"", "\"70a13412-dfec-4429-acf9-c18ee58aa279\"",
            "\"70A13412-DFEC-4429-ACF9-C18EE58AA27\"", "\"70A13412DFEC4429ACF9C18EE58AA279\"", "\"fit\"", "\"nope\"",
        ]
        for v in values {
            for json in [v, "{\"v\":\(v)}", "[\(v)]", "{\"v\":[1,\(v)]}"] {
                expectSameOutcome(Int.self, json)
                expectSameOutcome(Int8.self, json)
                expectSameOutcome(UInt.self, json)
                expectSameOutcome(Double.self, json)
                expectSameOutcome(Bool.self, json)
                expectSameOutcome(String.self, json)
                expectSameOutcome(URL.self, json)
                expectSameOutcome(UUID.self, json)
                expectSameOutcome(Data.self, json)
                expectSameOutcome(Decimal.self, json)
                expectSameOutcome(Date.self, json)
                expectSameOutcome(SignalFamily.self, json)
                expectSameOutcome(Int?.self, json)
                expectSameOutcome([Int].self, json)
                expectSameOutcome([String: Int].self, json)
                expectSameOutcome(Box<Int>.self, json)
                expectSameOutcome(Box<Int?>.self, json)
                expectSameOutcome(Box<Bool>.self, json)
                expectSameOutcome(Box<Bool?>.self, json)
                expectSameOutcome(Box<String>.self, json)
                expectSameOutcome(Box<URL>.self, json)
                expectSameOutcome(Box<URL?>.self, json)
                expectSameOutcome(Box<UUID>.self, json)
                expectSameOutcome(Box<Data>.self, json)
                expectSameOutcome(Box<Decimal>.self, json)
                expectSameOutcome(Box<[Int]>.self, json)
                expectSameOutcome(Box<[Int?]>.self, json)
                expectSameOutcome(Box<[String: Double]>.self, json)
                expectSameOutcome(Box<SignalFamily>.self, json)
                expectSameOutcome(Box<Timestamp>.self, json)
                expectSameOutcome(Box<Thresholds>.self, json)
                expectSameOutcome(Box<ListChange<Int>>.self, json)
                expectSameOutcome(Box<SignalValue>.self, json)
            }
        }
    }

    @Test func enumsWithAssociatedValues() {
        let cases = [
            "{}", "{\"archived\":{}}", "{\"archived\":[]}", "{\"archived\":null}", "{\"archived\":1}", "{\"renamed\":{\"name\":\"x\"}}",
            "{\"renamed\":{\"name\":\"x\",\"extra\":1}}", "{\"renamed\":{}}", "{\"renamed\":{\"name\":null}}", "{\"renamed\":{\"_0\":\"x\"}}",
            "{\"renamed\":{\"name\":\"x\"},\"archived\":{}}", "{\"renamed\":{\"name\":\"x\"},\"renamed\":{\"name\":\"y\"}}",
            "{\"nope\":{}}", "{\"nope\":{},\"archived\":{}}", "\"archived\"", "[]", "null",
            "{\"thresholds\":{\"after\":{\"a\":1,\"b\":2,\"c\":3},\"before\":{\"a\":1,\"b\":2,\"c\":\"x\"}}}",
            "{\"signal\":{\"family\":\"fit\",\"change\":{\"reordered\":{\"order\":[\"a\",1]}}}}",
            "{\"signal\":{\"family\":\"fat\",\"change\":{\"reordered\":{\"order\":[]}}}}",
            "{\"signal\":{\"family\":\"fit\",\"change\":{\"added\":{\"element\":{\"key\":\"k\",\"op\":\"atLeast\",\"rationale\":\"\",\"value\":{\"kind\":\"bogus\"},\"weight\":1}}}}}",
            "{\"signal\":{\"family\":\"fit\",\"change\":{\"added\":{\"element\":{\"key\":\"k\",\"op\":\"atLeast\",\"rationale\":\"\",\"value\":{\"kind\":\"number\",\"value\":\"2\"},\"weight\":1}}}}}",
            "{\"disqualifier\":{\"change\":{\"changed\":{\"ref\":\"r\",\"before\":{\"key\":\"k\",\"op\":\"atMost\",\"reason\":\"\",\"value\":{\"kind\":\"flag\",\"value\":true}}}}}}",
        ]
        for json in cases {
            expectSameOutcome(ICPChange.self, json)
            expectSameOutcome([ICPChange].self, "[\(json)]")
        }
    }

    @Test func missingKeysAndNulls() {
        let full = SamplePayloads.all[0].json
        expectSameOutcome(ChangeProposed.self, full)
        for key in ["icpId", "revision", "baseRevision", "proposer", "proposedAt", "rationale", "changes", "evidence"] {
            // Missing key.
            let missing = full.replacingOccurrences(of: "\"\(key)\":", with: "\"_\(key)\":")
            expectSameOutcome(ChangeProposed.self, missing)
            // Null value (only `baseRevision` is optional).
            if let range = full.range(of: "\"\(key)\":") {
                var nulled = full
                let valueStart = range.upperBound
                var depth = 0
                var end = valueStart
                var inString = false
                var escaped = false
                for i in full[valueStart...].indices {
                    let c = full[i]
                    end = i
                    if inString {
                        if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                        continue
                    }
                    if c == "\"" {
                        inString = true
                    } else if c == "[" || c == "{" {
                        depth += 1
                    } else if c == "]" || c == "}" {
                        if depth == 0 { break }
                        depth -= 1
                    } else if c == "," && depth == 0 {
                        break
                    }
                }
                nulled.replaceSubrange(valueStart..<end, with: "null")
                expectSameOutcome(ChangeProposed.self, nulled)
            }
        }
    }

    @Test func duplicateKeysFirstWins() throws {
        for json in ["{\"v\":1,\"v\":2}", "{\"v\":2,\"a\":0,\"v\":1}", "{\"a\":0,\"v\":1,\"b\":0,\"v\":2}"] {
            expectSameOutcome(Box<Int>.self, json)
            expectSameOutcome([String: Int].self, json)
            expectSameOutcome(AnyJSON.self, json)
        }
        // Sorted-key input where a lookup cursor could skip past the first occurrence.
        expectSameOutcome(Thresholds.self, "{\"a\":1,\"b\":2,\"c\":3,\"a\":4}")
        expectSameOutcome(Thresholds.self, "{\"c\":3,\"b\":2,\"a\":1,\"c\":4}")
        let t = try FastJSONDecoder().decode(Thresholds.self, from: "{\"a\":1,\"b\":2,\"c\":3,\"a\":4}")
        #expect(t == Thresholds(a: 1, b: 2, c: 3))
        // Keys are compared as Strings (canonical equivalence), like Foundation's dictionary.
        for json in [
            "{\"\u{E9}\":1,\"e\u{301}\":2}", "{\"e\u{301}\":1,\"\u{E9}\":2}", "{\"\\u00e9\":1,\"\u{E9}\":2}",
            "{\"K\":1,\"\u{212A}\":2}", "{\"\u{212A}\":1}", "{\"K\":1}", "{\"k\":1}",
        ] {
            expectSameOutcome([String: Int].self, json)
            expectSameOutcome(AnyJSON.self, json)
            expectSameOutcome(KeyProbe.self, json)
        }
        // Only the first occurrence's value is decoded, so a bad duplicate value is ignored.
        expectSameOutcome([String: Int].self, "{\"v\":1,\"v\":\"x\"}")
        expectSameOutcome(Box<Int>.self, "{\"v\":1,\"v\":\"x\"}")
        expectSameOutcome(ICPChange.self, "{\"archived\":{},\"archived\":{}}")
    }

    @Test func deepCodingPathsMatchFoundation() throws {
        let drafted = SamplePayloads.all[2].json
        // typeMismatch deep inside nested structs and arrays.
        let badWeight = drafted.replacingOccurrences(of: "\"weight\":10}", with: "\"weight\":\"ten\"}")
        let (f1, x1) = expectSameOutcome(ICPDrafted.self, badWeight)
        #expect(f1 == .error(kind: "typeMismatch", path: ["definition", "signals", "fit", "Index 1", "weight"]))
        #expect(x1 == f1)

        // valueNotFound inside an array element.
        let nullPain = drafted.replacingOccurrences(of: "\"pain\":\"Ops lead drowns in spreadsheets.\"", with: "\"pain\":null")
        let (f2, _) = expectSameOutcome(ICPDrafted.self, nullPain)
        #expect(f2 == .error(kind: "valueNotFound", path: ["definition", "committee", "Index 1", "pain"]))

        // keyNotFound: the path is the container's.
        let noOp = drafted.replacingOccurrences(of: "\"op\":\"contains\"", with: "\"opx\":\"contains\"")
        let (f3, _) = expectSameOutcome(ICPDrafted.self, noOp)
        #expect(f3 == .error(kind: "keyNotFound(op)", path: ["definition", "signals", "trigger", "Index 0"]))

        // dataCorrupted thrown by a hand-written init(from:) via dataCorruptedError(forKey:in:).
        let signals = SamplePayloads.all[1].json
        let badKind = signals.replacingOccurrences(of: "{\"kind\":\"number\",\"value\":80}", with: "{\"kind\":\"percent\",\"value\":80}")
        let (f4, x4) = expectSameOutcome(ChangeProposed.self, badKind)
        #expect(f4 == .error(kind: "dataCorrupted", path: ["changes", "Index 1", "disqualifier", "change", "added", "element", "value", "kind"]))
        #expect(x4 == f4)

        // Invalid raw value of a String enum inside generic enum payloads.
        let badOp = signals.replacingOccurrences(of: "\"op\":\"atMost\"", with: "\"op\":\"below\"")
        let (f5, x5) = expectSameOutcome(ChangeProposed.self, badOp)
        #expect(f5.kind == "dataCorrupted")
        #expect(x5 == f5)

        // Wrong element type inside a [Ref] in a generic enum.
        let badRef = signals.replacingOccurrences(of: "[\"sig-1\",\"sig-3\",\"sig-2\"]", with: "[\"sig-1\",3,\"sig-2\"]")
        let (f6, _) = expectSameOutcome(ChangeProposed.self, badRef)
        #expect(f6 == .error(kind: "typeMismatch", path: ["changes", "Index 3", "signal", "change", "reordered", "order", "Index 1"]))

        // Bad URL and UUID strings.
        let thresholds = SamplePayloads.all[0].json
        let badURL = thresholds.replacingOccurrences(of: "\"ref\":\"https:\\/\\/docs.example\\/calibration\\/2\"", with: "\"ref\":\"\"")
        let (f7, x7) = expectSameOutcome(ChangeProposed.self, badURL)
        #expect(f7 == .error(kind: "dataCorrupted", path: ["evidence", "Index 0", "ref"]))
        #expect(x7 == f7)
        let badUUID = thresholds.replacingOccurrences(of: "70A13412-DFEC", with: "70A13412-XFEC")
        let (f8, x8) = expectSameOutcome(ChangeProposed.self, badUUID)
        #expect(f8 == .error(kind: "dataCorrupted", path: ["icpId"]))
        #expect(x8 == f8)

        // [String: Double] value error.
        let audit = SamplePayloads.all[3].json
        let badMetric = audit.replacingOccurrences(of: "\"share\":0.4", with: "\"share\":\"0.4\"")
        let (f9, _) = expectSameOutcome(AuditRecorded.self, badMetric)
        #expect(f9 == .error(kind: "typeMismatch", path: ["metrics", "share"]))
    }

    @Test func decodingErrorContextIsUsable() {
        do {
            _ = try FastJSONDecoder().decode(Box<[Int]>.self, from: "{\"v\":[1,2,\"x\"]}")
            Issue.record("expected an error")
        } catch DecodingError.typeMismatch(let type, let context) {
            #expect(ObjectIdentifier(type) == ObjectIdentifier(Int.self))
            #expect(context.codingPath.map(\.stringValue) == ["v", "Index 2"])
            #expect(context.codingPath.last?.intValue == 2)
            #expect(context.debugDescription.contains("string"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try FastJSONDecoder().decode([Int].self, from: "[1,2")
            Issue.record("expected an error")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.isEmpty)
            #expect(context.debugDescription.hasPrefix("The given data was not valid JSON."))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func nestingDepthLimit() {
        for depth in [511, 512, 513, 2000] {
            let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            expectSameOutcome(AnyJSON.self, json)
            expectSameOutcome(Box<Int>.self, "{\"v\":1,\"x\":\(json)}")
        }
    }
}

/// Looks up keys that are canonically equivalent to JSON keys but differ byte-wise.
struct KeyProbe: Codable {
    var found: [String]
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        found = try ["K", "\u{212A}", "\u{E9}", "e\u{301}", "k"].map { key in
            "\(key.unicodeScalars.map(\.value)): \(c.contains(AnyKey(key))) \(String(describing: try c.decodeIfPresent(Int.self, forKey: AnyKey(key))))"
        }
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(found)
    }
}
