import ArgumentParser
import Foundation
import ICPDomain
import ICPFile
import ICPLedger

/// Reading an ICP file and finding what it applies to: shared by `icp plan` and `icp propose`.
struct ICPFileTarget {
    var path: String
    var document: ICPFileDocument
    var workspace: WorkspaceSummary
    /// The ICP the file belongs to; nil when the file describes a new ICP.
    var state: ICPState?

    /// The revision operating now (nil for a new or never-published ICP).
    var operatingRevision: Int? { state?.publishedRevision }

    /// What the file is compared with: the operating definition, or an unpublished ICP's draft.
    var baseDefinition: ICPDefinition? { state?.baseDefinition }

    /// Reads and parses the file (`-` is standard input); errors name the file, line and column.
    static func read(_ path: String) throws -> ICPFileDocument {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read the file") }
            text = String(decoding: data, as: UTF8.self)
        }
        do {
            return try ICPFileDocument.parse(text)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }

    /// Resolves the workspace (option, else the file's `workspace`) and the ICP (the file's `icp` id).
    static func resolve(_ path: String, workspace option: String?, ledger: Ledger) async throws -> ICPFileTarget {
        let document = try read(path)
        guard let workspaceName = option ?? document.workspace else {
            throw CLIError("\(path): name the workspace with --workspace (the file has no 'workspace' key)")
        }
        let ws = try await ledger.workspace(named: workspaceName)
        guard let icp = document.icp else {
            if let clash = try await ledger.listICPs(in: ws.id).first(where: { $0.name == document.definition.name }) {
                throw CLIError("\(path): the file describes a new ICP, but '\(clash.name)' already exists in \(ws.name) (\(clash.id)); "
                               + "export it with 'icpledger icp export \"\(clash.name)\" --workspace \(ws.name)' and edit that file")
            }
            return ICPFileTarget(path: path, document: document, workspace: ws, state: nil)
        }
        guard let state = try await ledger.icpState(icp, in: ws.id) else {
            throw CLIError("\(path): there is no ICP \(icp) in workspace '\(ws.name)' (the file's 'icp' key)")
        }
        return ICPFileTarget(path: path, document: document, workspace: ws, state: state)
    }

    /// Refuses a file exported from another revision than the one operating now.
    func checkNotStale() throws {
        if let stale = document.staleness(operatingRevision: operatingRevision) { throw CLIError("\(path): \(stale)") }
    }

    var plan: ICPPlan {
        ICPPlan(operating: baseDefinition, proposed: document.definition, operatingRevision: operatingRevision,
                lintContext: LintContext(revision: operatingRevision))
    }
}
