public import ICPDomain

extension ImpactPreview {
    /// The preview as people read it under a plan or a proposal: what moves into and out of fit,
    /// between tiers, and by which rules. `day` is the snapshot's day.
    public func rendered(snapshotDay day: CalendarDay) -> [String] {
        func measure(_ m: PipelineMeasure) -> String {
            "\(m.count) row(s)" + (m.value != 0 ? ", value \(YAMLText.number((m.value * 100).rounded() / 100))" : "")
        }
        func share(_ m: PipelineMeasure) -> String {
            guard rows.count > 0 else { return "0%" }
            return "\(YAMLText.number((1000 * Double(m.count) / Double(rows.count)).rounded() / 10))%"
        }
        var lines = ["Impact on the pipeline snapshot of \(day) (\(rows.count) rows):"]
        let before = operatingRevision.map { "revision \($0)" } ?? "nothing in force"
        lines.append("  in fit: \(share(inFitBefore)) under \(before) → \(share(inFitAfter)) as proposed")
        lines.append("  moving into fit: \(measure(movedIn)); out of fit: \(measure(movedOut))")
        if moves.isEmpty {
            lines.append("  no row changes tier or disqualification")
        } else {
            for move in moves.prefix(10) { lines.append("  \(move.from) → \(move.to): \(measure(move.measure))") }
        }
        for rule in rules.prefix(10) {
            var parts: [String] = []
            if rule.movedIn.count > 0 { parts.append("\(rule.movedIn.count) in") }
            if rule.movedOut.count > 0 { parts.append("\(rule.movedOut.count) out") }
            if rule.movedWithin.count > 0 { parts.append("\(rule.movedWithin.count) between tiers") }
            lines.append("  by \(TextEscaping.visible(rule.rule, limit: 160)): \(parts.joined(separator: ", "))")
        }
        if unreadable > 0 { lines.append("  \(unreadable) row(s) left out: their fields cannot be read under one of the two definitions") }
        return lines
    }
}
