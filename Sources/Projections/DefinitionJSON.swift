import ICPDomain

/// A fast JSON writer for `ICPDefinition`, producing the same shape as its `Codable` form (so
/// `JSONDecoder` reads it back), for the many definitions a rebuild writes. Foundation's
/// `JSONEncoder` costs far more per definition than the rest of a revision's row.
enum DefinitionJSON {
    static func encode(_ d: ICPDefinition) -> String {
        var out = ""
        out.reserveCapacity(2048)
        out += "{\"cadence\":{\"months\":\(d.cadence.months)},\"committee\":["
        for (i, seat) in d.committee.enumerated() {
            if i > 0 { out += "," }
            out += "{\"kind\":"; string(seat.kind.rawValue, &out); out += ",\"pain\":"; string(seat.pain, &out); out += "}"
        }
        out += "],\"disqualifiers\":["
        for (i, q) in d.disqualifiers.enumerated() {
            if i > 0 { out += "," }
            out += "{\"key\":"; string(q.key, &out)
            out += ",\"op\":"; string(q.op.rawValue, &out)
            out += ",\"reason\":"; string(q.reason, &out)
            if let value = q.value { out += ",\"value\":"; rule(value, &out) }
            out += "}"
        }
        out += "],\"missingDataPolicy\":"; string(d.missingDataPolicy.rawValue, &out)
        out += ",\"mode\":"; string(d.mode.rawValue, &out)
        out += ",\"name\":"; string(d.name, &out)
        out += ",\"signals\":{"
        for (f, family) in [(SignalFamily.economic, "economic"), (.fit, "fit"), (.retention, "retention"), (.trigger, "trigger")].enumerated() {
            if f > 0 { out += "," }
            out += "\"\(family.1)\":["
            for (i, s) in d.signals[family.0].enumerated() {
                if i > 0 { out += "," }
                out += "{\"key\":"; string(s.key, &out)
                out += ",\"op\":"; string(s.op.rawValue, &out)
                out += ",\"rationale\":"; string(s.rationale, &out)
                if let value = s.value { out += ",\"value\":"; rule(value, &out) }
                out += ",\"weight\":"; number(s.weight, &out)
                out += "}"
            }
            out += "]"
        }
        out += "},\"statement\":"; string(d.statement, &out)
        out += ",\"thresholds\":{\"a\":"; number(d.thresholds.a, &out)
        out += ",\"b\":"; number(d.thresholds.b, &out)
        out += ",\"c\":"; number(d.thresholds.c, &out)
        out += "}}"
        return out
    }

    static func rule(_ value: RuleValue, _ out: inout String) {
        out += "{\"kind\":"; string(value.kind.rawValue, &out); out += ",\"value\":"
        switch value {
        case .string(let s): string(s, &out)
        case .number(let n): number(n, &out)
        case .bool(let b): out += b ? "true" : "false"
        case .stringList(let list):
            out += "["
            for (i, s) in list.enumerated() {
                if i > 0 { out += "," }
                string(s, &out)
            }
            out += "]"
        case .numberRange(let r):
            out += "{\"lower\":"; number(r.lower, &out); out += ",\"upper\":"; number(r.upper, &out); out += "}"
        }
        out += "}"
    }

    static func number(_ value: Double, _ out: inout String) {
        if value == value.rounded(), abs(value) < 1e15 { out += String(Int64(value)) } else { out += String(value) }
    }

    static func string(_ value: String, _ out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
