import ByteText
import TestFixtures
import Testing

@Suite("UTF-8 bytes")
struct UTF8BytesTests {
    @Test("validation agrees with String(validating:) on random and edge bytes")
    func validation() {
        var rng = SplitMix64(seed: 6)
        let edges: [[UInt8]] = [
            [0xC0, 0x80], [0xC2, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE2, 0x82],
        ]
        let pool: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x90, 0x8F]
        var cases = edges
        for _ in 0..<5_000 { cases.append((0..<rng.int(8)).map { _ in rng.pick(pool) }) }
        for bytes in cases {
            let valid = bytes.withUnsafeBufferPointer { UTF8Bytes.isValid($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
            #expect(valid == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test("write encodes a scalar as the standard library does")
    func write() {
        var rng = SplitMix64(seed: 7)
        var scalars: [UInt32] = [0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF]
        for _ in 0..<2_000 { scalars.append(UInt32(rng.int(0x110000))) }
        for value in scalars {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var buffer = [UInt8](repeating: 0, count: 4)
            let count = buffer.withUnsafeMutableBufferPointer { UTF8Bytes.write(value, to: $0, at: 0) }
            #expect(Array(buffer[..<count]) == Array(String(scalar).utf8))
        }
    }
}
