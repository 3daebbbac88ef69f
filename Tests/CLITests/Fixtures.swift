/// A new ICP as a RevOps lead would write it (no `icp` id, no `base-revision`).
enum Fixtures {
    static let icpName = "Mid-market 3PL warehouses"

    static let newICP = """
        format: icpledger/v1
        workspace: acme
        owner: alice

        name: Mid-market 3PL warehouses
        statement: Mid-market third-party logistics providers whose heads of operations plan shift labour in spreadsheets and lose margin to overtime, who must lock in staffing before peak season.
        mode: operating
        cadence: quarterly
        missing-data: neutral
        tiers:
          a: 80
          b: 60
          c: 40

        signals:
          fit:
            - key: industry
              operator: in
              value: [third-party-logistics, contract-warehousing]
              weight: 25
              rationale: These two segments are most of closed-won revenue.
            - key: warehouseCount
              operator: between
              value: {min: 3, max: 40}
              weight: 15
              rationale: One site is too small; national networks build in-house.
          economic:
            - key: acvUSD
              operator: at-least
              value: 40000
              weight: 15
              rationale: Below this the rollout does not pay back.

        disqualifiers:
          - key: unionizedWorkforce
            operator: equals
            value: true
            reason: Collective agreements fix shift patterns.

        committee:
          - role: economic-buyer
            pain: Overtime blows the quarterly labour budget every peak.
          - role: champion
            pain: Site managers rebuild the shift plan by hand every Friday.

        """
}
