/// An ``AccountReader`` laid over one file's columns, for reading many rows quickly: each key's
/// sources are column positions worked out once, so a row is read from its fields in order, with
/// no dictionary per row.
public struct ColumnReader: Sendable {
    struct Source: Sendable {
        var index: Int
        var column: String
        var mapping: ColumnMapping?
    }

    let reader: AccountReader
    let keys: [(key: String, kind: AccountReader.Kind, sources: [Source])]
    /// Each key's slot in ``schema`` (in the order of `keys`), when the reader was made for a scorer.
    let slots: [Int]
    let schema: AccountSchema?

    /// The reader of a scorer's definition over a file's columns, which encodes rows straight into
    /// that scorer's slots (``encode(_:)``).
    public init(scorer: CompiledScorer, mapping: FieldMapping = FieldMapping(), columns: [String]) {
        self.init(definition: scorer.definition, mapping: mapping, columns: columns, schema: scorer.schema)
    }

    /// The reader of `definition` (through `mapping`) over a file whose header names `columns`.
    public init(definition: ICPDefinition, mapping: FieldMapping = FieldMapping(), columns: [String]) {
        self.init(definition: definition, mapping: mapping, columns: columns, schema: nil)
    }

    init(definition: ICPDefinition, mapping: FieldMapping, columns: [String], schema: AccountSchema?) {
        let reader = AccountReader(definition: definition, mapping: mapping)
        var position: [String: Int] = [:]
        for (index, column) in columns.enumerated() where !column.isEmpty && position[column] == nil { position[column] = index }
        self.reader = reader
        let keys = reader.kinds.keys.sorted().map { key in
            let sources = (reader.sources[key] ?? []).compactMap { source in
                position[source.column].map { Source(index: $0, column: source.column, mapping: source.mapping) }
            }
            return (key: key, kind: reader.kinds[key]!, sources: sources)
        }
        self.keys = keys
        self.schema = schema
        self.slots = schema.map { schema in keys.map { schema.slots[$0.key] ?? -1 } } ?? []
    }

    /// One row encoded for the scorer this reader was made for (see ``init(scorer:mapping:columns:)``),
    /// or the fields that could not be read. The same values as ``attributes(_:)``, without a key
    /// lookup per value.
    public func encode(_ fields: [String]) -> Result<EncodedAccount, UnreadableFields> {
        guard let schema else { preconditionFailure("ColumnReader.encode needs a reader made for a scorer") }
        var values = [SlotValue](repeating: .unknown, count: schema.slots.count)
        var pool: [Int32] = []
        var problems: [AccountReader.Problem] = []
        for (position, (key, kind, sources)) in keys.enumerated() {
            for source in sources where source.index < fields.count {
                let value = AccountReader.Value.text(fields[source.index])
                let outcome = source.mapping.map { reader.read(value, through: $0, as: kind) } ?? reader.read(value, as: kind)
                switch outcome {
                case .success(let attribute?):
                    let slot = slots[position]
                    if slot >= 0 { values[slot] = schema.slotValue(attribute, pool: &pool) }
                case .success(nil): continue
                case .failure(let reason):
                    problems.append(AccountReader.Problem(field: source.column == key ? key : "\(source.column) (\(key))", reason: reason.text))
                }
                break
            }
        }
        if !problems.isEmpty {
            if problems.count > 1 { problems.sort { $0.field < $1.field } }
            return .failure(UnreadableFields(problems: problems))
        }
        return .success(EncodedAccount(values: values, pool: pool))
    }

    /// The fields of a row that could not be read.
    public struct UnreadableFields: Error, Sendable {
        public var problems: [AccountReader.Problem]
    }
}
