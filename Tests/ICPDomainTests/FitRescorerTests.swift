import ByteText
import ICPDomain
import TestFixtures
import Testing

/// The board report's rescoring: several definitions over the same rows, rows encoded once per
/// shared layout, against each definition scored alone the long way (text fields, full scores).
@Suite struct FitRescorerTests {
    @Test func sharedEncodingsAgreeWithScoringEachDefinitionAlone() throws {
        var raised = SampleICPs.fintechPlatforms
        raised.signals.economic[0].value = .number(40_000)  // same keys and values: shares an encoding
        var widened = SampleICPs.fintechPlatforms
        widened.signals.fit[0].value = .stringList(["fintech", "insurtech"])  // another value: its own
        var existence = SampleICPs.fintechPlatforms
        existence.signals.economic[0] = Signal(key: "acvUSD", op: .exists, value: nil, weight: 20)
        let definitions = [SampleICPs.fintechPlatforms, raised, widened, existence, SampleICPs.boardReporting()]
        let scorers = try definitions.enumerated().map { try CompiledScorer(definition: $0.element, revision: $0.offset + 1) }
        let columns = ["industry", "employees", "acvUSD", "region", "stack", "nrrPct", "recentFunding", "Amount"]
        var random = SplitMix64(seed: 42)
        let rows: [[String]] = (0..<3_000).map { _ in
            [
                random.pick(["fintech", "insurtech", "saas", "", "FinTech"]), random.chance(0.1) ? "" : String(random.int(1...3_000)),
                random.chance(0.1) ? "n/a" : String(random.int(1...90) * 1_000), random.pick(["US", "RU", "DE", ""]),
                random.pick(["snowflake", "snowflake; dbt", ""]), String(random.int(80...140)), random.pick(["yes", "", "2024-01-01"]),
                String(random.int(1...500) * 100),
            ]
        }
        var together = FitRescorer(scorers: scorers, mapping: FieldMapping(), columns: columns)
        for row in rows { CSVRecord.with(row) { together.add($0, amount: Double(row[7])!) } }
        for (index, scorer) in scorers.enumerated() {
            let reader = ColumnReader(scorer: scorer, columns: columns)
            var total = PipelineMeasure(), inFit = PipelineMeasure(), unreadable = 0
            for row in rows {
                guard case .success(let account) = reader.encode(row) else {
                    unreadable += 1
                    continue
                }
                total = PipelineMeasure(count: total.count + 1, value: total.value + Double(row[7])!)
                if scorer.frozenScore(account).inFit { inFit = PipelineMeasure(count: inFit.count + 1, value: inFit.value + Double(row[7])!) }
            }
            #expect(together.totals[index] == total, "definition \(index)")
            #expect(together.inFit[index] == inFit, "definition \(index)")
            #expect(together.unreadable[index] == unreadable, "definition \(index)")
        }
        #expect(
            together.inFit.map(\.count) != Array(repeating: together.inFit[0].count, count: scorers.count), "the definitions differ on these rows")
    }
}
