/// "Did you mean" suggestions for misspelt keys and enum values.
enum KeySuggestion {
    /// Names people reach for that the format spells differently.
    static let aliases: [String: String] = [
        "thresholds": "tiers", "trigger": "triggers", "status": "mode", "apiVersion": "format",
        "api-version": "format", "version": "format", "missingDataPolicy": "missing-data",
        "missing-data-policy": "missing-data", "baseRevision": "base-revision", "revision": "base-revision",
        "op": "operator", "kind": "role", "values": "value", "id": "icp", "description": "statement",
        "lower": "min", "upper": "max", "from": "min", "to": "max",
    ]

    /// The candidate nearest to `word`: an alias, a case/punctuation-insensitive match, or the closest
    /// by edit distance when that distance is at most 3 and less than half the word; otherwise nil.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        if let alias = aliases[word], candidates.contains(alias) { return alias }
        let squashed = squash(word)
        if let match = candidates.first(where: { squash($0) == squashed }) { return match }
        let limit = min(3, max(1, word.count / 2))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let d = distance(word.lowercased(), candidate)
            if d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.candidate
    }

    private static func squash(_ s: String) -> String {
        String(s.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
