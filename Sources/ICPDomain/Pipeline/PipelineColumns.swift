/// Which columns of a pipeline export hold the row's label, owner, stage and amount. Found by name
/// (compared by letters and digits only, ignoring case) unless named explicitly; a column may be
/// absent. These columns are the pipeline's own facts: the ICP's keys are read from every column
/// through the field mapping as usual.
public struct PipelineColumns: Sendable, Hashable, Codable {
    public var label: String?
    public var owner: String?
    public var stage: String?
    public var amount: String?

    public init(label: String? = nil, owner: String? = nil, stage: String? = nil, amount: String? = nil) {
        self.label = label
        self.owner = owner
        self.stage = stage
        self.amount = amount
    }

    static let ownerNames = [
        "owner", "opportunityowner", "dealowner", "accountowner", "ownername", "owneremail", "salesrep", "rep", "accountexecutive", "ae",
    ]
    static let stageNames = ["stage", "dealstage", "opportunitystage", "salesstage", "pipelinestage"]
    static let amountNames = [
        "amount", "dealamount", "dealvalue", "opportunityamount", "opportunityvalue", "pipelinevalue", "value", "acv", "arr", "tcv",
    ]

    /// The columns of a header, with the given names taking precedence over the names found. Throws
    /// when a given name is not a column of the header.
    public static func detect(in columns: [String], given: PipelineColumns = PipelineColumns()) throws(AccountFile.Failure) -> PipelineColumns {
        func find(_ names: [String], _ explicit: String?, _ what: String) throws(AccountFile.Failure) -> String? {
            if let explicit {
                guard columns.contains(explicit) else {
                    throw AccountFile.Failure(
                        "the \(what) column '\(TextEscaping.visible(explicit, limit: 60))' is not in the file; its columns are "
                            + columns.prefix(30).map { TextEscaping.visible($0, limit: 40) }.joined(separator: ", "))
                }
                return explicit
            }
            for name in names {
                if let column = columns.first(where: { AccountFile.folded($0) == name }) { return column }
            }
            return nil
        }
        return PipelineColumns(
            label: try find(AccountFile.labelColumns, given.label, "label"),
            owner: try find(ownerNames, given.owner, "owner"),
            stage: try find(stageNames, given.stage, "stage"),
            amount: try find(amountNames, given.amount, "amount"))
    }
}
