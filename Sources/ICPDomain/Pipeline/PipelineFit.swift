/// A count of pipeline rows and the value they carry.
public struct PipelineMeasure: Sendable, Hashable, Codable {
    public var count: Int
    public var value: Double

    public init(count: Int = 0, value: Double = 0) {
        self.count = count
        self.value = value
    }

    mutating func add(_ amount: Double) {
        count += 1
        value += amount
    }

    /// This measure's share of `whole`, by count and by value, in percent (nil for an empty whole).
    public func share(of whole: PipelineMeasure) -> (count: Double?, value: Double?) {
        (whole.count > 0 ? 100 * Double(count) / Double(whole.count) : nil, whole.value != 0 ? 100 * value / whole.value : nil)
    }
}

/// How a pipeline snapshot fits one ICP at the revision operating on its day. The rows split into
/// disqualified and, for the rest, their tier; in fit means not disqualified and tier C or better.
public struct PipelineFit: Sendable, Hashable, Codable {
    public var icpId: ICPID
    public var revision: Int
    /// Rows scored (the snapshot's rows, less skipped ones).
    public var total: PipelineMeasure
    public var inFit: PipelineMeasure
    /// Rows no disqualifier excluded, by tier (A to D, each present).
    public var byTier: [TierMeasure]
    public var disqualified: PipelineMeasure
    /// The disqualifiers that excluded most rows, most first (at most ``maxReasons``).
    public var topDisqualifiers: [DisqualifierMeasure]
    /// Each owner's rows and the part outside fit, by value then id (at most ``maxOwners``; the rest
    /// are summed in ``otherOwners``). Owners are principal ids or pseudonyms, never names.
    public var owners: [OwnerMeasure]
    public var otherOwners: OwnerMeasure?

    public static let maxReasons = 10
    public static let maxOwners = 200

    public init(
        icpId: ICPID, revision: Int, total: PipelineMeasure, inFit: PipelineMeasure, byTier: [TierMeasure], disqualified: PipelineMeasure,
        topDisqualifiers: [DisqualifierMeasure], owners: [OwnerMeasure], otherOwners: OwnerMeasure?
    ) {
        self.icpId = icpId
        self.revision = revision
        self.total = total
        self.inFit = inFit
        self.byTier = byTier
        self.disqualified = disqualified
        self.topDisqualifiers = topDisqualifiers
        self.owners = owners
        self.otherOwners = otherOwners
    }

    /// The share of the pipeline's rows outside fit, averaged over owners (each owner counts once):
    /// how much of a rep's pipeline sits outside the ICP. Nil without owners.
    public var ownersOutsideFitShare: Double? {
        let owned = owners + (otherOwners.map { [$0] } ?? [])
        let shares = owned.compactMap { $0.outsideFit.share(of: $0.total).count }
        return shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count)
    }
}

/// Rows of one tier.
public struct TierMeasure: Sendable, Hashable, Codable {
    public var tier: Tier
    public var measure: PipelineMeasure

    public init(tier: Tier, measure: PipelineMeasure) {
        self.tier = tier
        self.measure = measure
    }
}

/// Rows one disqualifier excluded (a row excluded by several counts for each).
public struct DisqualifierMeasure: Sendable, Hashable, Codable {
    public var key: String
    public var reason: String
    public var measure: PipelineMeasure

    public init(key: String, reason: String, measure: PipelineMeasure) {
        self.key = key
        self.reason = reason
        self.measure = measure
    }
}

/// One owner's rows and the part of them outside fit.
public struct OwnerMeasure: Sendable, Hashable, Codable {
    /// A principal id, a pseudonym, or `other` for the owners summed together.
    public var owner: String
    public var total: PipelineMeasure
    public var outsideFit: PipelineMeasure

    public init(owner: String, total: PipelineMeasure, outsideFit: PipelineMeasure) {
        self.owner = owner
        self.total = total
        self.outsideFit = outsideFit
    }
}

/// Adds up scored rows into each ICP's ``PipelineFit``.
public struct PipelineTally: Sendable {
    struct Counts: Sendable {
        var total = PipelineMeasure()
        var inFit = PipelineMeasure()
        var tiers = [PipelineMeasure](repeating: PipelineMeasure(), count: Tier.allCases.count)
        var disqualified = PipelineMeasure()
        var reasons: [PipelineMeasure]
        var owners: [String: (total: PipelineMeasure, outside: PipelineMeasure)] = [:]
    }

    let targets: [PipelineScorer.Target]
    var counts: [Counts]
    /// Rows added, and their value.
    public private(set) var rows = PipelineMeasure()

    public init(targets: [PipelineScorer.Target]) {
        self.targets = targets
        counts = targets.map { Counts(reasons: [PipelineMeasure](repeating: PipelineMeasure(), count: $0.scorer.definition.disqualifiers.count)) }
    }

    /// Adds a row; `owner` is its owner as stored (a principal id or a pseudonym).
    public mutating func add(_ row: PipelineRow, owner: String?) {
        let amount = row.amount ?? 0
        rows.add(amount)
        for (index, score) in row.scores.enumerated() where index < counts.count {
            counts[index].total.add(amount)
            if score.inFit { counts[index].inFit.add(amount) }
            if score.qualified {
                counts[index].tiers[Tier.allCases.firstIndex(of: score.tier)!].add(amount)
            } else {
                counts[index].disqualified.add(amount)
                let letters = score.outcomes.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
                if letters.count == 2 {
                    for (position, letter) in letters[1].enumerated() where letter == UInt8(ascii: "d") && position < counts[index].reasons.count {
                        counts[index].reasons[position].add(amount)
                    }
                }
            }
            if let owner {
                var entry = counts[index].owners[owner] ?? (PipelineMeasure(), PipelineMeasure())
                entry.total.add(amount)
                if !score.inFit { entry.outside.add(amount) }
                counts[index].owners[owner] = entry
            }
        }
    }

    /// Each ICP's fit, in the targets' order.
    public var fits: [PipelineFit] {
        zip(targets, counts).map { target, counts in
            let definition = target.scorer.definition
            let reasons = zip(definition.disqualifiers, counts.reasons)
                .filter { $0.1.count > 0 }
                .map { DisqualifierMeasure(key: $0.0.key, reason: $0.0.reason, measure: $0.1) }
                .sorted { ($0.measure.count, $0.measure.value, $1.key) > ($1.measure.count, $1.measure.value, $0.key) }
            let owners = counts.owners.map { OwnerMeasure(owner: $0.key, total: $0.value.total, outsideFit: $0.value.outside) }
                .sorted { ($0.total.value, $0.total.count, $1.owner) > ($1.total.value, $1.total.count, $0.owner) }
            var other: OwnerMeasure? = nil
            for rest in owners.dropFirst(PipelineFit.maxOwners) {
                var sum = other ?? OwnerMeasure(owner: "other", total: PipelineMeasure(), outsideFit: PipelineMeasure())
                sum.total.count += rest.total.count
                sum.total.value += rest.total.value
                sum.outsideFit.count += rest.outsideFit.count
                sum.outsideFit.value += rest.outsideFit.value
                other = sum
            }
            return PipelineFit(
                icpId: target.id, revision: target.scorer.revision, total: counts.total, inFit: counts.inFit,
                byTier: zip(Tier.allCases, counts.tiers).map { TierMeasure(tier: $0, measure: $1) }, disqualified: counts.disqualified,
                topDisqualifiers: Array(reasons.prefix(PipelineFit.maxReasons)), owners: Array(owners.prefix(PipelineFit.maxOwners)),
                otherOwners: other)
        }
    }
}
