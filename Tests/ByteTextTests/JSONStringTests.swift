import ByteText
import Foundation
import TestFixtures
import Testing

@Suite("JSON strings")
struct JSONStringTests {
    /// The writer's escapes, spelled out per character (the bytes the event store hashes).
    static func reference(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func written(_ text: String) -> String {
        var out: [UInt8] = []
        JSONString.append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func randomText(_ rng: inout SplitMix64) -> String {
        let pieces: [String] = [
            "a", "Z", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1B}",
            "\u{1F}", "\u{7F}", "é", "–", "€", "😀", "\u{2028}", "\u{FEFF}", "abc def", "\\u0041",
        ]
        return (0..<rng.int(12)).map { _ in rng.pick(pieces) }.joined()
    }

    @Test("every ASCII character is written as the hashed format requires")
    func asciiTable() {
        for value in UInt8(0)..<0x80 {
            let text = String(UnicodeScalar(value))
            #expect(Self.written(text) == Self.reference(text), "byte \(value)")
        }
        #expect(Self.written("a\u{1B}b") == #""a\u001bb""#)
        #expect(Self.written("a/b\u{7F}é") == "\"a/b\u{7F}é\"")
        #expect(Self.written("") == "\"\"")
    }

    @Test("random texts: the reference bytes, and JSONDecoder reads them back")
    func randomTexts() throws {
        var rng = SplitMix64(seed: 4)
        for _ in 0..<2_000 {
            let text = Self.randomText(&rng)
            let json = Self.written(text)
            #expect(json == Self.reference(text))
            #expect(try JSONDecoder().decode([String].self, from: Data("[\(json)]".utf8)) == [text])
        }
    }

    @Test("unescape reads back what JSONEncoder and the writer write")
    func unescapeRoundTrip() throws {
        var rng = SplitMix64(seed: 5)
        let encoder = JSONEncoder()
        for _ in 0..<2_000 {
            let text = Self.randomText(&rng)
            for json in [String(decoding: try encoder.encode(text), as: UTF8.self), Self.written(text)] {
                #expect(unescape(String(json.dropFirst().dropLast())) == text, "\(json)")
            }
        }
    }

    @Test("unescape: every escape, either case, surrogate pairs")
    func escapes() {
        #expect(unescape(#"\"\\\/\b\f\n\r\t"#) == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(unescape(#"caf\u00e9 caf\u00E9"#) == "café café")
        #expect(unescape(#"\ud83d\ude00\uD83D\uDE00"#) == "😀😀")
        #expect(unescape(#"\u0000"#) == "\u{0}")
        #expect(unescape("") == "")
        #expect(unescape("plain é") == "plain é")
    }

    @Test("unescape refuses bad escapes, lone surrogates and invalid UTF-8")
    func refusals() {
        for bad in [#"\"#, #"\x"#, #"\u12"#, #"\u12g4"#, #"\ud83d"#, #"\ud83dx"#, #"\ud83d\u0041"#, #"\ude00"#, #"a\"#] {
            #expect(unescape(bad) == nil, "\(bad)")
        }
        let invalid: [UInt8] = [0x61, 0x5C, 0x6E, 0xC3]  // a\n and half of é
        #expect(invalid.withUnsafeBufferPointer { JSONString.unescape($0) } == nil)
        #expect([UInt8](#"\u00e9"#.utf8).withUnsafeBufferPointer { JSONString.unescape($0, checkUTF8: false) } == "é")
    }

    private func unescape(_ contents: String) -> String? {
        Array(contents.utf8).withUnsafeBufferPointer { JSONString.unescape($0) }
    }
}
