import Foundation

// Representative Codable model types mirroring the server's event payloads. Shared by the
// tests and the benchmark.

/// Microsecond timestamp with a hand-written single-value `init(from:)`.
struct Timestamp: Codable, Hashable, Sendable {
    var micros: Int64
    init(micros: Int64) { self.micros = micros }
    init(from decoder: any Decoder) throws {
        micros = try decoder.singleValueContainer().decode(Int64.self)
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(micros)
    }
}

/// A String-backed identifier (RawRepresentable's default Codable: a single string).
struct Ref: RawRepresentable, Codable, Hashable, Sendable {
    var rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
}

struct Thresholds: Codable, Hashable, Sendable {
    var a: Int
    var b: Int
    var c: Int
    init(a: Int, b: Int, c: Int) {
        self.a = a
        self.b = b
        self.c = c
    }
}

enum Op: String, Codable, Hashable, Sendable, CaseIterable {
    case atLeast, atMost, equals, contains
}

enum SignalFamily: String, Codable, Hashable, Sendable, CaseIterable {
    case fit, economic, retention, trigger
}

/// Hand-written keyed Codable with a `kind` discriminator.
enum SignalValue: Codable, Hashable, Sendable {
    case number(Double)
    case text(String)
    case flag(Bool)
    case list([String])

    enum CodingKeys: String, CodingKey { case kind, value }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "number": self = .number(try c.decode(Double.self, forKey: .value))
        case "text": self = .text(try c.decode(String.self, forKey: .value))
        case "flag": self = .flag(try c.decode(Bool.self, forKey: .value))
        case "list": self = .list(try c.decode([String].self, forKey: .value))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "Unknown kind \(kind)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .number(let v):
            try c.encode("number", forKey: .kind)
            try c.encode(v, forKey: .value)
        case .text(let v):
            try c.encode("text", forKey: .kind)
            try c.encode(v, forKey: .value)
        case .flag(let v):
            try c.encode("flag", forKey: .kind)
            try c.encode(v, forKey: .value)
        case .list(let v):
            try c.encode("list", forKey: .kind)
            try c.encode(v, forKey: .value)
        }
    }
}

struct Signal: Codable, Hashable, Sendable {
    var key: String
    var op: Op
    var rationale: String
    var value: SignalValue
    var weight: Int
    init(key: String, op: Op, rationale: String, value: SignalValue, weight: Int) {
        self.key = key
        self.op = op
        self.rationale = rationale
        self.value = value
        self.weight = weight
    }
}

struct Disqualifier: Codable, Hashable, Sendable {
    var key: String
    var op: Op
    var reason: String
    var value: SignalValue
    init(key: String, op: Op, reason: String, value: SignalValue) {
        self.key = key
        self.op = op
        self.reason = reason
        self.value = value
    }
}

/// Generic enum with associated values using synthesized Codable.
enum ListChange<E: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    case added(element: E)
    case removed(ref: Ref, before: E)
    case changed(ref: Ref, before: E, after: E)
    case reordered(order: [Ref])
}

enum ICPChange: Codable, Hashable, Sendable {
    case thresholds(after: Thresholds, before: Thresholds)
    case signal(change: ListChange<Signal>, family: SignalFamily)
    case disqualifier(change: ListChange<Disqualifier>)
    case renamed(name: String)
    case archived
}

enum EvidenceKind: String, Codable, Hashable, Sendable, CaseIterable {
    case document, call, email
}

struct Evidence: Codable, Hashable, Sendable {
    var kind: EvidenceKind
    var ref: URL
    init(kind: EvidenceKind, ref: URL) {
        self.kind = kind
        self.ref = ref
    }

    enum CodingKeys: String, CodingKey { case kind, ref }

    // Hand-written to exercise `decode(URL.self, forKey:)`.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(EvidenceKind.self, forKey: .kind)
        ref = try c.decode(URL.self, forKey: .ref)
    }
}

struct ChangeProposed: Codable, Hashable, Sendable {
    var icpId: UUID
    var revision: Int64
    var baseRevision: Int64?
    var proposer: UUID
    var proposedAt: Timestamp
    var rationale: String
    var changes: [ICPChange]
    var evidence: [Evidence]
    init(
        icpId: UUID, revision: Int64, baseRevision: Int64?, proposer: UUID, proposedAt: Timestamp,
        rationale: String, changes: [ICPChange], evidence: [Evidence]
    ) {
        self.icpId = icpId
        self.revision = revision
        self.baseRevision = baseRevision
        self.proposer = proposer
        self.proposedAt = proposedAt
        self.rationale = rationale
        self.changes = changes
        self.evidence = evidence
    }
}

