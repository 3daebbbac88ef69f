import ByteText
import Foundation
import TestFixtures
import Testing

@Suite("Hex")
struct HexTests {
    @Test("encode writes two lowercase digits per byte, as %02x does")
    func encode() {
        var rng = SplitMix64(seed: 1)
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let expected = bytes.map { String(format: "%02x", $0) }.joined()
            #expect(Hex.encode(bytes) == expected)
            var out: [UInt8] = [0x41]
            Hex.append(bytes, to: &out)
            #expect(out == [0x41] + Array(expected.utf8))
        }
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    @Test("decode reads either case and refuses odd lengths and non-digits")
    func decode() {
        #expect(Hex.decode(Array("000fA0Ff".utf8)) == [0x00, 0x0f, 0xa0, 0xff])
        #expect(Hex.decode([UInt8]()) == [])
        #expect(Hex.decode(Array("abc".utf8)) == nil)
        for bad in ["0g", "g0", " 0", "0-", "zz", "0x"] { #expect(Hex.decode(Array(bad.utf8)) == nil) }
        var rng = SplitMix64(seed: 2)
        for _ in 0..<200 {
            let bytes = (0..<rng.int(20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(Hex.decode(Array(Hex.encode(bytes).utf8)) == bytes)
            #expect(Hex.decode(Array(Hex.encode(bytes).uppercased().utf8)) == bytes)
        }
    }

    @Test("digit values of every byte")
    func values() {
        for byte in 0...255 {
            let reference = UInt8(String(UnicodeScalar(UInt8(byte))), radix: 16)
            let value = Hex.value(of: UInt8(byte))
            if let reference { #expect(value == reference) } else { #expect(value & 0x80 != 0) }
        }
        for nibble in UInt8(0)...15 { #expect(Hex.digit(nibble) == Array(String(nibble, radix: 16).utf8)[0]) }
    }

    @Test("four digits, as in \\uXXXX")
    func fourDigits() {
        func read(_ text: String, at index: Int = 0) -> UInt32? {
            Array(text.utf8).withUnsafeBufferPointer { Hex.fourDigits(in: $0, at: index) }
        }
        #expect(read("00e9") == 0xE9)
        #expect(read("D83D") == 0xD83D)
        #expect(read("xx12aBcDyy", at: 4) == 0xABCD)
        #expect(read("12aBcDy", at: 4) == nil)
        #expect(read("00g9") == nil)
        #expect(read("123") == nil)
        #expect(read("") == nil)
    }

    @Test("decoding from contiguous bytes agrees with the generic decoder, refusals included")
    func contiguousDecode() {
        for text in ["", "00", "ff", "FfEe0123456789abcdef", "0", "abc", "0g", "g0", "12 4", String(repeating: "ab", count: 32)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { Hex.decode($0) } == Hex.decode(bytes[...]), "\(text)")
        }
    }
}
