import ByteText
import Foundation
import TestFixtures
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test("known days")
    func knownDays() {
        #expect(CivilDate.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.daysSinceEpoch(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilDate.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilDate.daysSinceEpoch(year: 2024, month: 2, day: 29) == 19_782)
        #expect(CivilDate.daysSinceEpoch(year: 1, month: 1, day: 1) == -719_162)
        #expect(civil(19_782) == [2024, 2, 29])
        #expect(civil(-719_163) == [0, 12, 31])
    }

    @Test("days and dates round trip over ±3 million days, one day apart")
    func roundTrip() {
        var rng = SplitMix64(seed: 8)
        for _ in 0..<2_000 {
            let days = rng.int(6_000_000) - 3_000_000
            let (y, m, d) = CivilDate.date(daysSinceEpoch: days)
            #expect(CivilDate.daysSinceEpoch(year: y, month: m, day: d) == days)
            let next = civil(days + 1)
            #expect(next == [y, m, d + 1] || next == [y, m + 1, 1] || next == [y + 1, 1, 1])
        }
    }

    @Test("agrees with Foundation's Gregorian calendar (after the Julian cut-over)")
    func foundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var rng = SplitMix64(seed: 9)
        for _ in 0..<1_000 {
            let days = rng.int(2_900_000) - 140_000  // 1586 … 9999
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            #expect(civil(days) == [c.year!, c.month!, c.day!])
        }
    }

    @Test("ISO text: written, parsed, and the padded form outside 0…9999")
    func isoText() {
        var rng = SplitMix64(seed: 10)
        for _ in 0..<2_000 {
            let (y, m, d) = CivilDate.date(daysSinceEpoch: rng.int(3_652_059) - 719_528)  // 0000-01-01 … 9999-12-31
            let text = CivilDate.isoText(year: y, month: m, day: d)
            #expect(text == String(format: "%04d-%02d-%02d", y, m, d))
            #expect(parse(text) == [y, m, d])
        }
        #expect(CivilDate.isoText(year: 10_000, month: 1, day: 2) == "10000-01-02")
        #expect(CivilDate.isoText(year: -1, month: 12, day: 31) == "00-1-12-31")
        #expect(parse("2024-06-01 12:00:00+00") == [2024, 6, 1])
        #expect(parse("x2024-06-01", at: 1) == [2024, 6, 1])
        for bad in ["2024-6-01", "2024/06/01", "2024-06-0", "20240601xx", "2024-0a-01", "-024-06-01", ""] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test("fixed-width decimals")
    func decimals() {
        var buffer = [UInt8](repeating: 0x2E, count: 8)
        buffer.withUnsafeMutableBufferPointer { ASCIIDecimal.write(42, width: 4, to: $0, at: 2) }
        #expect(String(decoding: buffer, as: UTF8.self) == "..0042..")
        buffer.withUnsafeMutableBufferPointer { ASCIIDecimal.write(123_456, width: 2, to: $0, at: 0) }
        #expect(String(decoding: buffer, as: UTF8.self) == "560042..")
        #expect(Array("x0099".utf8).withUnsafeBufferPointer { ASCIIDecimal.read($0, at: 1, width: 4) } == 99)
        #expect(Array("x0099".utf8).withUnsafeBufferPointer { ASCIIDecimal.read($0, at: 2, width: 4) } == nil)
        #expect(Array("1a".utf8).withUnsafeBufferPointer { ASCIIDecimal.read($0, at: 0, width: 2) } == nil)
        #expect(ASCIIDecimal.padded(7, width: 2) == "07")
        #expect(ASCIIDecimal.padded(12_345, width: 4) == "12345")
        #expect(ASCIIDecimal.padded(-5, width: 4) == "00-5")
    }

    private func civil(_ days: Int) -> [Int] {
        let (y, m, d) = CivilDate.date(daysSinceEpoch: days)
        return [y, m, d]
    }

    private func parse(_ text: String, at index: Int = 0) -> [Int]? {
        Array(text.utf8).withUnsafeBufferPointer { CivilDate.parseISO($0, at: index) }.map { [$0.year, $0.month, $0.day] }
    }
}