struct Cadence: Codable, Hashable, Sendable {
    var months: Int
    init(months: Int) { self.months = months }
}

enum Role: String, Codable, Hashable, Sendable, CaseIterable {
    case economicBuyer, champion, user, blocker
}

struct CommitteeMember: Codable, Hashable, Sendable {
    var kind: Role
    var pain: String
    init(kind: Role, pain: String) {
        self.kind = kind
        self.pain = pain
    }
}

enum MissingDataPolicy: String, Codable, Hashable, Sendable, CaseIterable {
    case neutral, penalize, exclude
}

enum Mode: String, Codable, Hashable, Sendable, CaseIterable {
    case operating, draft
}

struct Signals: Codable, Hashable, Sendable {
    var fit: [Signal]
    var economic: [Signal]
    var retention: [Signal]
    var trigger: [Signal]
    init(fit: [Signal], economic: [Signal], retention: [Signal], trigger: [Signal]) {
        self.fit = fit
        self.economic = economic
        self.retention = retention
        self.trigger = trigger
    }
}

struct ICPDefinition: Codable, Hashable, Sendable {
    var name: String
    var statement: String
    var mode: Mode
    var cadence: Cadence
    var committee: [CommitteeMember]
    var signals: Signals
    var disqualifiers: [Disqualifier]
    var thresholds: Thresholds
    var missingDataPolicy: MissingDataPolicy
    init(
        name: String, statement: String, mode: Mode, cadence: Cadence, committee: [CommitteeMember],
        signals: Signals, disqualifiers: [Disqualifier], thresholds: Thresholds, missingDataPolicy: MissingDataPolicy
    ) {
        self.name = name
        self.statement = statement
        self.mode = mode
        self.cadence = cadence
        self.committee = committee
        self.signals = signals
        self.disqualifiers = disqualifiers
        self.thresholds = thresholds
        self.missingDataPolicy = missingDataPolicy
    }
}

struct ICPDrafted: Codable, Hashable, Sendable {
    var icpId: UUID
    var workspaceId: UUID
    var owner: String?
    var draftedBy: UUID
    var draftedAt: Timestamp
    var definition: ICPDefinition
    init(icpId: UUID, workspaceId: UUID, owner: String?, draftedBy: UUID, draftedAt: Timestamp, definition: ICPDefinition) {
        self.icpId = icpId
        self.workspaceId = workspaceId
        self.owner = owner
        self.draftedBy = draftedBy
        self.draftedAt = draftedAt
        self.definition = definition
    }
}

enum AuditType: String, Codable, Hashable, Sendable, CaseIterable {
    case customer, pipeline, data
}

enum Severity: String, Codable, Hashable, Sendable, CaseIterable {
    case low, medium, high
}

struct AuditRecorded: Codable, Hashable, Sendable {
    var auditId: UUID
    var auditType: AuditType
    var severity: Severity
    var metrics: [String: Double]
    var findings: [String]
    var passed: Bool
    var score: Double
    var resolution: String?
    var recordedAt: Timestamp
    var accountRef: Ref?
    init(
        auditId: UUID, auditType: AuditType, severity: Severity, metrics: [String: Double], findings: [String],
        passed: Bool, score: Double, resolution: String?, recordedAt: Timestamp, accountRef: Ref?
    ) {
        self.auditId = auditId
        self.auditType = auditType
        self.severity = severity
        self.metrics = metrics
        self.findings = findings
        self.passed = passed
        self.score = score
        self.resolution = resolution
        self.recordedAt = recordedAt
        self.accountRef = accountRef
    }

    enum CodingKeys: String, CodingKey {
        case auditId, auditType, severity, metrics, findings, passed, score, resolution, recordedAt, accountRef
    }

    // `resolution` is written as an explicit null when absent (like the real payloads).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(auditId, forKey: .auditId)
        try c.encode(auditType, forKey: .auditType)
        try c.encode(severity, forKey: .severity)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(findings, forKey: .findings)
        try c.encode(passed, forKey: .passed)
        try c.encode(score, forKey: .score)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(recordedAt, forKey: .recordedAt)
        try c.encodeIfPresent(accountRef, forKey: .accountRef)
    }
}

