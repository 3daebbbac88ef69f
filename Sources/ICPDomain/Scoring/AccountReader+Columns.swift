public import ByteText

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
    /// The same sources, flat and without references, for reading a row from its bytes: per key
    /// (in the order of `keys`) its sources' positions in `plan`.
    let planKeys: [(slot: Int, kind: AccountReader.Kind, sources: Range<Int>)]
    /// Per source: its column's index in a row, and whether it is mapped (always read the long way).
    let plan: [(index: Int, mapped: Bool)]

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
        let slots = schema.map { schema in keys.map { schema.slots[$0.key] ?? -1 } } ?? []
        self.slots = slots
        var plan: [(index: Int, mapped: Bool)] = []
        var planKeys: [(slot: Int, kind: AccountReader.Kind, sources: Range<Int>)] = []
        for (position, key) in keys.enumerated() {
            let start = plan.count
            plan += key.sources.map { (index: $0.index, mapped: $0.mapping != nil) }
            planKeys.append((slot: slots.isEmpty ? -1 : slots[position], kind: key.kind, sources: start..<plan.count))
        }
        self.plan = plan
        self.planKeys = planKeys
    }

    /// One row encoded for the scorer this reader was made for (see ``init(scorer:mapping:columns:)``),
    /// or the fields that could not be read. The same values as ``attributes(_:)``, without a key
    /// lookup per value.
    public func encode(_ fields: [String]) -> Result<EncodedAccount, UnreadableFields> {
        encode(count: fields.count, text: { fields[$0] })
    }

    /// ``encode(_:)-([String])`` for a row read as bytes. Fields of the common shapes (see
    /// ``FieldBytes``) are read from their bytes; the others, and every field of a mapped column,
    /// the long way — to the same values.
    public func encode(_ record: CSVRecord) -> Result<EncodedAccount, UnreadableFields> {
        var account = EncodedAccount(values: [], pool: [])
        return encode(record, into: &account).map { account }
    }

    /// ``encode(_:)-(CSVRecord)`` into `account`, whose storage is reused (nothing is allocated for
    /// a row whose fields all have common shapes, once `account` has grown to size).
    public func encode(_ record: CSVRecord, into account: inout EncodedAccount) -> Result<Void, UnreadableFields> {
        guard let schema else { preconditionFailure("ColumnReader.encode needs a reader made for a scorer") }
        account.values.removeAll(keepingCapacity: true)
        account.values.append(contentsOf: repeatElement(SlotValue.unknown, count: schema.slots.count))
        account.pool.removeAll(keepingCapacity: true)
        var slow: [Int] = []
        planKeys.withUnsafeBufferPointer { planKeys in
            plan.withUnsafeBufferPointer { plan in
                for position in 0..<planKeys.count {
                    let key = planKeys[position]
                    guard key.slot >= 0 else {
                        slow.append(position)
                        continue
                    }
                    for source in key.sources where plan[source].index < record.count {
                        if plan[source].mapped {
                            slow.append(position)
                            break
                        }
                        let field = record[plan[source].index]
                        if field.isEmpty { continue }  // unknown: the next source may have it
                        if let value = Self.fastValue(field, kind: key.kind, schema: schema, pool: &account.pool) {
                            account.values[key.slot] = value
                        } else {
                            slow.append(position)
                        }
                        break
                    }
                }
            }
        }
        guard !slow.isEmpty else { return .success(()) }
        // The long way, key by key (the sources before the one where the fast way stopped were empty,
        // and an empty field reads as unknown either way).
        var problems: [AccountReader.Problem] = []
        for position in slow {
            readLongWay(position, count: record.count, text: { record.string($0) }, into: &account, problems: &problems)
        }
        if !problems.isEmpty {
            if problems.count > 1 { problems.sort { $0.field < $1.field } }
            return .failure(UnreadableFields(problems: problems))
        }
        return .success(())
    }

    /// Reads the key at `position` the long way, from the first of its sources with a value.
    func readLongWay(
        _ position: Int, count: Int, text: (Int) -> String, into account: inout EncodedAccount, problems: inout [AccountReader.Problem]
    ) {
        let (key, kind, sources) = keys[position]
        let slot = slots[position]
        for source in sources where source.index < count {
            let value = AccountReader.Value.text(text(source.index))
            let outcome = source.mapping.map { reader.read(value, through: $0, as: kind) } ?? reader.read(value, as: kind)
            switch outcome {
            case .success(let attribute?):
                if slot >= 0, let schema { account.values[slot] = schema.slotValue(attribute, pool: &account.pool) }
            case .success(nil): continue
            case .failure(let reason):
                problems.append(AccountReader.Problem(field: source.column == key ? key : "\(source.column) (\(key))", reason: reason.text))
            }
            break
        }
    }

    /// One row encoded from its text fields, the long way.
    func encode(count: Int, text: (Int) -> String) -> Result<EncodedAccount, UnreadableFields> {
        guard let schema else { preconditionFailure("ColumnReader.encode needs a reader made for a scorer") }
        var account = EncodedAccount(values: [SlotValue](repeating: .unknown, count: schema.slots.count), pool: [])
        var problems: [AccountReader.Problem] = []
        for position in keys.indices { readLongWay(position, count: count, text: text, into: &account, problems: &problems) }
        if !problems.isEmpty {
            if problems.count > 1 { problems.sort { $0.field < $1.field } }
            return .failure(UnreadableFields(problems: problems))
        }
        return .success(account)
    }

    /// A field of a common shape as its slot, straight from its bytes; nil when it must be read the
    /// long way (the pool is then untouched).
    @inline(__always)
    static func fastValue(_ field: UnsafeBufferPointer<UInt8>, kind: AccountReader.Kind, schema: AccountSchema, pool: inout [Int32]) -> SlotValue? {
        guard FieldBytes.isPlainEdged(field) else { return nil }
        switch kind {
        case .number:
            return FieldBytes.number(field).map { SlotValue(tag: .number, number: $0, a: 0, b: 0) }
        case .boolean:
            return FieldBytes.boolean(field).map { SlotValue(tag: .bool, number: 0, a: $0 ? 1 : 0, b: 0) }
        case .text:
            guard FieldBytes.isASCII(field) else { return nil }
            return SlotValue(tag: .string, number: 0, a: schema.byteVocabulary.lookup(field), b: 0)
        case .list:
            guard FieldBytes.isASCII(field) else { return nil }
            guard field.contains(UInt8(ascii: ";")) else {
                return SlotValue(tag: .string, number: 0, a: schema.byteVocabulary.lookup(field), b: 0)
            }
            // `;`-separated parts, each trimmed of ASCII white space, empty ones dropped.
            let start = pool.count
            var partStart = 0
            for index in 0...field.count where index == field.count || field[index] == UInt8(ascii: ";") {
                var low = partStart, high = index
                while low < high, field[low] == 0x20 || (0x09...0x0D).contains(field[low]) { low += 1 }
                while high > low, field[high - 1] == 0x20 || (0x09...0x0D).contains(field[high - 1]) { high -= 1 }
                if high > low { pool.append(schema.byteVocabulary.lookup(UnsafeBufferPointer(rebasing: field[low..<high]))) }
                partStart = index + 1
            }
            let parts = pool.count - start
            switch parts {
            case 0:
                return nil
            case 1:
                let id = pool.removeLast()
                return SlotValue(tag: .string, number: 0, a: id, b: 0)
            default:
                return SlotValue(tag: .list, number: 0, a: Int32(start), b: Int32(parts))
            }
        }
    }

    /// The fields of a row that could not be read.
    public struct UnreadableFields: Error, Sendable {
        public var problems: [AccountReader.Problem]
    }
}
