public import Foundation
public import ICPDomain

/// A fit of one snapshot under one revision of an ICP: what a drift figure compares. The builder
/// asks for those the snapshot's import did not score (``BoardReportBuilder/missingFits``); the
/// caller scores the stored rows and hands them back.
public struct FitRequest: Sendable, Hashable {
    public var snapshot: SnapshotID
    public var icp: ICPID
    public var revision: Int

    public init(snapshot: SnapshotID, icp: ICPID, revision: Int) {
        self.snapshot = snapshot
        self.icp = icp
        self.revision = revision
    }
}

/// A snapshot's rows scored under one revision: all of them, and those in fit.
public struct FitTally: Sendable, Hashable {
    public var total: PipelineMeasure
    public var inFit: PipelineMeasure

    public init(total: PipelineMeasure, inFit: PipelineMeasure) {
        self.total = total
        self.inFit = inFit
    }
}

/// Builds a ``BoardReport`` from a workspace's events: pure, no I/O.
///
/// It works in two steps. `init` replays the events and finds the fits the drift figures need;
/// those the imports recorded are taken from their events, the rest are listed in ``missingFits``
/// with the definition to score them under (``definition(of:)``). ``build(rescored:unavailable:)``
/// then assembles the report.
public struct BoardReportBuilder: Sendable {
    /// What the report reads.
    public struct Input: Sendable {
        public var workspaceId: WorkspaceID
        /// The workspace's events, in feed order (exactly those the checkpoint covers).
        public var events: [DomainEvent]
        public var quarter: FiscalQuarter
        public var generatedAt: Date
        public var checkpoint: ReportCheckpoint
        /// Names of the people the events name; missing ones show as their ids.
        public var names: [PrincipalID: String]
        /// Turns a stored text into what a reader sees (personal notes are kept outside the log).
        public var text: @Sendable (String) -> String
        /// Quarters of the fit trend, and of the drift chart, ending with the report's.
        public var trendQuarters: Int
        public var driftQuarters: Int

        public init(
            workspaceId: WorkspaceID, events: [DomainEvent], quarter: FiscalQuarter, generatedAt: Date, checkpoint: ReportCheckpoint,
            names: [PrincipalID: String] = [:], text: @escaping @Sendable (String) -> String = { $0 }, trendQuarters: Int = 8,
            driftQuarters: Int = 4
        ) {
            self.workspaceId = workspaceId
            self.events = events
            self.quarter = quarter
            self.generatedAt = generatedAt
            self.checkpoint = checkpoint
            self.names = names
            self.text = text
            self.trendQuarters = max(1, trendQuarters)
            self.driftQuarters = max(1, driftQuarters)
        }
    }

    let input: Input
    let workspace: WorkspaceState
    public let calendar: FiscalCalendar
    let icps: [ICPID: ICPHistory]
    let icpOrder: [ICPID]
    let findings: [FindingID: FindingHistory]
    let snapshots: [PipelineSnapshotRecorded]
    let erased: Set<PrincipalID>
    /// Fits recorded by imports: by snapshot, ICP and revision.
    let recorded: [FitRequest: FitTally]
    /// Every fit the drift figures read.
    let needed: Set<FitRequest>

    /// What the events say about one ICP.
    struct ICPHistory: Sendable {
        var events: [DomainEvent] = []
        var state: ICPState?
        /// Approvers of each revision, in order; dismissed approvals removed.
        var approvals: [Int: [PrincipalID]] = [:]
        var retiredAt: Date?
        /// An emergency publish's justification, and its review after the fact, by revision.
        var justifications: [Int: String] = [:]
        var afterTheFact: [Int: AfterTheFactReviewCompleted] = [:]
    }

    struct FindingHistory: Sendable {
        var recorded: FindingRecorded
        var resolved: FindingResolved?
    }

