public import ICPDomain

// The demo's ICP definitions, as first drafted; `load` revises them through the ledger.
extension DemoWorkspace {
    /// The demo's operating ICP as first drafted (mid-market SaaS revenue teams): a realistic,
    /// fully populated definition, also every synthetic ICP's draft and a fixture for tests.
    public static let coreICP = ICPDefinition(
        name: "Mid-market SaaS revenue teams",
        statement:
            "Series B–D B2B SaaS companies whose RevOps lead loses days to manual pipeline reporting and whose CRO must defend the forecast to the board this quarter.",
        signals: SignalSet(
            fit: [
                Signal(
                    key: "industry", op: .in, value: .stringList(["b2b-saas", "fintech-infrastructure"]), weight: 20,
                    rationale: "Subscription revenue makes forecasting the board's top question."),
                Signal(key: "employees", op: .between, value: .numberRange(NumberRange(100, 1500)), weight: 10),
                Signal(key: "crm", op: .in, value: .stringList(["salesforce", "hubspot"]), weight: 8),
            ],
            economic: [
                Signal(key: "acvUSD", op: .atLeast, value: .number(20_000), weight: 15),
                Signal(key: "salesCycleDays", op: .atMost, value: .number(90), weight: 6),
            ],
            retention: [Signal(key: "nrrPct", op: .atLeast, value: .number(105), weight: 10)],
            trigger: [Signal(key: "recentFunding", op: .exists, value: nil, weight: 8, rationale: "A new round resets the board's expectations.")]
        ),
        disqualifiers: [
            Disqualifier(key: "region", op: .in, value: .stringList(["RU", "BY"]), reason: "Sanctions: we cannot contract there.")
        ],
        committee: [
            CommitteeRole(kind: .economicBuyer, pain: "The CRO misses the forecast in front of the board."),
            CommitteeRole(kind: .champion, pain: "The RevOps lead rebuilds the same pipeline report every week."),
            CommitteeRole(kind: .technicalEvaluator, pain: "The data engineer owns brittle CRM-to-warehouse syncs."),
            CommitteeRole(kind: .blocker, pain: "Security must review every new data processor for SOC 2."),
        ]
    )

    /// The demo's retired ICP (growth agencies).
    static let agencyICP = ICPDefinition(
        name: "Growth agencies",
        statement: "Marketing agencies with 20–200 staff that report pipeline to several clients and need it this quarter.",
        signals: SignalSet(
            fit: [
                Signal(key: "industry", op: .equals, value: .string("marketing-agency"), weight: 30),
                Signal(key: "employees", op: .between, value: .numberRange(NumberRange(20, 200)), weight: 15),
            ],
            economic: [Signal(key: "acvUSD", op: .atLeast, value: .number(8_000), weight: 10)]
        ),
        committee: [CommitteeRole(kind: .economicBuyer, pain: "The agency owner loses clients who cannot see pipeline impact.")]
    )

    /// The demo's experimental ICP (enterprise financial services).
    static let finservICP = ICPDefinition(
        name: "Enterprise financial services (pilot)",
        statement:
            "Regional banks and insurers with a modernising sales team whose CFO wants a pipeline forecast the regulator-grade finance team trusts.",
        mode: .experimental,
        signals: SignalSet(
            fit: [
                Signal(key: "industry", op: .in, value: .stringList(["banking", "insurance"]), weight: 30),
                Signal(key: "employees", op: .atLeast, value: .number(2000), weight: 10),
            ],
            economic: [Signal(key: "acvUSD", op: .atLeast, value: .number(90_000), weight: 20)],
            retention: [Signal(key: "multiYearContract", op: .equals, value: .bool(true), weight: 10)]
        ),
        disqualifiers: [Disqualifier(key: "onPremOnly", op: .equals, value: .bool(true), reason: "We are cloud-only.")],
        committee: [
            CommitteeRole(kind: .economicBuyer, pain: "The CFO cannot reconcile sales forecasts with finance's plan."),
            CommitteeRole(kind: .procurement, pain: "Vendor risk reviews take six months."),
        ]
    )
}
