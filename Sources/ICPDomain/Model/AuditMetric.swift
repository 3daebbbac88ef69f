/// A number an audit measures: its name in findings, its unit, the values it can take, and what it means.
public struct AuditMetric: Hashable, Sendable {
    /// The unit a metric is written in.
    public enum Unit: String, Hashable, Sendable, CaseIterable {
        /// 0 to 100 of something (a share), or a rate that may exceed 100 where the range says so.
        case percent
        /// A whole number of things.
        case count
        /// Hours.
        case hours

        /// How the unit reads after a value.
        public var symbol: String {
            switch self {
            case .percent: "%"
            case .count: ""
            case .hours: "h"
            }
        }
    }

    public let name: String
    public let unit: Unit
    public let range: ClosedRange<Double>
    public let meaning: String

    init(_ name: String, _ unit: Unit, _ range: ClosedRange<Double>, _ meaning: String) {
        self.name = name
        self.unit = unit
        self.range = range
        self.meaning = meaning
    }

    /// Metrics outside an audit's own list are allowed under this prefix (`custom.lossesCitingSoc2`).
    public static let customPrefix = "custom."
}

extension AuditType {
    /// The metrics this audit defines, in the order a template lists them.
    public var metrics: [AuditMetric] {
        switch self {
        case .customer:
            [
                .init(
                    "customersReviewed", .count, 0...1_000_000,
                    "best customers examined (retained and expanded, not only the largest first contracts)"),
                .init("grossRevenueRetention", .percent, 0...100, "revenue those customers kept over the period, before expansion"),
                .init("netRevenueRetention", .percent, 0...500, "revenue those customers kept including expansion"),
                .init("expansionRate", .percent, 0...1_000, "growth of their revenue from upsell and cross-sell over the period"),
                .init("grossMargin", .percent, -100...100, "gross margin earned on those customers"),
                .init("serviceHoursPerAccount", .hours, 0...10_000, "support and success hours each of them needs a month"),
            ]
        case .pipeline:
            [
                .init("opportunitiesReviewed", .count, 0...10_000_000, "open opportunities compared with the ICP"),
                .init("inFitShareByCount", .percent, 0...100, "share of those opportunities that fit the ICP"),
                .init("inFitShareByValue", .percent, 0...100, "share of pipeline value that fits the ICP"),
                .init("repTimeOutsideFit", .percent, 0...100, "share of reps' selling time spent on accounts outside fit"),
            ]
        case .message:
            [
                .init("assetsReviewed", .count, 0...1_000_000, "pages and campaigns examined"),
                .init("painCoverage", .percent, 0...100, "share of them that name the customer's real pain"),
                .init("triggerCoverage", .percent, 0...100, "share that name the event that makes buying urgent"),
                .init("buyingMomentCoverage", .percent, 0...100, "share that speak to the moment the decision is made"),
            ]
        case .winLoss:
            [
                .init("dealsReviewed", .count, 0...10_000_000, "closed deals examined, won and lost"),
                .init("lossesFromPoorFit", .percent, 0...100, "share of losses caused by targeting accounts outside fit"),
                .init("lossesFromExecution", .percent, 0...100, "share of losses caused by how the deal was run"),
                .init("winRateTierA", .percent, 0...100, "win rate of tier A accounts"),
                .init("winRateTierB", .percent, 0...100, "win rate of tier B accounts"),
                .init("winRateTierC", .percent, 0...100, "win rate of tier C accounts"),
            ]
        case .expansion:
            [
                .init("accountsReviewed", .count, 0...10_000_000, "customer accounts examined"),
                .init("useCaseGrowthFit", .percent, -100...1_000, "growth in use cases among accounts that fit"),
                .init("useCaseGrowthNonFit", .percent, -100...1_000, "growth in use cases among accounts that do not"),
                .init("seatGrowthFit", .percent, -100...1_000, "growth in seats among accounts that fit"),
                .init("seatGrowthNonFit", .percent, -100...1_000, "growth in seats among accounts that do not"),
                .init("departmentGrowthFit", .percent, -100...1_000, "growth in departments using it among accounts that fit"),
                .init("departmentGrowthNonFit", .percent, -100...1_000, "growth in departments using it among accounts that do not"),
                .init("budgetGrowthFit", .percent, -100...1_000, "growth in budget among accounts that fit"),
                .init("budgetGrowthNonFit", .percent, -100...1_000, "growth in budget among accounts that do not"),
            ]
        }
    }

    /// The metric of this audit called `name`, if it defines one.
    public func metric(named name: String) -> AuditMetric? { metrics.first { $0.name == name } }

    /// What is wrong with `values` as this audit's metrics: unknown names (other than `custom.…`),
    /// values outside a metric's range, counts that are not whole, and shares of losses that add up
    /// to more than all of them. Paths are `metrics.<name>`.
    public func problems(in values: [String: Double]) -> [ValidationError] {
        var errors: [ValidationError] = []
        for name in values.keys.sorted() {
            guard let value = values[name], value.isFinite else { continue }  // non-finite values are refused elsewhere
            let path = "metrics.\(TextEscaping.visible(name, limit: InputLimits.keyLength))"
            if name.hasPrefix(AuditMetric.customPrefix) {
                if name.count == AuditMetric.customPrefix.count {
                    errors.append(.init(.empty, at: path, "Name the custom metric after '\(AuditMetric.customPrefix)'."))
                }
                continue
            }
            guard let metric = metric(named: name) else {
                let known = metrics.map(\.name).joined(separator: ", ")
                errors.append(
                    .init(
                        .unknownMetric, at: path,
                        "The \(rawValue) audit has no metric '\(TextEscaping.visible(name, limit: 60))'; it measures \(known). "
                            + "Name others \(AuditMetric.customPrefix)\(TextEscaping.visible(name, limit: 60))."))
                continue
            }
            if !metric.range.contains(value) {
                errors.append(
                    .init(
                        .outOfRange, at: path,
                        "\(metric.name) is \(metric.meaning), from \(RuleValue.written(metric.range.lowerBound)) to "
                            + "\(RuleValue.written(metric.range.upperBound))\(metric.unit.symbol); \(RuleValue.written(value)) is outside that."))
            } else if metric.unit == .count && value != value.rounded() {
                errors.append(.init(.outOfRange, at: path, "\(metric.name) counts \(metric.meaning): a whole number, not \(value)."))
            }
        }
        if self == .winLoss, let poorFit = values["lossesFromPoorFit"], let execution = values["lossesFromExecution"], poorFit + execution > 100 {
            errors.append(
                .init(
                    .outOfRange, at: "metrics.lossesFromExecution",
                    "Losses from poor fit (\(RuleValue.written(poorFit))%) and from execution (\(RuleValue.written(execution))%) add up to more than 100%."
                ))
        }
        return errors
    }
}