    /// Replays the events. Fails when they hold no creation of the workspace named in the input.
    public init(_ input: Input) throws(BoardReportError) {
        self.input = input
        var workspaceEvents: [DomainEvent] = []
        var icps: [ICPID: ICPHistory] = [:]
        var icpOrder: [ICPID] = []
        var findings: [FindingID: FindingHistory] = [:]
        var snapshots: [PipelineSnapshotRecorded] = []
        var erased: Set<PrincipalID> = []
        for event in input.events {
            switch event.stream {
            case .workspace:
                workspaceEvents.append(event)
                switch event {
                case .pipelineSnapshotRecorded(let e): snapshots.append(e)
                case .principalErased(let e): erased.insert(e.principal)
                default: break
                }
            case .icp(let id):
                if icps[id] == nil { icpOrder.append(id) }
                var history = icps[id] ?? ICPHistory()
                history.events.append(event)
                switch event {
                case .revisionApproved(let e): history.approvals[e.revision, default: []].append(e.approver)
                case .approvalsDismissed(let e): history.approvals[e.revision]?.removeAll { e.dismissed.contains($0) }
                case .proposalAmended(let e): history.approvals[e.revision]?.removeAll { e.dismissedApprovals.contains($0) }
                case .icpRetired(let e): history.retiredAt = e.retiredAt.date
                case .revisionEmergencyPublished(let e): history.justifications[e.revision] = e.justification
                case .afterTheFactReviewCompleted(let e): history.afterTheFact[e.revision] = e
                default: break
                }
                icps[id] = history
            case .finding(let id):
                switch event {
                case .findingRecorded(let e): findings[id] = FindingHistory(recorded: e)
                case .findingResolved(let e): findings[id]?.resolved = e
                default: break
                }
            case .schedule: break
            }
        }
        guard let workspace = WorkspaceDecider.replay(workspaceEvents), workspace.id == input.workspaceId else { throw .noWorkspace }
        self.workspace = workspace
        guard let calendar = FiscalCalendar(workspace) else { throw .noWorkspace }
        self.calendar = calendar
        for id in icpOrder {
            let events = icps[id]?.events ?? []
            icps[id]?.state = ICPDecider.replay(events)
        }
        self.icps = icps
        self.icpOrder = icpOrder
        self.findings = findings
        self.snapshots = snapshots
        self.erased = erased
        var recorded: [FitRequest: FitTally] = [:]
        for snapshot in snapshots {
            for fit in snapshot.fits {
                recorded[FitRequest(snapshot: snapshot.snapshotId, icp: fit.icpId, revision: fit.revision)] = FitTally(
                    total: fit.total, inFit: fit.inFit)
            }
        }
        self.recorded = recorded
        var needed: Set<FitRequest> = []
        let builder = Self.Plan(calendar: calendar, quarter: input.quarter, snapshots: snapshots)
        for id in icpOrder {
            guard let history = icps[id], history.state != nil else { continue }
            for quarter in builder.quarters(ending: input.quarter, count: input.driftQuarters) {
                needed.formUnion(Self.fits(for: quarter, history: history, plan: builder))
            }
        }
        self.needed = needed
    }

    /// The fits the drift figures need that no import recorded.
    public var missingFits: [FitRequest] {
        needed.filter { recorded[$0] == nil }.sorted {
            ($0.snapshot.description, $0.icp.description, $0.revision) < ($1.snapshot.description, $1.icp.description, $1.revision)
        }
    }

    /// The definition of an ICP's revision, to score a missing fit under.
    public func definition(of request: FitRequest) -> ICPDefinition? {
        icps[request.icp]?.state?.definition(atRevision: request.revision)
    }

    // MARK: Quarters and snapshots

    /// Snapshots by quarter, and the quarters before a given one.
    struct Plan: Sendable {
        let calendar: FiscalCalendar
        let quarter: FiscalQuarter
        let snapshots: [PipelineSnapshotRecorded]

