/// A pipeline-audit finding made from one ICP's fit in a snapshot: the audit's metrics (rows
/// reviewed, the share in fit by count and by value, reps' share outside fit), a summary of the
/// facts, a severity by how much of the pipeline's value fits, and what to do.
public struct PipelineFinding: Sendable, Hashable {
    public var summary: String
    public var severity: FindingSeverity
    public var metrics: [String: Double]
    public var recommendation: String

    public init(fit: PipelineFit, icpName: String, day: CalendarDay) {
        func rounded(_ share: Double) -> Double { (share * 10).rounded() / 10 }
        let (byCount, byValue) = fit.inFit.share(of: fit.total)
        var metrics: [String: Double] = ["opportunitiesReviewed": Double(fit.total.count)]
        if let byCount { metrics["inFitShareByCount"] = rounded(byCount) }
        if let byValue, (0...100).contains(byValue) { metrics["inFitShareByValue"] = rounded(byValue) }
        if let outside = fit.ownersOutsideFitShare { metrics["repTimeOutsideFit"] = rounded(outside) }
        self.metrics = metrics
        let disqualified = fit.disqualified.share(of: fit.total).count ?? 0
        let name = TextEscaping.visible(icpName, limit: 80)
        var summary =
            "Pipeline of \(day): \(RuleValue.written(rounded(byCount ?? 0)))% of \(fit.total.count) rows"
            + (metrics["inFitShareByValue"].map { " and \(RuleValue.written($0))% of their value" } ?? "")
            + " fit \(name) (revision \(fit.revision)); \(RuleValue.written(rounded(disqualified)))% disqualified."
        if let top = fit.topDisqualifiers.first {
            summary += " Most excluded by \(TextEscaping.visible(top.key, limit: 60)) (\(top.measure.count) rows)."
        }
        self.summary = summary
        let share = metrics["inFitShareByValue"] ?? byCount ?? 0
        severity = share < 50 ? .high : share < 75 ? .medium : .low
        recommendation =
            share < 75
            ? "Go through the pipeline outside fit with its owners: stop pursuing what the ICP excludes, or revise the ICP if these deals are winning."
            : "Most of the pipeline fits; keep watching the rows outside fit and the reasons they are excluded."
    }
}
