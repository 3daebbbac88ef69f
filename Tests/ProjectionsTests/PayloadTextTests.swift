import Foundation
import TestFixtures
import Testing

@testable import Projections

@Suite("A NUL character in a payload is found however it is escaped")
struct PayloadTextTests {
    /// The reference: decode the JSON and look for U+0000 in any string.
    static func holdsNUL(_ value: Any) -> Bool {
        switch value {
        case let text as String: return text.unicodeScalars.contains("\u{0}")
        case let array as [Any]: return array.contains(where: holdsNUL)
        case let object as [String: Any]: return object.keys.contains { holdsNUL($0) } || object.values.contains(where: holdsNUL)
        default: return false
        }
    }

    @Test("agrees with decoding the JSON, on thousands of payloads full of escapes")
    func agreesWithDecoding() throws {
        var rng = SplitMix64(seed: 77)
        let pieces = [#"\\"#, #"\u0000"#, #"\\u0000"#, #"\\\u0000"#, #"\u0001"#, #"\n"#, #"\""#, "a", "é", #"\u00e9"#, "u0000", #"\\\\"#]
        for _ in 0..<5_000 {
            let text = (0..<rng.int(8)).map { _ in rng.pick(pieces) }.joined()
            let json = rng.bool() ? #"{"k":"\#(text)"}"# : #"["x","\#(text)",{"\#(text)":1}]"#
            let data = Data(json.utf8)
            let decoded = try JSONSerialization.jsonObject(with: data)
            #expect(PayloadText.containsNUL(data) == Self.holdsNUL(decoded), "\(json)")
        }
        #expect(PayloadText.containsNUL(Data(#"{"a":"\u0000"}"#.utf8)))
        #expect(!PayloadText.containsNUL(Data(#"{"a":"\\u0000"}"#.utf8)))
        #expect(!PayloadText.containsNUL(Data(#"{"a":"tail\\"}"#.utf8)))
    }
}