        /// `count` quarters ending with `last`, oldest first.
        func quarters(ending last: FiscalQuarter, count: Int) -> [FiscalQuarter] {
            var result = [last]
            while result.count < count { result.insert(previous(result[0]), at: 0) }
            return result
        }

        func previous(_ quarter: FiscalQuarter) -> FiscalQuarter { calendar.fiscalQuarter(of: quarter.firstDay.adding(days: -1)) }

        /// The latest snapshot whose day falls in the quarter (a later import wins a tie).
        func latestSnapshot(in quarter: FiscalQuarter) -> PipelineSnapshotRecorded? {
            snapshots.filter { $0.day >= quarter.firstDay && $0.day <= quarter.lastDay }.max { ($0.day, $0.recordedAt) < ($1.day, $1.recordedAt) }
        }
    }

    /// The revision of an ICP operating on `day`, as recorded by the end of that day: published by
    /// then, effective on or before it (the latest effective day wins, then the latest publication).
    /// Nil when none was, or the ICP was retired by then.
    static func operating(on day: CalendarDay, _ history: ICPHistory, calendar: FiscalCalendar) -> Int? {
        guard let state = history.state else { return nil }
        if let retired = history.retiredAt, calendar.day(of: retired) <= day { return nil }
        return state.revisions.filter { revision in
            guard revision.status == .published || revision.status == .emergencyPublished, let effective = revision.effectiveOn,
                let published = revision.publishedAt
            else { return false }
            return effective <= day && calendar.day(of: published.date) <= day
        }.max { ($0.effectiveOn!, $0.publishedAt!) < ($1.effectiveOn!, $1.publishedAt!) }?.number
    }

    /// What a quarter's drift compares: the latest snapshots of the quarter (S) and of the one
    /// before (S′), the revisions operating at their ends (R, R′), and the three fits that reads —
    /// S under R and under R′, S′ under R′ — where they exist.
    struct DriftEnds {
        let previousQuarter: FiscalQuarter
        let now: PipelineSnapshotRecorded?
        let before: PipelineSnapshotRecorded?
        let revision: Int?
        let previousRevision: Int?
        let current: FitRequest?
        let crossed: FitRequest?
        let old: FitRequest?

        init(_ quarter: FiscalQuarter, history: ICPHistory, plan: Plan) {
            previousQuarter = plan.previous(quarter)
            now = plan.latestSnapshot(in: quarter)
            before = plan.latestSnapshot(in: previousQuarter)
            revision = BoardReportBuilder.operating(on: quarter.lastDay, history, calendar: plan.calendar)
            previousRevision = BoardReportBuilder.operating(on: previousQuarter.lastDay, history, calendar: plan.calendar)
            func request(_ snapshot: PipelineSnapshotRecorded?, _ revision: Int?) -> FitRequest? {
                guard let id = history.state?.id, let snapshot, let revision else { return nil }
                return FitRequest(snapshot: snapshot.snapshotId, icp: id, revision: revision)
            }
            current = request(now, revision)
            crossed = request(now, previousRevision)
            old = request(before, previousRevision)
        }

        var requests: [FitRequest] { [current, crossed, old].compactMap(\.self) }
    }

    static func fits(for quarter: FiscalQuarter, history: ICPHistory, plan: Plan) -> [FitRequest] {
        DriftEnds(quarter, history: history, plan: plan).requests
    }

    // MARK: Building

