/// The five elements a good ICP statement names, with the keyword heuristics that detect them.
///
/// Detection is deliberately simple: the lowercased statement is searched for any of the element's
/// cue words (substring match). It errs towards not warning; the fix is editorial, not mechanical.
public enum StatementElement: String, Hashable, Sendable, Codable, CaseIterable {
    /// Company stage: seed, Series B, growth-stage, mid-market, public…
    case stage
    /// The pain: struggling, manual, losing, slow, costly…
    case pain
    /// The buyer context: a role such as VP, head of, CFO, RevOps lead, team…
    case buyer
    /// The operating gap: without, lacks, still on spreadsheets, outgrown, legacy…
    case gap
    /// The reason to act now: before, after, must, deadline, funding, new, this quarter…
    case reasonToAct

    /// Cue words (lowercase substrings).
    public var cues: [String] {
        switch self {
        case .stage:
            [
                "seed", "series ", "series-", "growth-stage", "growth stage", "scale-up", "scaleup", "startup", "start-up",
                "mid-market", "midmarket", "enterprise", "smb", "post-ipo", "public compan", "bootstrapped", "stage",
            ]
        case .pain:
            [
                "pain", "struggl", "drown", "manual", "slow", "costly", "losing", "lose ", "leak", "friction", "bottleneck",
                "cannot", "can't", "unable", "waste", "error-prone", "errors", "risk", "burn",
            ]
        case .buyer:
            [
                "head of", "heads of", "vp ", "vice president", "chief", "cfo", "cto", "ceo", "coo", "cro", "cmo", "cio", "ciso", "director",
                "lead ", "leader", "manager", "founder", "owner", "team", "revops", "buyer",
            ]
        case .gap:
            [
                "without", "lack", "no ", "missing", "gap", "spreadsheet", "legacy", "outgrown", "instead of", "still ",
                "only ", "patchwork", "disconnected", "siloed",
            ]
        case .reasonToAct:
            [
                "before", "after", "because", "must", "need to", "deadline", "now", "this quarter", "next ", "regulation",
                "audit", "funding", "raised", "new ", "launch", "renewal", "by q", "ahead of", "due to",
            ]
        }
    }

    /// The elements a statement lacks.
    public static func missing(in statement: String) -> [StatementElement] {
        let text = " " + statement.lowercased() + " "
        return allCases.filter { element in !element.cues.contains { text.contains($0) } }
    }
}
