import ByteText
import ICPDomain

/// A fast JSON writer for `ICPDefinition`, producing the same shape as its `Codable` form (so
/// `JSONDecoder` reads it back), for the many definitions a rebuild writes. Foundation's
/// `JSONEncoder` costs far more per definition than the rest of a revision's row.
///
/// Writes UTF-8 bytes directly. A ``Cache`` remembers the JSON of the last rule lists it wrote:
/// consecutive revisions of one ICP mostly share their lists (a change touches one or two), and
/// comparing a list with the previous revision's (often the same storage) is far cheaper than
/// writing it again.
enum DefinitionJSON {
    struct Cache {
        var committee: (list: [CommitteeRole], json: [UInt8])?
        var disqualifiers: (list: [Disqualifier], json: [UInt8])?
        var signals: [(list: [Signal], json: [UInt8])?] = [nil, nil, nil, nil]
    }

    static let families: [(SignalFamily, StaticString)] = [(.economic, "economic"), (.fit, "fit"), (.retention, "retention"), (.trigger, "trigger")]

    static func encode(_ d: ICPDefinition) -> String {
        var cache = Cache()
        return encode(d, cache: &cache)
    }

    static func encode(_ d: ICPDefinition, cache: inout Cache) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        raw("{\"cadence\":{\"months\":", &out)
        int(Int64(d.cadence.months), &out)
        raw("},\"committee\":", &out)
        if let cached = cache.committee, cached.list == d.committee {
            out += cached.json
        } else {
            var part: [UInt8] = []
            part.reserveCapacity(512)
            committee(d.committee, &part)
            cache.committee = (d.committee, part)
            out += part
        }
        raw(",\"disqualifiers\":", &out)
        if let cached = cache.disqualifiers, cached.list == d.disqualifiers {
            out += cached.json
        } else {
            var part: [UInt8] = []
            part.reserveCapacity(512)
            disqualifiers(d.disqualifiers, &part)
            cache.disqualifiers = (d.disqualifiers, part)
            out += part
        }
        raw(",\"missingDataPolicy\":", &out)
        string(d.missingDataPolicy.rawValue, &out)
        raw(",\"mode\":", &out)
        string(d.mode.rawValue, &out)
        raw(",\"name\":", &out)
        string(d.name, &out)
        raw(",\"signals\":{", &out)
        for (f, family) in families.enumerated() {
            if f > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            raw(family.1, &out)
            raw("\":", &out)
            let list = d.signals[family.0]
            if let cached = cache.signals[f], cached.list == list {
                out += cached.json
            } else {
                var part: [UInt8] = []
                part.reserveCapacity(1024)
                signals(list, &part)
                cache.signals[f] = (list, part)
                out += part
            }
        }
        raw("},\"statement\":", &out)
        string(d.statement, &out)
        raw(",\"thresholds\":{\"a\":", &out)
        number(d.thresholds.a, &out)
        raw(",\"b\":", &out)
        number(d.thresholds.b, &out)
        raw(",\"c\":", &out)
        number(d.thresholds.c, &out)
        raw("}}", &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func committee(_ seats: [CommitteeRole], _ out: inout [UInt8]) { list(seats, &out, committeeRole) }

    static func committeeRole(_ seat: CommitteeRole, _ out: inout [UInt8]) {
        raw("{\"kind\":", &out)
        string(seat.kind.rawValue, &out)
        raw(",\"pain\":", &out)
        string(seat.pain, &out)
        out.append(UInt8(ascii: "}"))
    }

    static func disqualifiers(_ list: [Disqualifier], _ out: inout [UInt8]) { self.list(list, &out, disqualifier) }

    static func disqualifier(_ q: Disqualifier, _ out: inout [UInt8]) {
        raw("{\"key\":", &out)
        string(q.key, &out)
        raw(",\"op\":", &out)
        string(q.op.rawValue, &out)
        raw(",\"reason\":", &out)
        string(q.reason, &out)
        if let value = q.value {
            raw(",\"value\":", &out)
            rule(value, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func signals(_ list: [Signal], _ out: inout [UInt8]) { self.list(list, &out, signal) }

    static func signal(_ s: Signal, _ out: inout [UInt8]) {
        raw("{\"key\":", &out)
        string(s.key, &out)
        raw(",\"op\":", &out)
        string(s.op.rawValue, &out)
        raw(",\"rationale\":", &out)
        string(s.rationale, &out)
        if let value = s.value {
            raw(",\"value\":", &out)
            rule(value, &out)
        }
        raw(",\"weight\":", &out)
        number(s.weight, &out)
        out.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    static func list<T>(_ items: [T], _ out: inout [UInt8], _ write: (T, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            write(item, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A revision's changes in the shape of their `Codable` form (each case an object keyed by
    /// its name, holding its labelled values), for the `changes` column.
    static func changes(_ changes: [DefinitionChange]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128 * changes.count + 2)
        list(changes, &out, change)
        return String(decoding: out, as: UTF8.self)
    }

    static func change(_ change: DefinitionChange, _ out: inout [UInt8]) {
        func pair(_ name: StaticString, _ write: (inout [UInt8]) -> Void) {
            out.append(UInt8(ascii: "{"))
            out.append(UInt8(ascii: "\""))
            raw(name, &out)
            raw("\":{", &out)
            write(&out)
            raw("}}", &out)
        }
        func strings(_ before: String, _ after: String) -> (inout [UInt8]) -> Void {
            { out in
                raw("\"after\":", &out)
                string(after, &out)
                raw(",\"before\":", &out)
                string(before, &out)
            }
        }
        func thresholds(_ t: TierThresholds, _ out: inout [UInt8]) {
            raw("{\"a\":", &out)
            number(t.a, &out)
            raw(",\"b\":", &out)
            number(t.b, &out)
            raw(",\"c\":", &out)
            number(t.c, &out)
            out.append(UInt8(ascii: "}"))
        }
        switch change {
        case .thresholds(let before, let after):
            pair("thresholds") { out in
                raw("\"after\":", &out)
                thresholds(after, &out)
                raw(",\"before\":", &out)
                thresholds(before, &out)
            }
        case .signal(let family, let c):
            pair("signal") { out in
                raw("\"change\":", &out)
                listChange(c, &out, signal)
                raw(",\"family\":", &out)
                string(family.rawValue, &out)
            }
        case .disqualifier(let c):
            pair("disqualifier") { out in
                raw("\"change\":", &out)
                listChange(c, &out, disqualifier)
            }
        case .committeeRole(let c):
            pair("committeeRole") { out in
                raw("\"change\":", &out)
                listChange(c, &out, committeeRole)
            }
        case .name(let before, let after): pair("name", strings(before, after))
        case .statement(let before, let after): pair("statement", strings(before, after))
        case .mode(let before, let after): pair("mode", strings(before.rawValue, after.rawValue))
        case .missingDataPolicy(let before, let after): pair("missingDataPolicy", strings(before.rawValue, after.rawValue))
        case .cadence(let before, let after):
            pair("cadence") { out in
                raw("\"after\":{\"months\":", &out)
                int(Int64(after.months), &out)
                raw("},\"before\":{\"months\":", &out)
                int(Int64(before.months), &out)
                out.append(UInt8(ascii: "}"))
            }
        }
    }

    static func listChange<E>(_ change: ListChange<E>, _ out: inout [UInt8], _ element: (E, inout [UInt8]) -> Void) {
        switch change {
        case .added(let e):
            raw("{\"added\":{\"element\":", &out)
            element(e, &out)
        case .removed(let ref, let before):
            raw("{\"removed\":{\"before\":", &out)
            element(before, &out)
            raw(",\"ref\":", &out)
            ruleRef(ref, &out)
        case .changed(let ref, let before, let after):
            raw("{\"changed\":{\"after\":", &out)
            element(after, &out)
            raw(",\"before\":", &out)
            element(before, &out)
            raw(",\"ref\":", &out)
            ruleRef(ref, &out)
        case .reordered(let order):
            raw("{\"reordered\":{\"order\":", &out)
            list(order, &out, ruleRef)
        }
        raw("}}", &out)
    }

    static func ruleRef(_ ref: RuleRef, _ out: inout [UInt8]) {
        raw("{\"key\":", &out)
        string(ref.key, &out)
        if let op = ref.op {
            raw(",\"op\":", &out)
            string(op.rawValue, &out)
        }
        raw(",\"ordinal\":", &out)
        int(Int64(ref.ordinal), &out)
        out.append(UInt8(ascii: "}"))
    }

    static func rule(_ value: RuleValue, _ out: inout [UInt8]) {
        raw("{\"kind\":", &out)
        string(value.kind.rawValue, &out)
        raw(",\"value\":", &out)
        switch value {
        case .string(let s): string(s, &out)
        case .number(let n): number(n, &out)
        case .bool(let b): raw(b ? "true" : "false", &out)
        case .stringList(let list):
            out.append(UInt8(ascii: "["))
            for (i, s) in list.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(s, &out)
            }
            out.append(UInt8(ascii: "]"))
        case .numberRange(let r):
            raw("{\"lower\":", &out)
            number(r.lower, &out)
            raw(",\"upper\":", &out)
            number(r.upper, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    static func raw(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    static func int(_ value: Int64, _ out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    static func number(_ value: Double, _ out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 { int(Int64(value), &out) } else { out.append(contentsOf: String(value).utf8) }
    }

    /// A JSON string with the minimal escapes (`JSONString`, the writer the event store hashes with).
    @inline(__always)
    static func string(_ value: String, _ out: inout [UInt8]) { JSONString.append(value, to: &out) }
}
