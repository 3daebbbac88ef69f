public import FastJSON
import Foundation

// Fast paths for the payloads a replay decodes most often (one ICP's life is mostly
// propose → approve → publish → review cycles) and the values inside them. Each builds the
// same value as the type's `init(from:)` or throws, and `FastJSONDecoder` then decodes the
// payload through `init(from:)` instead; `FastDecodingTests` hold them to that, value for value.

extension RevisionProposed: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        let o = try value.object()
        self.init(
            icpId: try o.value("icpId").decodeFast(ICPID.self), revision: try o.value("revision").int(),
            baseRevision: try o.value("baseRevision").int(),
            changes: try o.value("changes").decodeFastArray(of: DefinitionChange.self),
            rationale: try o.value("rationale").string(),
            evidence: try o.value("evidence").decodeFastArray(of: EvidenceRef.self),
            resolves: try o.valueIfPresent("resolves")?.decodeFastArray(of: FindingID.self),
            proposer: try o.value("proposer").decodeFast(PrincipalID.self),
            proposedAt: try o.value("proposedAt").decodeFast(Timestamp.self))
    }
}

extension RevisionApproved: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        let o = try value.object()
        self.init(
            icpId: try o.value("icpId").decodeFast(ICPID.self), revision: try o.value("revision").int(),
            approver: try o.value("approver").decodeFast(PrincipalID.self),
            approvedAt: try o.value("approvedAt").decodeFast(Timestamp.self),
            comment: try o.valueIfPresent("comment")?.string())
    }
}

extension RevisionPublished: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        let o = try value.object()
        self.init(
            icpId: try o.value("icpId").decodeFast(ICPID.self), revision: try o.value("revision").int(),
            effectiveOn: try o.value("effectiveOn").decodeFast(CalendarDay.self),
            publishedBy: try o.value("publishedBy").decodeFast(PrincipalID.self),
            publishedAt: try o.value("publishedAt").decodeFast(Timestamp.self))
    }
}

extension QuarterlyReviewRecorded: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        let o = try value.object()
        self.init(
            icpId: try o.value("icpId").decodeFast(ICPID.self), outcome: try o.value("outcome").decodeFast(ReviewOutcome.self),
            reviewer: try o.value("reviewer").decodeFast(PrincipalID.self), notes: try o.value("notes").string(),
            reviewedAt: try o.value("reviewedAt").decodeFast(Timestamp.self))
    }
}

extension DefinitionChange: FastJSONDecodable {
    /// Threshold changes (a calibration, the most frequent change) are decoded here; every other
    /// case goes through `init(from:)` at this value.
    public init(fastJSON value: FastJSONValue) throws {
        if let member = try value.object().onlyMember, member.key == "thresholds" {
            let o = try member.value.object()
            self = .thresholds(
                before: try o.value("before").decodeFast(TierThresholds.self),
                after: try o.value("after").decodeFast(TierThresholds.self))
        } else {
            self = try value.decode(DefinitionChange.self)
        }
    }
}

extension TierThresholds: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        let o = try value.object()
        self.init(a: try o.value("a").double(), b: try o.value("b").double(), c: try o.value("c").double())
    }
}

extension EvidenceRef: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        let o = try value.object()
        switch try o.value("kind").string() {
        case "finding": self = .finding(try o.value("ref").decodeFast(FindingID.self))
        case "document": self = .document(try o.value("ref").url())
        default: throw FastJSONFallback()
        }
    }
}

extension Identifier: FastJSONDecodable {
    /// Every kind of id decodes the same way: a UUID string, either case.
    public init(fastJSON value: FastJSONValue) throws { self.init(try value.uuid()) }
}

extension PrincipalID: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws { self.init(try value.string()) }
}

extension Timestamp: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws { self.init(microsecondsSinceEpoch: try value.int64()) }
}

extension CalendarDay: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        guard let day = CalendarDay(try value.string()) else { throw FastJSONFallback() }
        self = day
    }
}

extension ReviewOutcome: FastJSONDecodable {
    public init(fastJSON value: FastJSONValue) throws {
        guard let outcome = ReviewOutcome(rawValue: try value.string()) else { throw FastJSONFallback() }
        self = outcome
    }
}
