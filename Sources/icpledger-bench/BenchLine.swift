/// One printed figure: `BENCH <name> <value> <unit>[ baseline=<value> ratio=<value>]`.
struct BenchLine: Sendable {
    var name: String
    var value: Double
    var unit: String
    /// A baseline measured beside it in the same run, on the same database.
    var baseline: Double?

    var text: String {
        var line = "BENCH \(name) \(Self.format(value)) \(unit)"
        if let baseline, baseline > 0 {
            line += " baseline=\(Self.format(baseline)) ratio=\(Self.format(value / baseline, digits: 3))"
        }
        return line
    }

    static func format(_ value: Double, digits: Int = 1) -> String {
        let scale = pow10(digits)
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() && digits == 1 ? String(Int64(rounded)) : String(rounded)
    }

    private static func pow10(_ digits: Int) -> Double {
        (0..<digits).reduce(1.0) { partial, _ in partial * 10 }
    }
}

/// The median of measured values (benchmarks report the median of at least five runs).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
