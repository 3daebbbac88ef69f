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

    /// The reader of `definition` (through `mapping`) over a file whose header names `columns`.
    public init(definition: ICPDefinition, mapping: FieldMapping = FieldMapping(), columns: [String]) {
        let reader = AccountReader(definition: definition, mapping: mapping)
        var position: [String: Int] = [:]
        for (index, column) in columns.enumerated() where !column.isEmpty && position[column] == nil { position[column] = index }
        self.reader = reader
        self.keys = reader.kinds.keys.sorted().map { key in
            let sources = (reader.sources[key] ?? []).compactMap { source in
                position[source.column].map { Source(index: $0, column: source.column, mapping: source.mapping) }
            }
            return (key, reader.kinds[key]!, sources)
        }
    }

    /// The attributes of one row (its fields in the header's order), with every field that could not
    /// be read. Fields past the end of the row are absent.
    public func attributes(_ fields: [String]) -> (attributes: [(key: String, value: AttributeValue)], problems: [AccountReader.Problem]) {
        var attributes: [(key: String, value: AttributeValue)] = []
        attributes.reserveCapacity(keys.count)
        var problems: [AccountReader.Problem] = []
        for (key, kind, sources) in keys {
            for source in sources where source.index < fields.count {
                let value = AccountReader.Value.text(fields[source.index])
                let outcome = source.mapping.map { reader.read(value, through: $0, as: kind) } ?? reader.read(value, as: kind)
                switch outcome {
                case .success(let attribute?): attributes.append((key, attribute))
                case .success(nil): continue
                case .failure(let reason):
                    problems.append(AccountReader.Problem(field: source.column == key ? key : "\(source.column) (\(key))", reason: reason.text))
                }
                break
            }
        }
        if problems.count > 1 { problems.sort { $0.field < $1.field } }
        return (attributes, problems)
    }
}

extension AccountSchema {
    /// Encodes an account given as key–value pairs (see ``encode(_:)``).
    public func encode(pairs: [(key: String, value: AttributeValue)]) -> EncodedAccount {
        var values = [SlotValue](repeating: .unknown, count: slots.count)
        var pool: [Int32] = []
        for (key, value) in pairs {
            guard let slot = slots[key] else { continue }
            values[slot] = slotValue(value, pool: &pool)
        }
        return EncodedAccount(values: values, pool: pool)
    }
}
