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

    /// Reads and parses the file (`-` is standard input); errors name the file, line and column.
    static func read(_ path: String) throws -> ICPFileDocument {
        let text = try FileInput.text(path)
        do {
            return try ICPFileDocument.parse(text)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }

    /// Resolves the workspace (option, else the file's `workspace`) and the ICP (the file's `icp` id).
    static func resolve(_ path: String, workspace option: String?, ledger: Ledger) async throws -> ICPFileTarget {
        let document = try read(path)
        let ws = try await workspace(of: document, path: path, option: option, ledger: ledger)
        guard let icp = document.icp else {
            if let clash = try await ledger.listICPs(in: ws.id).first(where: { $0.name == document.definition.name }) {
                throw clashError(path: path, clash: clash, workspace: ws)
            }
            return ICPFileTarget(path: path, document: document, workspace: ws, state: nil)
        }
        guard let state = try await ledger.icpState(icp, in: ws.id) else {
            throw CLIError("\(path): there is no ICP \(icp) in workspace '\(ws.name)' (the file's 'icp' key)")
        }
        return ICPFileTarget(path: path, document: document, workspace: ws, state: state)
    }

    /// The workspace a file applies to: `--workspace`, else the file's `workspace` key. When both are
    /// given they must name the same workspace: a file is never applied to another one silently.
    static func workspace(of document: ICPFileDocument, path: String, option: String?, ledger: Ledger) async throws -> WorkspaceSummary {
        guard let name = option ?? document.workspace else {
            throw CLIError("\(path): name the workspace with --workspace (the file has no 'workspace' key)")
        }
        let ws = try await ledger.workspace(named: name)
        if let option, let own = document.workspace, own != option {
            let fileWorkspace = try? await ledger.workspace(named: own)
            if fileWorkspace?.id != ws.id {
                throw CLIError(
                    "\(path): the file belongs to workspace '\(own)' (its 'workspace' key), but --workspace names "
                        + "'\(option)'; drop --workspace, or change the file's 'workspace' key if you mean to move it")
            }
        }
        return ws
    }

    /// A new ICP whose name is taken.
    static func clashError(path: String, clash: ICPSummary, workspace ws: WorkspaceSummary) -> CLIError {
        CLIError(
            "\(path): the file describes a new ICP, but '\(clash.name)' already exists in \(ws.name) (\(clash.id)); "
                + "export it with '\(Shell.command(["icpledger", "icp", "export", clash.name, "--workspace", ws.name]))' and edit that file")
    }

    /// Refuses a file exported from another revision than the one operating now.
    func checkNotStale() throws {
        if let stale = document.staleness(operatingRevision: operatingRevision) { throw CLIError("\(path): \(stale)") }
    }

    var plan: ICPPlan {
        ICPPlan(proposed: document.definition, against: state)
    }
}