/// Sample payloads of the four shapes, as compact sorted-key JSON.
enum SamplePayloads {
    static let all: [(name: String, json: String)] = [
        (
            "ChangeProposed.thresholds",
            #"{"baseRevision":1,"changes":[{"thresholds":{"after":{"a":75,"b":55,"c":35},"before":{"a":80,"b":60,"c":40}}}],"evidence":[{"kind":"document","ref":"https:\/\/docs.example\/calibration\/2"}],"icpId":"70A13412-DFEC-4429-ACF9-C18EE58AA279","proposedAt":1746623207550904,"proposer":"60CDD39E-741D-4ABB-B471-443D0591E4A2","rationale":"Quarterly tier calibration.","revision":2}"#
        ),
        (
            "ChangeProposed.signals",
            #"{"baseRevision":4,"changes":[{"signal":{"change":{"added":{"element":{"key":"revopsTeamSize","op":"atLeast","rationale":"Customers with a staffed RevOps team renew and expand.","value":{"kind":"number","value":2},"weight":15}}},"family":"fit"}},{"disqualifier":{"change":{"added":{"element":{"key":"employees","op":"atMost","reason":"Too small to staff RevOps.","value":{"kind":"number","value":80}}}}}},{"signal":{"change":{"changed":{"after":{"key":"acvUSD","op":"atLeast","rationale":"Bigger contracts justify the onboarding cost.","value":{"kind":"number","value":12000},"weight":12},"before":{"key":"acvUSD","op":"atLeast","rationale":"Bigger contracts justify the onboarding cost.","value":{"kind":"number","value":8000},"weight":10},"ref":"sig-7"}},"family":"economic"}},{"signal":{"change":{"reordered":{"order":["sig-1","sig-3","sig-2"]}},"family":"trigger"}}],"evidence":[{"kind":"call","ref":"https:\/\/calls.example\/r\/8812"},{"kind":"document","ref":"https:\/\/docs.example\/icp\/notes"}],"icpId":"F2C3775C-FB9F-4813-8DEA-152D659925FD","proposedAt":1746623207550904,"proposer":"91315AB0-212B-43D8-B2E1-8C6D6AB9E838","rationale":"Tighten fit after Q1 churn review.","revision":5}"#
        ),
        (
            "ICPDrafted",
            #"{"definition":{"cadence":{"months":3},"committee":[{"kind":"economicBuyer","pain":"The agency owner loses clients."},{"kind":"champion","pain":"Ops lead drowns in spreadsheets."}],"disqualifiers":[],"missingDataPolicy":"neutral","mode":"operating","name":"Growth agencies","signals":{"economic":[{"key":"acvUSD","op":"atLeast","rationale":"","value":{"kind":"number","value":8000},"weight":10}],"fit":[{"key":"industry","op":"equals","rationale":"Agencies buy on referral.","value":{"kind":"text","value":"marketing agency"},"weight":20},{"key":"employees","op":"atLeast","rationale":"Need a team to roll out.","value":{"kind":"number","value":20},"weight":10},{"key":"usesHubspot","op":"equals","rationale":"Native integration.","value":{"kind":"flag","value":true},"weight":5}],"retention":[],"trigger":[{"key":"fundingRound","op":"contains","rationale":"Fresh budget.","value":{"kind":"list","value":["seed","series-a"]},"weight":8}]},"statement":"Marketing agencies with 20–200 staff that resell retainers and need predictable reporting.","thresholds":{"a":80,"b":60,"c":40}},"draftedAt":1733663207550904,"draftedBy":"91315AB0-212B-43D8-B2E1-8C6D6AB9E838","icpId":"F2C3775C-FB9F-4813-8DEA-152D659925FD","owner":"Dana Whitfield","workspaceId":"1C6B8D53-2A3F-4F0E-9B51-7E3A0C2D9F11"}"#
        ),
        (
            "AuditRecorded",
            #"{"accountRef":"acct-4411","auditId":"5E0B2C71-8E0A-4C3B-A4C9-2F6A1D7B3E90","auditType":"customer","findings":["Renewal date missing","Owner not assigned","Stale health score"],"metrics":{"coverage":0.92,"share":0.4,"staleness":12.5},"passed":false,"recordedAt":1746623207550904,"resolution":null,"score":61.25,"severity":"medium"}"#
        ),
    ]
}
