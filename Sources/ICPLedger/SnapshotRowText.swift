import ByteText
import ICPDomain

// The two text columns of `pipeline_snapshot_rows`, each written and read in one place.

/// The `fields` column of a snapshot row: a JSON array of strings, as the import writes it.
enum SnapshotFieldsText {
    /// Appends a row's fields; the one at `blank` (the owner's) is written empty.
    static func append(_ fields: [String], blanking blank: Int?, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(index == blank ? "" : field, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    static func parse(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
            var fields: [String] = []
            var i = 1
            let end = bytes.count - 1
            while i < end {
                guard bytes[i] == UInt8(ascii: "\"") else { return nil }
                var j = i + 1
                while j < end && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == 0x5C ? 2 : 1 }
                guard j < end, let field = JSONString.unescape(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])) else { return nil }
                fields.append(field)
                i = j + 1
                if i < end {
                    guard bytes[i] == UInt8(ascii: ",") else { return nil }
                    i += 1
                }
            }
            return fields
        }
    }
}

/// The `scores` column of a snapshot row: per target, `score tier outcomes`, separated by `;`.
enum FrozenScoreText {
    /// Appends a row's scores, one per target in order.
    static func append(_ scores: [FrozenScore], to out: inout [UInt8]) {
        for (index, score) in scores.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: String(score.score).utf8)
            out.append(0x20)
            out.append(contentsOf: score.tier.rawValue.utf8)
            out.append(0x20)
            out.append(contentsOf: score.outcomes.utf8)
        }
    }

    static func parse(_ text: String, targets: [SnapshotTarget]) -> [FrozenScore?] {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        return targets.enumerated().map { index, target in
            guard index < parts.count else { return nil }
            let fields = parts[index].split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, let score = Double(fields[0]), let tier = Tier(rawValue: String(fields[1])) else { return nil }
            let outcomes = String(fields[2])
            return FrozenScore(revision: target.revision, score: score, tier: tier, qualified: !outcomes.contains("d"), outcomes: outcomes)
        }
    }
}
