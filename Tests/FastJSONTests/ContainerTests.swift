import FastJSON
import Foundation
import Testing

/// Runs a fixed script of container operations and records every result or error, so the
/// transcripts produced under both decoders can be compared operation by operation.
struct Transcript: Codable, Equatable {
    var log: [String] = []

    init(log: [String]) { self.log = log }

    static func describe(_ error: any Error) -> String {
        let (kind, path) = errorKind(error)
        return kind == "dataCorrupted" ? "!dataCorrupted" : "!\(kind)\(path)"
    }

    static func attempt(_ body: () throws -> Any) -> String {
        do { return "\(try body())" } catch { return describe(error) }
    }

    mutating func rec(_ label: String, _ body: () throws -> Any) {
        do {
            log.append("\(label) = \(try body())")
        } catch {
            log.append("\(label) \(Self.describe(error))")
        }
    }

    init(from decoder: any Decoder) throws {
        rec("codingPath") { decoder.codingPath.map(\.stringValue) }
        if let c = try? decoder.container(keyedBy: AnyKey.self) {
            rec("keyed.codingPath") { c.codingPath.map(\.stringValue) }
            rec("allKeys") { c.allKeys.map(\.stringValue).sorted() }
            for name in ["a", "b", "n", "missing", "s", "arr", "obj", "super"] {
                let k = AnyKey(name)
                rec("contains \(name)") { c.contains(k) }
                rec("decodeNil \(name)") { try c.decodeNil(forKey: k) }
                rec("Int \(name)") { try c.decode(Int.self, forKey: k) }
                rec("Int? \(name)") { String(describing: try c.decodeIfPresent(Int.self, forKey: k)) }
                rec("UInt8? \(name)") { String(describing: try c.decodeIfPresent(UInt8.self, forKey: k)) }
                rec("Double? \(name)") { String(describing: try c.decodeIfPresent(Double.self, forKey: k)) }
                rec("Bool? \(name)") { String(describing: try c.decodeIfPresent(Bool.self, forKey: k)) }
                rec("String \(name)") { try c.decode(String.self, forKey: k) }
                rec("String? \(name)") { String(describing: try c.decodeIfPresent(String.self, forKey: k)) }
                rec("[Int]? \(name)") { String(describing: try c.decodeIfPresent([Int].self, forKey: k)) }
                rec("nestedKeyed \(name)") {
                    let n = try c.nestedContainer(keyedBy: AnyKey.self, forKey: k)
                    return "\(n.codingPath.map(\.stringValue)) \(n.allKeys.map(\.stringValue).sorted())"
                }
                rec("nestedUnkeyed \(name)") {
                    let n = try c.nestedUnkeyedContainer(forKey: k)
                    return "\(n.codingPath.map(\.stringValue)) \(String(describing: n.count))"
                }
                rec("superDecoder(forKey:) \(name)") {
                    let d = try c.superDecoder(forKey: k)
                    let s = try d.singleValueContainer()
                    return "\(d.codingPath.map(\.stringValue)) nil=\(s.decodeNil()) \(Self.attempt { try s.decode(Int.self) })"
                }
            }
            rec("superDecoder()") {
                let d = try c.superDecoder()
                let s = try d.singleValueContainer()
                return "\(d.codingPath.map(\.stringValue)) nil=\(s.decodeNil()) \(Self.attempt { try s.decode(String.self) })"
            }
            rec("superDecoder().keyed") { try c.superDecoder().container(keyedBy: AnyKey.self).allKeys.count }
            rec("superDecoder().unkeyed") { try c.superDecoder().unkeyedContainer().count as Any }
        }
        if var u = try? decoder.unkeyedContainer() {
            rec("unkeyed.codingPath") { u.codingPath.map(\.stringValue) }
            rec("count") { String(describing: u.count) }
            var step = 0
            while step < 12 {
                let i = step
                rec("\(i) isAtEnd") { u.isAtEnd }
                rec("\(i) currentIndex") { u.currentIndex }
                switch step % 6 {
                case 0: rec("\(i) decodeNil") { try u.decodeNil() }
                case 1: rec("\(i) Int") { try u.decode(Int.self) }
                case 2: rec("\(i) String?") { String(describing: try u.decodeIfPresent(String.self)) }
                case 3:
                    rec("\(i) nestedKeyed") { try u.nestedContainer(keyedBy: AnyKey.self).allKeys.map(\.stringValue).sorted() }
                case 4:
                    rec("\(i) nestedUnkeyed") {
                        var n = try u.nestedUnkeyedContainer()
                        return "\(n.codingPath.map(\.stringValue)) \(String(describing: n.count)) \(Self.attempt { try n.decode(Int.self) })"
                    }
                default:
                    rec("\(i) superDecoder") {
                        let d = try u.superDecoder()
                        return "\(d.codingPath.map(\.stringValue)) \(Self.attempt { try d.singleValueContainer().decode(Double.self) })"
                    }
                }
                step += 1
            }
            rec("end isAtEnd") { u.isAtEnd }
            rec("end currentIndex") { u.currentIndex }
            rec("end Int") { try u.decode(Int.self) }
            rec("end Int?") { String(describing: try u.decodeIfPresent(Int.self)) }
            rec("end currentIndex 2") { u.currentIndex }
            rec("end decodeNil") { try u.decodeNil() }
            rec("end nestedKeyed") { try u.nestedContainer(keyedBy: AnyKey.self).allKeys.count }
            rec("end nestedUnkeyed") { try u.nestedUnkeyedContainer().count as Any }
            rec("end superDecoder") { try u.superDecoder().codingPath.map(\.stringValue) }
        }
        if let s = try? decoder.singleValueContainer() {
            rec("single.codingPath") { s.codingPath.map(\.stringValue) }
            rec("single.decodeNil") { s.decodeNil() }
            rec("single.Int") { try s.decode(Int.self) }
            rec("single.Int64") { try s.decode(Int64.self) }
            rec("single.UInt16") { try s.decode(UInt16.self) }
            rec("single.Float") { try s.decode(Float.self) }
            rec("single.Double") { try s.decode(Double.self) }
            rec("single.Bool") { try s.decode(Bool.self) }
            rec("single.String") { try s.decode(String.self) }
            rec("single.[Int]") { try s.decode([Int].self) }
            rec("single.Int?") { String(describing: try s.decode(Int?.self)) }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(log)
    }
}

struct ContainerTests {
    static let documents: [String] = [
        "{\"a\":1,\"b\":\"x\",\"n\":null,\"s\":\"str\",\"arr\":[1,2,null],\"obj\":{\"z\":1,\"y\":[]}}",
        "{\"arr\":[],\"b\":2,\"a\":-3}",
        "{\"super\":{\"a\":1},\"a\":300}",
        "{\"super\":\"sup\",\"a\":1.0,\"b\":true}",
        "{\"super\":[1,2]}",
        "{\"a\":null,\"a\":1,\"b\":1e2}",
        "{}",
        "[null,1,\"s\",{\"k\":1,\"j\":2},[3,4],2.5,null,7,null,{},[\"x\"],\"1.5\"]",
        "[1,2]",
        "[]",
        "[null]",
        "[[],[[]],{\"a\":{}}]",
        "[null,null,null,null,null,null,null,null,null,null,null,null,null]",
        "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\"]",
        "null", "1", "-1", "70000", "1.5", "true", "\"s\"", "\"\"",
        "{\"o\":{\"p\":[{\"q\":[1,{\"a\":\"x\"}]}]}}",
    ]