    /// Assembles the report. `rescored` holds the missing fits the caller scored; `unavailable`
    /// says why the others could not be (a snapshot whose rows were erased, say).
    public func build(rescored: [FitRequest: FitTally] = [:], unavailable: [SnapshotID: String] = [:]) -> BoardReport {
        let plan = Plan(calendar: calendar, quarter: input.quarter, snapshots: snapshots)
        var fits = recorded
        fits.merge(rescored) { stored, _ in stored }
        var mentioned: Set<PrincipalID> = []
        var sections: [ICPSection] = []
        let quarterEnd = input.quarter.lastDay
        for id in icpOrder {
            guard let history = icps[id], let state = history.state else { continue }
            // An ICP drafted after the quarter is not part of it.
            guard let drafted = history.events.first.flatMap(Self.occurred), calendar.day(of: drafted) <= quarterEnd else { continue }
            // Nor is one retired before it began.
            if let retired = history.retiredAt, calendar.day(of: retired) < input.quarter.firstDay { continue }
            let section = self.section(state, history: history, plan: plan, fits: fits, unavailable: unavailable)
            mentioned.insert(section.owner)
            for revision in section.revisions {
                mentioned.insert(revision.publishedBy)
                mentioned.insert(revision.proposer)
                mentioned.formUnion(revision.approvers)
                if let review = revision.afterTheFactReview { mentioned.insert(review.reviewer) }
            }
            for review in section.cadence.reviews { mentioned.insert(review.by) }
            sections.append(section)
        }
        sections.sort { ($0.name.lowercased(), $0.id.description) < ($1.name.lowercased(), $1.id.description) }
        var people: [String: BoardReport.Person] = [:]
        for principal in mentioned {
            let gone = erased.contains(principal)
            people[principal.rawValue] = BoardReport.Person(name: gone ? nil : input.names[principal], erased: gone)
        }
        return BoardReport(
            workspace: BoardReport.Workspace(
                id: workspace.id, name: workspace.name, timeZone: workspace.timeZone, fiscalYearStartMonth: workspace.fiscalYearStartMonth),
            quarter: BoardReport.Quarter(input.quarter), generatedAt: input.generatedAt, checkpoint: input.checkpoint, icps: sections,
            people: people)
    }

    func section(
        _ state: ICPState, history: ICPHistory, plan: Plan, fits: [FitRequest: FitTally], unavailable: [SnapshotID: String]
    ) -> ICPSection {
        let quarter = input.quarter
        func inQuarter(_ date: Date) -> Bool {
            let day = calendar.day(of: date)
            return day >= quarter.firstDay && day <= quarter.lastDay
        }
        // Revisions published in the quarter.
        var revisions: [RevisionEntry] = []
        var disqualifiers = DisqualifierChanges()
        for revision in state.revisions {
            guard let publishedAt = revision.publishedAt, let publishedBy = revision.publishedBy, let effectiveOn = revision.effectiveOn,
                inQuarter(publishedAt.date)
            else { continue }
            let initial = revision.number == 1 && revision.baseRevision == 0
            let before = state.definition(atRevision: revision.baseRevision) ?? state.draftDefinition
            let emergency = revision.status == .emergencyPublished || state.afterTheFactReviews[revision.number] != nil
            let justification = history.justifications[revision.number].map(input.text)
            let review = history.afterTheFact[revision.number].map { e in
                AfterTheFactEntry(reviewer: e.reviewer, reviewedAt: e.reviewedAt.date, outcome: e.outcome?.rawValue, comment: input.text(e.comment))
            }
            revisions.append(
                RevisionEntry(
                    revision: revision.number, baseRevision: revision.baseRevision, publishedAt: publishedAt.date, publishedBy: publishedBy,
                    effectiveOn: effectiveOn, emergency: emergency, justification: justification,
                    diffSummary: initial ? "initial definition" : DiffSummary.text(DefinitionDiff.between(before, revision.definition)),
                    revisionDistance: initial ? 0 : RevisionDistance.between(before, revision.definition), rationale: revision.rationale,
                    evidence: revision.evidence.map(evidence), proposer: revision.proposer,
                    approvers: history.approvals[revision.number] ?? [], afterTheFactReview: review))
            if !initial {
                for change in DefinitionDiff.between(before, revision.definition).changes {
                    guard case .disqualifier(let listChange) = change else { continue }
                    switch listChange {
                    case .added(let rule):
                        disqualifiers.added.append(DisqualifierChange(revision: revision.number, rule: Self.rule(rule), reason: rule.reason))
                    case .removed(_, let rule):
                        disqualifiers.removed.append(DisqualifierChange(revision: revision.number, rule: Self.rule(rule), reason: rule.reason))
                    case .changed(_, let old, let new):
                        disqualifiers.removed.append(DisqualifierChange(revision: revision.number, rule: Self.rule(old), reason: old.reason))
                        disqualifiers.added.append(DisqualifierChange(revision: revision.number, rule: Self.rule(new), reason: new.reason))
                    case .reordered: break
                    }
                }
            } else {
                for rule in revision.definition.disqualifiers {
                    disqualifiers.added.append(DisqualifierChange(revision: revision.number, rule: Self.rule(rule), reason: rule.reason))
                }
            }
        }
        let operating = Self.operating(on: quarter.lastDay, history, calendar: calendar)
        let now = min(input.generatedAt, quarter.lastDay.adding(days: 1).startOfDay(in: calendar.timeZone).addingTimeInterval(-1))
        let lint =
            operating.map { number in
                ICPLinter.lint(
                    state, revision: number, calendar: calendar, now: now, usedAsOperating: !anotherOperates(besides: state.id, on: quarter.lastDay)
                )
                .map { LintEntry(code: $0.code.rawValue, slug: $0.code.slug, message: $0.message) }
            } ?? []
        return ICPSection(
            id: state.id, name: state.publishedDefinition?.name ?? state.draftDefinition.name, status: state.status, owner: state.owner,
            operatingRevision: operating, revisions: revisions, disqualifiers: disqualifiers,
            drift: plan.quarters(ending: quarter, count: input.driftQuarters).map {
                drift($0, history: history, plan: plan, fits: fits, unavailable: unavailable)
            },
            fitTrend: fitTrend(state.id, plan: plan), findings: findingGroups(state.id),
            cadence: CadenceCalculator(calendar: calendar, quarter: quarter, through: calendar.day(of: input.generatedAt), text: input.text)
                .assess(history.events, state: state),
            lint: lint)
    }

