/// The families a signal belongs to. Disqualifiers are kept separately on the definition.
public enum SignalFamily: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// Firmographic and technographic fit: industry, size band, region, business model, stack, stage.
    case fit
    /// Unit economics of winning the account: ACV, gross margin, CAC payback, sales-cycle length.
    case economic
    /// How customers like this stay and grow: NRR, GRR, churn, expansion.
    case retention
    /// Events that create a reason to buy now: funding round, leadership hire, regulation, migration.
    case trigger

    public static func < (lhs: SignalFamily, rhs: SignalFamily) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
