/// Identity of a rule for duplicate detection: key, operator and value.
struct RuleFingerprint: Hashable {
    let key: String
    let op: SignalOperator
    let value: RuleValue?

    init<R: RuleCondition>(_ rule: R) {
        key = rule.key
        op = rule.op
        value = rule.value
    }
}
