import ArgumentParser
import Foundation
import ICPDomain
import ICPFile
import ICPLedger

/// Reading an ICP file and finding what it applies to: shared by `icp plan` and `icp propose`.
struct ICPFileTarget {
    var path: String
    /// The file's text, as read.
    var text: String
    var document: ICPFileDocument
    var workspace: WorkspaceSummary
    /// The ICP the file belongs to; nil when the file describes a new ICP.
    var icp: ICPSummary?

    /// Reads and parses the file (`-` is standard input); errors name the file, line and column.
    static func read(_ path: String) throws -> (text: String, document: ICPFileDocument) {
        let text = try FileInput.text(path)
        do {
            return (text, try ICPFileDocument.parse(text))
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }

    /// Reads the file and resolves the workspace (option, else the file's `workspace`) and the ICP
    /// (the file's `icp` id). A new ICP whose name is taken is refused unless `allowingNameClash`.
    static func resolve(
        _ path: String, workspace option: String?, ledger: any LedgerGateway, allowingNameClash: Bool = false
    ) async throws -> ICPFileTarget {
        let (text, document) = try read(path)
        let ws = try await workspace(of: document, path: path, option: option, ledger: ledger)
        let list = try await ledger.listICPs(in: ws.id)
        guard let id = document.icp else {
            if !allowingNameClash, let clash = list.first(where: { $0.name == document.definition.name }) {
                throw clashError(path: path, clash: clash, workspace: ws)
            }
            return ICPFileTarget(path: path, text: text, document: document, workspace: ws, icp: nil)
        }
        guard let icp = list.first(where: { $0.id == id }) else {
            throw CLIError("\(path): there is no ICP \(id) in workspace '\(ws.name)' (the file's 'icp' key)")
        }
        return ICPFileTarget(path: path, text: text, document: document, workspace: ws, icp: icp)
    }

    /// The workspace a file applies to: `--workspace`, else the file's `workspace` key. When both are
    /// given they must name the same workspace: a file is never applied to another one silently.
    static func workspace(
        of document: ICPFileDocument, path: String, option: String?, ledger: any LedgerGateway
    ) async throws
        -> WorkspaceSummary
    {
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

    /// The plan of the file against what operates now; a file exported from a revision that no
    /// longer operates is refused, naming the file.
    func plan(_ ledger: any LedgerGateway, evidence: [EvidenceRef] = []) async throws -> PlanResult {
        do {
            return try await ledger.plan(document, text: text, evidence: evidence, in: workspace)
        } catch let stale as StaleFileError {
            throw CLIError("\(path): \(stale)")
        }
    }

    /// A new ICP whose name is taken.
    static func clashError(path: String, clash: ICPSummary, workspace ws: WorkspaceSummary) -> CLIError {
        CLIError(
            "\(path): the file describes a new ICP, but '\(clash.name)' already exists in \(ws.name) (\(clash.id)); "
                + "export it with '\(Shell.command(["icpledger", "icp", "export", clash.name, "--workspace", ws.name]))' and edit that file")
    }
}