    func anotherOperates(besides icp: ICPID, on day: CalendarDay) -> Bool {
        icps.contains { id, history in id != icp && Self.operating(on: day, history, calendar: calendar) != nil }
    }

    func evidence(_ reference: EvidenceRef) -> EvidenceEntry {
        switch reference {
        case .finding(let id):
            let summary = findings[id].map { "\($0.recorded.auditType.rawValue) audit: \(input.text($0.recorded.summary))" }
            return EvidenceEntry(kind: "finding", reference: id.description, summary: summary)
        case .document(let url):
            return EvidenceEntry(kind: "document", reference: url.absoluteString, summary: nil)
        }
    }

    static func rule(_ rule: Disqualifier) -> String {
        "\(rule.key) \(rule.op.rawValue)\(rule.value.map { " \($0)" } ?? "")"
    }

    func drift(
        _ quarter: FiscalQuarter, history: ICPHistory, plan: Plan, fits: [FitRequest: FitTally], unavailable: [SnapshotID: String]
    ) -> DriftEntry {
        let ends = DriftEnds(quarter, history: history, plan: plan)
        let (previousQuarter, now, before, revision, previousRevision) = (
            ends.previousQuarter, ends.now, ends.before, ends.revision, ends.previousRevision
        )
        var entry = DriftEntry(
            quarter: BoardReport.Quarter(quarter).label, snapshotDay: now?.day, previousSnapshotDay: before?.day, revision: revision,
            previousRevision: previousRevision)
        func share(_ request: FitRequest?) -> FitShare? {
            guard let request, let tally = fits[request] else { return nil }
            return FitShare(inFit: tally.inFit, total: tally.total)
        }
        var notes: [String] = []
        if now == nil { notes.append("no snapshot in \(entry.quarter)") }
        if revision == nil { notes.append("no revision operating at the end of \(entry.quarter)") }
        if previousRevision == nil { notes.append("no revision operating at the end of \(BoardReport.Quarter(previousQuarter).label)") }
        if before == nil { notes.append("no snapshot in \(BoardReport.Quarter(previousQuarter).label)") }
        for snapshot in [now, before].compactMap(\.self) {
            if let reason = unavailable[snapshot.snapshotId] { notes.append("snapshot of \(snapshot.day): \(reason)") }
        }
        let current = share(ends.current), crossed = share(ends.crossed), old = share(ends.old)
        if let current, let crossed { entry.definition = DriftFigure(before: crossed, after: current) }
        if let crossed, let old { entry.market = DriftFigure(before: old, after: crossed) }
        entry.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return entry
    }

