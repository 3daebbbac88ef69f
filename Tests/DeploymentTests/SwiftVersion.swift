import Foundation

/// A dotted version number such as `6.2` or `5.10.1`, compared number by number (`6.10 > 6.9`),
/// missing trailing numbers counting as zero (`6.2 == 6.2.0`).
struct SwiftVersion: Comparable, CustomStringConvertible, Sendable {
    let numbers: [Int]

    /// Parses `6`, `6.2` or `6.2.1`; nil for anything else.
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber), let number = Int(part) else { return nil }
            numbers.append(number)
        }
        self.numbers = numbers
    }

    /// The version a text starts with (`6.1` of `6.1-bookworm`), nil when it starts with none.
    init?(prefixOf text: some StringProtocol) {
        let prefix = text.prefix { $0 == "." || ($0.isASCII && $0.isNumber) }
        var trimmed = Substring(prefix)
        while trimmed.last == "." { trimmed.removeLast() }
        self.init(trimmed)
    }

    var description: String { numbers.map(String.init).joined(separator: ".") }

    static func == (lhs: SwiftVersion, rhs: SwiftVersion) -> Bool { lhs.padded(to: rhs) == rhs.padded(to: lhs) }

    static func < (lhs: SwiftVersion, rhs: SwiftVersion) -> Bool {
        lhs.padded(to: rhs).lexicographicallyPrecedes(rhs.padded(to: lhs))
    }

    private func padded(to other: SwiftVersion) -> [Int] {
        numbers + Array(repeating: 0, count: max(0, other.numbers.count - numbers.count))
    }
}
