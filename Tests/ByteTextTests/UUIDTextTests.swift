import ByteText
import Foundation
import TestFixtures
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    @Test("lowercase and append spell uuidString in lowercase")
    func writing() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(UUIDText.lowercase(id) == id.uuidString.lowercased())
            var out: [UInt8] = [0x7B]
            UUIDText.append(id, to: &out)
            #expect(out == [0x7B] + Array(id.uuidString.lowercased().utf8))
        }
        let fixed = UUID(uuidString: "01234567-89AB-CDEF-0123-456789ABCDEF")!
        #expect(UUIDText.lowercase(fixed) == "01234567-89ab-cdef-0123-456789abcdef")
    }

    @Test("parse reads the canonical form in either case")
    func parsing() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(parse(id.uuidString) == id)
            #expect(parse(id.uuidString.lowercased()) == id)
        }
    }

    @Test("parse accepts exactly the canonical shape, and then agrees with UUID(uuidString:)")
    func differential() {
        // Foundation is more lenient (it takes some texts with a space or a moved hyphen); parse is
        // not, and callers that must accept those fall back to Foundation.
        var rng = SplitMix64(seed: 3)
        let alphabet = Array("0123456789abcdefABCDEFgG-{} xz")
        for _ in 0..<5_000 {
            var chars = Array(UUID().uuidString)
            for _ in 0..<rng.int(1...2) { chars[rng.int(36)] = rng.pick(alphabet) }
            let text = String(chars)
            let canonical = chars.indices.allSatisfy { [8, 13, 18, 23].contains($0) ? chars[$0] == "-" : chars[$0].isHexDigit }
            #expect((parse(text) != nil) == canonical, "\(text)")
            if canonical { #expect(parse(text) == UUID(uuidString: text), "\(text)") }
        }
    }

    @Test("parse refuses other lengths and shapes")
    func refusals() {
        let good = "01234567-89ab-cdef-0123-456789abcdef"
        for bad in [
            "", String(good.dropLast()), good + "0", "{\(good.dropFirst().dropLast())}",
            "0123456789ab-cdef-0123-456789abcdef-", "01234567-89ab-cdef-0123_456789abcdef",
        ] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test("a random UUID is version 4 of the RFC's variant, and 100,000 of them are all different")
    func random() {
        var seen = Set<UUID>()
        for _ in 0..<100_000 {
            let id = UUID.random()
            let bytes = id.uuid
            #expect(bytes.6 >> 4 == 4 && bytes.8 >> 6 == 0b10, "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 100_000)
        // Each of the 122 random bits takes both values somewhere among the first thousand.
        let sample = seen.prefix(1_000).map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
        for bit in 0..<128 where !(48..<52).contains(bit) && !(64..<66).contains(bit) {
            let values = Set(sample.map { $0[bit / 8] >> (7 - bit % 8) & 1 })
            #expect(values.count == 2, "bit \(bit) never changes")
        }
    }

    private func parse(_ text: String) -> UUID? {
        Array(text.utf8).withUnsafeBufferPointer { UUIDText.parse($0) }
    }
}
