extension DomainEvent {
    /// Why the read models could not hold this event's values, or nil when they can.
    ///
    /// `decide` never produces such an event; this guards the projections against events stored
    /// before a limit existed (or written by hand): days and instants outside what PostgreSQL's
    /// `date` and `timestamptz` columns take, numbers outside `integer` columns, non-finite numbers.
    /// Texts are checked on the raw payload by the projections (a NUL character cannot be stored).
    public var storageViolation: String? {
        var check = StorageCheck()
        switch self {
        case .workspaceCreated(let e):
            check.integer(e.fiscalYearStartMonth, "fiscalYearStartMonth")
            check.instant(e.createdAt, "createdAt")
        case .workspaceSettingsChanged(let e):
            if let month = e.fiscalYearStartMonth { check.integer(month, "fiscalYearStartMonth") }
        case .roleGranted, .roleRevoked:
            break
        case .icpDrafted(let e):
            check.definition(e.definition)
            check.instant(e.draftedAt, "draftedAt")
        case .revisionProposed(let e):
            check.revision(e.revision, base: e.baseRevision)
            check.changes(e.changes)
            check.instant(e.proposedAt, "proposedAt")
        case .proposalAmended(let e):
            check.revision(e.revision, base: e.baseRevision)
            check.changes(e.changes)
            check.instant(e.amendedAt, "amendedAt")
        case .revisionApproved(let e):
            check.revision(e.revision)
            check.instant(e.approvedAt, "approvedAt")
        case .principalErased(let e):
            check.instant(e.erasedAt, "erasedAt")
        case .fieldMappingSet(let e):
            check.instant(e.setAt, "setAt")
        case .logCheckpointed(let e):
            check.integer(e.size, "size")
            check.instant(e.checkpointedAt, "checkpointedAt")
        case .pipelineSnapshotRecorded(let e):
            check.day(e.day, "day")
            check.integer(e.rows, "rows")
            check.integer(e.skippedRows, "skippedRows")
            for fit in e.fits {
                check.integer(fit.revision, "revision")
                check.number(fit.total.value, "total.value")
            }
            check.instant(e.recordedAt, "recordedAt")
        case .icpOrphaned(let e):
            check.instant(e.orphanedAt, "orphanedAt")
        case .icpOwnerReassigned(let e):
            check.instant(e.reassignedAt, "reassignedAt")
        case .approvalsDismissed(let e):
            check.revision(e.revision)
            check.revision(e.publishedRevision)
            check.instant(e.dismissedAt, "dismissedAt")
        case .revisionRejected(let e):
            check.revision(e.revision)
            check.instant(e.rejectedAt, "rejectedAt")
        case .revisionPublished(let e):
            check.revision(e.revision)
            check.day(e.effectiveOn, "effectiveOn")
            check.instant(e.publishedAt, "publishedAt")
        case .revisionEmergencyPublished(let e):
            check.revision(e.revision)
            check.day(e.effectiveOn, "effectiveOn")
            check.instant(e.publishedAt, "publishedAt")
        case .afterTheFactReviewCompleted(let e):
            check.revision(e.revision)
            check.instant(e.reviewedAt, "reviewedAt")
        case .quarterlyReviewRecorded(let e):
            check.instant(e.reviewedAt, "reviewedAt")
        case .reviewNoticed(let e):
            if let revision = e.revision { check.revision(revision) }
            check.day(e.dueOn, "dueOn")
            check.day(e.noticedOn, "noticedOn")
        case .icpFlaggedStale(let e):
            check.day(e.dueOn, "dueOn")
            check.instant(e.flaggedAt, "flaggedAt")
        case .icpRetired(let e):
            check.instant(e.retiredAt, "retiredAt")
        case .findingRecorded(let e):
            for (name, value) in e.metrics where !StorageLimits.canStore(value) { check.fail("metric \(name) is \(value)") }
            check.instant(e.recordedAt, "recordedAt")
        case .findingResolved(let e):
            if case .revision(_, let number) = e.resolution { check.integer(number, "resolution.revision") }
            check.instant(e.resolvedAt, "resolvedAt")
        }
        return check.problem
    }
}

/// Collects the first value of an event that storage cannot hold.
private struct StorageCheck {
    var problem: String?

    mutating func fail(_ text: String) {
        if problem == nil { problem = text }
    }

    mutating func integer(_ value: Int, _ field: String) {
        if !StorageLimits.canStore(value) { fail("\(field) \(value) does not fit an integer column") }
    }

    mutating func revision(_ number: Int, base: Int = 0) {
        integer(number, "revision")
        integer(base, "baseRevision")
    }

    mutating func day(_ day: CalendarDay, _ field: String) {
        if !StorageLimits.canStore(day) { fail("\(field) \(day) lies outside 0001-01-01…9999-12-31") }
    }

    mutating func instant(_ timestamp: Timestamp, _ field: String) {
        if !StorageLimits.instants.contains(timestamp.microsecondsSinceEpoch) {
            fail("\(field) \(timestamp.microsecondsSinceEpoch)µs lies outside years 1…9999")
        }
    }

    mutating func definition(_ definition: ICPDefinition) {
        integer(definition.cadence.months, "cadence.months")
        for (_, signal) in definition.signals.all {
            number(signal.weight, "weight")
            value(signal.value)
        }
        for rule in definition.disqualifiers { value(rule.value) }
        for threshold in [definition.thresholds.a, definition.thresholds.b, definition.thresholds.c] { number(threshold, "threshold") }
    }

    mutating func changes(_ changes: [DefinitionChange]) {
        for change in changes {
            if case .cadence(let before, let after) = change {
                integer(before.months, "cadence.months")
                integer(after.months, "cadence.months")
            }
        }
    }

    mutating func number(_ value: Double, _ field: String) {
        if !StorageLimits.canStore(value) { fail("\(field) is \(value)") }
    }

    mutating func value(_ value: RuleValue?) {
        switch value {
        case .number(let n): number(n, "value")
        case .numberRange(let r):
            number(r.lower, "value")
            number(r.upper, "value")
        default: break
        }
    }
}
