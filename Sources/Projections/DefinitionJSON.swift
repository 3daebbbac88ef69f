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
        raw("{\"cadence\":{\"months\":", &out); int(Int64(d.cadence.months), &out); raw("},\"committee\":", &out)
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
        raw(",\"missingDataPolicy\":", &out); string(d.missingDataPolicy.rawValue, &out)
        raw(",\"mode\":", &out); string(d.mode.rawValue, &out)
        raw(",\"name\":", &out); string(d.name, &out)
        raw(",\"signals\":{", &out)
        for (f, family) in families.enumerated() {
            if f > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\"")); raw(family.1, &out); raw("\":", &out)
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
        raw("},\"statement\":", &out); string(d.statement, &out)
        raw(",\"thresholds\":{\"a\":", &out); number(d.thresholds.a, &out)
        raw(",\"b\":", &out); number(d.thresholds.b, &out)
        raw(",\"c\":", &out); number(d.thresholds.c, &out)
        raw("}}", &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func committee(_ seats: [CommitteeRole], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, seat) in seats.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            raw("{\"kind\":", &out); string(seat.kind.rawValue, &out); raw(",\"pain\":", &out); string(seat.pain, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    static func disqualifiers(_ list: [Disqualifier], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, q) in list.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            raw("{\"key\":", &out); string(q.key, &out)
            raw(",\"op\":", &out); string(q.op.rawValue, &out)
            raw(",\"reason\":", &out); string(q.reason, &out)
            if let value = q.value { raw(",\"value\":", &out); rule(value, &out) }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    static func signals(_ list: [Signal], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, s) in list.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            raw("{\"key\":", &out); string(s.key, &out)
            raw(",\"op\":", &out); string(s.op.rawValue, &out)
            raw(",\"rationale\":", &out); string(s.rationale, &out)
            if let value = s.value { raw(",\"value\":", &out); rule(value, &out) }
            raw(",\"weight\":", &out); number(s.weight, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    static func rule(_ value: RuleValue, _ out: inout [UInt8]) {
        raw("{\"kind\":", &out); string(value.kind.rawValue, &out); raw(",\"value\":", &out)
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
            raw("{\"lower\":", &out); number(r.lower, &out); raw(",\"upper\":", &out); number(r.upper, &out)
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

    static func string(_ value: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var clean = 0  // start of the run not yet copied
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
                clean = index + 1
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"", &out)
                case UInt8(ascii: "\\"): raw("\\\\", &out)
                case 10: raw("\\n", &out)
                case 13: raw("\\r", &out)
                case 9: raw("\\t", &out)
                default:
                    let hex = String(byte, radix: 16)
                    raw("\\u", &out)
                    out.append(contentsOf: (String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
