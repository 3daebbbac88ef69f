import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPFile
import ICPLedger

/// `…/{ws}/mapping`: how the workspace's CRM exports feed its ICPs' keys, kept as events.
extension V1Routes {
    func registerMapping(on group: RouterGroup<LedgerRequestContext>) {
        group.get("workspaces/:workspace/mapping", use: showMapping)
        group.put("workspaces/:workspace/mapping", use: setMapping)
    }

    struct MappingAnswer: Encodable {
        var mapping: FieldMapping
        /// The same as a mapping file (what `icpledger mapping show` prints).
        var file: String
        var history: [FieldMappingChange]
    }

    @Sendable func showMapping(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let mapping = try await ledger.fieldMapping(in: access.workspace)
        return try JSONIO.response(
            MappingAnswer(mapping: mapping, file: MappingFile.render(mapping), history: try await ledger.fieldMappingHistory(in: access.workspace)))
    }

    struct MappingBody: APIRequestBody {
        static let fields: Set<String> = ["mapping"]
        var mapping: FieldMapping
    }

    struct MappingSet: Encodable {
        /// False when the workspace already had this mapping (nothing recorded).
        var changed: Bool
        var mapping: FieldMapping
    }

    /// Replaces the mapping (admins): a mapping file (`application/yaml`) or `{"mapping": {...}}`.
    @Sendable func setMapping(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let access = try await access(request, context)
        let mapping: FieldMapping
        if Self.isYAML(request) {
            let bytes = try await JSONIO.collect(request)
            guard let text = String(validating: bytes, as: UTF8.self) else { throw Problem.malformed("The file is not valid UTF-8.") }
            do {
                mapping = try MappingFile.parse(text)
            } catch {
                throw Problem.invalid(
                    "The mapping file cannot be read: \(error)", errors: [.init(field: "body", code: "invalidValue", message: "\(error)")])
            }
        } else {
            mapping = try await JSONIO.decode(MappingBody.self, from: request).mapping
        }
        let changed = try await command(access, request) { actor in try await ledger.setFieldMapping(mapping, in: access.workspace, by: actor) }
        return try JSONIO.response(MappingSet(changed: changed, mapping: mapping))
    }
}
