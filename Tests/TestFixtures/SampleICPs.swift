public import ICPDomain

/// Realistic ICP definitions that several test targets use.
public enum SampleICPs {
    /// A mid-market fintech-operations ICP with every family, disqualifiers and a committee.
    public static let fintechOps = ICPDefinition(
        name: "Series B fintech ops",
        statement: "Series B–C fintech lenders whose operations leaders lose days each month reconciling loan data across "
            + "spreadsheets, because their core banking stack cannot automate exceptions, and who must pass a regulator audit this year.",
        mode: .operating,
        cadence: .quarterly,
        signals: SignalSet(
            fit: [
                Signal(
                    key: "industry", op: .in, value: .stringList(["fintech", "insurtech"]), weight: 20,
                    rationale: "Both verticals make up 70% of closed-won ARR."),
                Signal(
                    key: "employees", op: .between, value: .numberRange(NumberRange(150, 1200)), weight: 10,
                    rationale: "Big enough to have an ops team, small enough to buy in one quarter."),
                Signal(key: "region", op: .notIn, value: .stringList(["apac"]), weight: 5),
                Signal(key: "usesSnowflake", op: .equals, value: .bool(true), weight: 7.5, rationale: "Our connector is Snowflake-first."),
            ],
            economic: [
                Signal(key: "acvUSD", op: .atLeast, value: .number(30000), weight: 15, rationale: "Below this the sales cycle does not pay back."),
                Signal(key: "grossMarginPct", op: .atMost, value: .number(0.3), weight: 4.25),
            ],
            retention: [
                Signal(key: "nrrPct", op: .atLeast, value: .number(110), weight: 12, rationale: "Expanding customers look like this.")
            ],
            trigger: [
                Signal(key: "recentEvents", op: .contains, value: .string("series-b"), weight: 8, rationale: "Fresh money, new ops hires."),
                Signal(key: "hiringHeadOfOps", op: .exists, value: nil, weight: 6),
            ]),
        disqualifiers: [
            Disqualifier(key: "ownership", op: .equals, value: .string("public-sector"), reason: "Procurement cycles exceed 12 months."),
            Disqualifier(key: "country", op: .in, value: .stringList(["ru", "ir", "kp"]), reason: "Sanctioned jurisdictions."),
        ],
        committee: [
            CommitteeRole(kind: .economicBuyer, pain: "Audit findings land on the COO's desk."),
            CommitteeRole(kind: .champion, pain: "Month-end close takes the ops team a full week."),
            CommitteeRole(kind: .technicalEvaluator, pain: "Every new data feed is a bespoke script."),
        ],
        thresholds: TierThresholds(a: 75, b: 55, c: 35),
        missingDataPolicy: .zero)

    /// A small experimental ICP with a monthly cadence and text that needs quoting.
    public static let experimentHealth = ICPDefinition(
        name: "Experiment: clinics (2025)",
        statement: "Independent clinics: 5–50 staff, no RCM vendor, #1 pain is denied claims; act before the payer rule change.",
        mode: .experimental,
        cadence: ReviewCadence(months: 1),
        signals: SignalSet(
            fit: [
                Signal(key: "industry", op: .equals, value: .string("healthcare"), weight: 30, rationale: "yes"),
                Signal(key: "npiCount", op: .equals, value: .number(1), weight: 10, rationale: "true"),
                Signal(key: "ehr", op: .in, value: .stringList(["athena", "true", "42", "a, b", "[x]", "no"]), weight: 12.5),
            ],
            economic: [Signal(key: "claimsPerMonth", op: .between, value: .numberRange(NumberRange(250.5, 1e6)), weight: 20)],
            trigger: [Signal(key: "payerRule", op: .equals, value: .string("2025-01-01"), weight: 5, rationale: "Rule: effective date")]),
        disqualifiers: [Disqualifier(key: "hospitalOwned", op: .equals, value: .bool(true), reason: "Hospital IT buys centrally.")],
        committee: [CommitteeRole(kind: .executiveSponsor, pain: "Denials eat 8% of revenue.")],
        thresholds: TierThresholds(a: 90.5, b: 60, c: 12.25),
        missingDataPolicy: .neutral)

    /// The smallest valid definition.
    public static let minimal = ICPDefinition(name: "Minimal", statement: "Anyone who signs.")

    /// A fintech-platforms ICP with a few signals, one disqualifier and a committee: the application-layer tests' usual ICP.
    public static let fintechPlatforms = ICPDefinition(
        name: "Fintech platforms",
        statement: "Series B fintech platforms whose finance lead must cut reconciliation time before the next audit.",
        signals: SignalSet(
            fit: [
                Signal(key: "industry", op: .in, value: .stringList(["fintech"]), weight: 30),
                Signal(key: "employees", op: .between, value: .numberRange(NumberRange(50, 500)), weight: 10),
            ],
            economic: [Signal(key: "acvUSD", op: .atLeast, value: .number(25_000), weight: 20)]
        ),
        disqualifiers: [Disqualifier(key: "region", op: .in, value: .stringList(["RU"]), reason: "Sanctions.")],
        committee: [CommitteeRole(kind: .economicBuyer, pain: "Audit findings on reconciliation.")]
    )

    /// A board-reporting ICP statement that passes the linter's checks.
    public static let boardReportingStatement =
        "Series B fintechs whose RevOps lead is drowning in manual board reporting without a single source of truth, and must fix it before the next funding round."

    public static func boardReporting(mode: ICPMode = .operating) -> ICPDefinition {
        ICPDefinition(
            name: "Series B fintech",
            statement: boardReportingStatement,
            mode: mode,
            signals: SignalSet(
                fit: [
                    Signal(key: "industry", op: .in, value: .stringList(["fintech", "insurtech"]), weight: 30, rationale: "Best win rates"),
                    Signal(key: "employees", op: .between, value: .numberRange(NumberRange(100, 1000)), weight: 10),
                    Signal(key: "stack", op: .contains, value: .string("snowflake"), weight: 10),
                ],
                economic: [Signal(key: "acvUSD", op: .atLeast, value: .number(30_000), weight: 20)],
                retention: [Signal(key: "nrrPct", op: .atLeast, value: .number(110), weight: 20)],
                trigger: [Signal(key: "recentFunding", op: .exists, value: nil, weight: 10)]
            ),
            disqualifiers: [
                Disqualifier(key: "industry", op: .equals, value: .string("gaming"), reason: "Regulatory exposure"),
                Disqualifier(key: "employees", op: .atMost, value: .number(10), reason: "Too small"),
            ],
            committee: [
                CommitteeRole(kind: .economicBuyer, pain: "Board reporting takes a week"),
                CommitteeRole(kind: .champion, pain: "Owns the spreadsheets"),
            ]
        )
    }
}