    func fitTrend(_ icp: ICPID, plan: Plan) -> [FitPoint] {
        plan.quarters(ending: input.quarter, count: input.trendQuarters).compactMap { quarter in
            let inQuarter = snapshots.filter { $0.day >= quarter.firstDay && $0.day <= quarter.lastDay && $0.fits.contains { $0.icpId == icp } }
            guard let latest = inQuarter.max(by: { ($0.day, $0.recordedAt) < ($1.day, $1.recordedAt) }),
                let fit = latest.fits.first(where: { $0.icpId == icp })
            else { return nil }
            return FitPoint(
                quarter: BoardReport.Quarter(quarter).label, snapshotDay: latest.day, revision: fit.revision,
                share: FitShare(inFit: fit.inFit, total: fit.total))
        }
    }

    func findingGroups(_ icp: ICPID) -> [FindingGroup] {
        let quarter = input.quarter
        func inQuarter(_ date: Date?) -> Bool {
            guard let date else { return false }
            let day = calendar.day(of: date)
            return day >= quarter.firstDay && day <= quarter.lastDay
        }
        var groups: [AuditType: FindingGroup] = [:]
        for finding in findings.values where finding.recorded.icpId == icp {
            let opened = inQuarter(finding.recorded.recordedAt.date), resolved = inQuarter(finding.resolved?.resolvedAt.date)
            guard opened || resolved else { continue }
            let audit = finding.recorded.auditType
            var group = groups[audit] ?? FindingGroup(audit: audit, opened: 0, resolved: 0, findings: [])
            if opened { group.opened += 1 }
            if resolved { group.resolved += 1 }
            let resolution: String? =
                switch finding.resolved?.resolution {
                case .revision(_, let number)?: "revision \(number)"
                case .decision(let text)?: input.text(text)
                case nil: nil
                }
            group.findings.append(
                FindingEntry(
                    id: finding.recorded.findingId, severity: finding.recorded.severity, summary: input.text(finding.recorded.summary),
                    recordedAt: finding.recorded.recordedAt.date, resolvedAt: finding.resolved?.resolvedAt.date, resolution: resolution,
                    metrics: finding.recorded.metrics))
            groups[audit] = group
        }
        return AuditType.allCases.compactMap { audit in
            groups[audit].map { group in
                var group = group
                group.findings.sort { ($0.recordedAt, $0.id.description) < ($1.recordedAt, $1.id.description) }
                return group
            }
        }
    }

    /// When an ICP event happened, by its own time.
    static func occurred(_ event: DomainEvent) -> Date? {
        switch event {
        case .icpDrafted(let e): e.draftedAt.date
        default: nil
        }
    }
}

/// Why a report cannot be made.
public enum BoardReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The events hold no creation of the workspace asked about.
    case noWorkspace
    /// The quarter named cannot be read.
    case badQuarter(String)

    public var description: String {
        switch self {
        case .noWorkspace: "the events hold no creation of this workspace"
        case .badQuarter(let text): "'\(text)' is not a quarter: use FY2026-Q3, current or previous"
        }
    }
}