    @Test func containerOperationsMatchFoundation() throws {
        for doc in Self.documents {
            let expected = try JSONDecoder().decode(Transcript.self, from: Data(doc.utf8))
            let actual = try FastJSONDecoder().decode(Transcript.self, from: doc)
            #expect(expected.log.count == actual.log.count, "\(doc)")
            for (e, a) in zip(expected.log, actual.log) {
                #expect(e == a, "\(doc)")
            }
        }
    }

    /// The same transcripts nested inside arrays and objects (checks coding paths).
    @Test func nestedContainerOperationsMatchFoundation() throws {
        for doc in Self.documents {
            for wrapped in ["[0,\(doc)]", "{\"w\":{\"x\":[\(doc)]}}"] {
                let expected = try JSONDecoder().decode(AnyTranscripts.self, from: Data(wrapped.utf8))
                let actual = try FastJSONDecoder().decode(AnyTranscripts.self, from: wrapped)
                #expect(expected == actual, "\(wrapped)")
            }
        }
    }

    @Test func unkeyedCountAndIndices() throws {
        struct Probe: Decodable {
            var seen: [String] = []
            init(from decoder: any Decoder) throws {
                var u = try decoder.unkeyedContainer()
                seen.append("count=\(u.count ?? -1)")
                while !u.isAtEnd {
                    let i = u.currentIndex
                    if try u.decodeNil() {
                        seen.append("\(i):nil")
                        continue
                    }
                    seen.append("\(i):\(try u.decode(Int.self))")
                }
                seen.append("end=\(u.currentIndex)")
            }
        }
        let p = try FastJSONDecoder().decode(Probe.self, from: "[1,null,3]")
        #expect(p.seen == ["count=3", "0:1", "1:nil", "2:3", "end=3"])
    }
}

/// Decodes nested values as transcripts wherever they occur.
indirect enum AnyTranscripts: Codable, Equatable {
    case transcript(Transcript)
    case list([AnyTranscripts])
    case map([String: AnyTranscripts])
    case other

    init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyKey.self), c.allKeys.first?.stringValue == "w" || c.allKeys.first?.stringValue == "x" {
            var m: [String: AnyTranscripts] = [:]
            for k in c.allKeys { m[k.stringValue] = try c.decode(AnyTranscripts.self, forKey: k) }
            self = .map(m)
        } else if var u = try? decoder.unkeyedContainer(), u.count == 2 || decoder.codingPath.last?.stringValue == "x" {
            var l: [AnyTranscripts] = []
            while !u.isAtEnd { l.append(try u.decode(AnyTranscripts.self)) }
            self = .list(l)
        } else {
            self = .transcript(try Transcript(from: decoder))
        }
    }

    func encode(to encoder: any Encoder) throws {}
}
