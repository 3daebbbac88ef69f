/// The semantic difference between two ICP definitions, as an ordered list of changes.
///
/// Laws (tested): `DefinitionDiff.between(a, a).isEmpty` and
/// `try DefinitionDiff.between(a, b).apply(to: a) == b`.
public struct DefinitionDiff: Hashable, Sendable, Codable {
    /// The changes, scalar fields first, then lists in a fixed order.
    public var changes: [DefinitionChange]

    /// Wraps a list of changes (e.g. from a revision proposal).
    public init(changes: [DefinitionChange]) { self.changes = changes }

    /// True when nothing differs.
    public var isEmpty: Bool { changes.isEmpty }

    /// The changes that turn `a` into `b`.
    public static func between(_ a: ICPDefinition, _ b: ICPDefinition) -> DefinitionDiff {
        var changes: [DefinitionChange] = []
        if a.name != b.name { changes.append(.name(before: a.name, after: b.name)) }
        if a.statement != b.statement { changes.append(.statement(before: a.statement, after: b.statement)) }
        if a.mode != b.mode { changes.append(.mode(before: a.mode, after: b.mode)) }
        if a.cadence != b.cadence { changes.append(.cadence(before: a.cadence, after: b.cadence)) }
        if a.thresholds != b.thresholds { changes.append(.thresholds(before: a.thresholds, after: b.thresholds)) }
        if a.missingDataPolicy != b.missingDataPolicy {
            changes.append(.missingDataPolicy(before: a.missingDataPolicy, after: b.missingDataPolicy))
        }
        for family in SignalFamily.allCases {
            changes += listChanges(a.signals[family], b.signals[family]).map { .signal(family: family, change: $0) }
        }
        changes += listChanges(a.disqualifiers, b.disqualifiers).map { .disqualifier(change: $0) }
        changes += listChanges(a.committee, b.committee).map { .committeeRole(change: $0) }
        return DefinitionDiff(changes: changes)
    }

    /// Applies the changes to `base`, checking every `before` value against it.
    /// Throws ``DomainError/changeDoesNotApply(_:)`` when a change does not fit.
    public func apply(to base: ICPDefinition) throws(DomainError) -> ICPDefinition {
        var result = base
        var signalChanges: [SignalFamily: [ListChange<Signal>]] = [:]
        var disqualifierChanges: [ListChange<Disqualifier>] = []
        var committeeChanges: [ListChange<CommitteeRole>] = []
        for change in changes {
            switch change {
            case .name(let before, let after):
                try Self.check(result.name == before, "the name is not '\(before)'")
                result.name = after
            case .statement(let before, let after):
                try Self.check(result.statement == before, "the statement has changed since the proposal was written")
                result.statement = after
            case .mode(let before, let after):
                try Self.check(result.mode == before, "the mode is not \(before.rawValue)")
                result.mode = after
            case .cadence(let before, let after):
                try Self.check(result.cadence == before, "the cadence is not \(before)")
                result.cadence = after
            case .thresholds(let before, let after):
                try Self.check(result.thresholds == before, "the thresholds have changed")
                result.thresholds = after
            case .missingDataPolicy(let before, let after):
                try Self.check(result.missingDataPolicy == before, "the missing-data policy is not \(before.rawValue)")
                result.missingDataPolicy = after
            case .signal(let family, let change):
                signalChanges[family, default: []].append(change)
            case .disqualifier(let change):
                disqualifierChanges.append(change)
            case .committeeRole(let change):
                committeeChanges.append(change)
            }
        }
        for (family, list) in signalChanges {
            result.signals[family] = try Self.applyList(list, to: result.signals[family], what: "\(family.rawValue) signal")
        }
        result.disqualifiers = try Self.applyList(disqualifierChanges, to: result.disqualifiers, what: "disqualifier")
        result.committee = try Self.applyList(committeeChanges, to: result.committee, what: "committee role")
        return result
    }

    private static func check(_ condition: Bool, _ detail: @autoclosure () -> String) throws(DomainError) {
        if !condition { throw .changeDoesNotApply(detail()) }
    }

    static func listChanges<E: DiffIdentifiable>(_ a: [E], _ b: [E]) -> [ListChange<E>] {
        // Most revisions touch one list; the others are equal (often the very same storage).
        if a == b { return [] }
        let refsA = RuleRef.refs(for: a)
        let refsB = RuleRef.refs(for: b)
        let byRefA = Dictionary(uniqueKeysWithValues: zip(refsA, a))
        let byRefB = Dictionary(uniqueKeysWithValues: zip(refsB, b))
        var changes: [ListChange<E>] = []
        var resultOrder: [RuleRef] = []
        for (ref, before) in zip(refsA, a) {
            if let after = byRefB[ref] {
                resultOrder.append(ref)
                if after != before { changes.append(.changed(ref: ref, before: before, after: after)) }
            } else {
                changes.append(.removed(ref: ref, before: before))
            }
        }
        for (ref, element) in zip(refsB, b) where byRefA[ref] == nil {
            changes.append(.added(element: element))
            resultOrder.append(ref)
        }
        if resultOrder != refsB { changes.append(.reordered(order: refsB)) }
        return changes
    }

    static func applyList<E: DiffIdentifiable>(_ changes: [ListChange<E>], to list: [E], what: String) throws(DomainError) -> [E] {
        if changes.isEmpty { return list }
        let refs = RuleRef.refs(for: list)
        let index = Dictionary(uniqueKeysWithValues: zip(refs, refs.indices))
        var slots: [E?] = list
        var touched = Set<Int>()
        var appended: [E] = []
        var order: [RuleRef]?
        for change in changes {
            switch change {
            case .added(let element):
                appended.append(element)
            case .removed(let ref, let before):
                guard let i = index[ref], !touched.contains(i), slots[i] == before else {
                    throw .changeDoesNotApply("no \(what) '\(ref)' as described to remove")
                }
                slots[i] = nil
                touched.insert(i)
            case .changed(let ref, let before, let after):
                guard let i = index[ref], !touched.contains(i), slots[i] == before else {
                    throw .changeDoesNotApply("no \(what) '\(ref)' as described to change")
                }
                guard after.identityKey == before.identityKey, after.identityOperator == before.identityOperator else {
                    throw .changeDoesNotApply("a change may not alter the key or operator of \(what) '\(ref)'; remove and add instead")
                }
                slots[i] = after
                touched.insert(i)
            case .reordered(let newOrder):
                order = newOrder
            }
        }
        var result = slots.compactMap { $0 } + appended
        if let order {
            let resultRefs = RuleRef.refs(for: result)
            let byRef = Dictionary(uniqueKeysWithValues: zip(resultRefs, result))
            guard order.count == result.count, Set(order) == Set(resultRefs) else {
                throw .changeDoesNotApply("the new order of \(what)s does not name each rule exactly once")
            }
            result = order.compactMap { byRef[$0] }
        }
        return result
    }
}
