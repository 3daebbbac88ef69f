import ArgumentParser
import EventStore
import Foundation
import ICPDomain

/// `icpledger verify --offline DIR --public-key FILE`: an export checked with no database.
enum OfflineVerification {
    static func run(folder: String, publicKey: String, checkpoints extra: [String]) throws {
        let report = try CommandFailureSync.reporting { () throws -> OfflineVerifier.Report in
            let root = URL(fileURLWithPath: folder)
            let keyText = try String(contentsOfFile: publicKey, encoding: .utf8)
            let verifier = try CheckpointVerifier(text: keyText.split(separator: "\n").first.map(String.init) ?? "")
            let origin = try String(contentsOf: root.appending(path: "origin.txt"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            var checker = OfflineVerifier(verifier: verifier, origin: origin)
            try checker.addExport(root.appending(path: "events.jsonl").path)
            let folderNotes = (try? FileManager.default.contentsOfDirectory(atPath: root.appending(path: "checkpoints").path)) ?? []
            var notes: [String] = []
            for name in folderNotes.sorted() where name.hasSuffix(".note") {
                notes.append(try String(contentsOf: root.appending(path: "checkpoints/\(name)"), encoding: .utf8))
            }
            for path in extra { notes.append(try String(contentsOfFile: path, encoding: .utf8)) }
            return checker.finish(checkpoints: notes)
        }
        for finding in report.findings { Terminal.say("BROKEN \(TextEscaping.visible(finding.description))") }
        Terminal.say(
            "checked \(report.events) events in \(report.streams) streams and \(report.checkpointsVerified.count) checkpoints: "
                + (report.isIntact ? "the export matches every checkpoint" : "\(report.findings.count) problems"))
        if report.isIntact && report.uncovered > 0 {
            Terminal.say("\(report.uncovered) events after the last checkpoint are not covered by one yet")
        }
        if !report.isIntact { throw ExitCode(3) }
    }
}

extension OfflineVerification {
    /// `verify --proof FILE… --public-key KEY [--offline DIR]`: each inclusion proof checked against
    /// the pinned key (and then the export, when one is named). Exit 3 when one does not hold.
    static func proofs(_ paths: [String], publicKey: String, thenFolder folder: (path: String, checkpoints: [String])?) throws {
        let results = try CommandFailureSync.reporting { () throws -> [(String, InclusionProof?, [String])] in
            let keyText = try String(contentsOfFile: publicKey, encoding: .utf8)
            let verifier = try CheckpointVerifier(text: keyText.split(separator: "\n").first.map(String.init) ?? "")
            return try paths.map { path in
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                guard data.count <= 16 << 20, let proof = try? JSONDecoder().decode(InclusionProof.self, from: data) else {
                    return (path, nil, ["it is not an inclusion proof (icpledger proof writes them)"])
                }
                return (path, proof, proof.problems(verifiedBy: verifier))
            }
        }
        var failed = false
        for (path, proof, problems) in results {
            let name = TextEscaping.visible(path)
            if problems.isEmpty, let proof {
                let what = proof.eventSummary
                Terminal.say("\(name): event \(proof.index) (\(TextEscaping.visible(what))) is in the signed checkpoint of \(proof.size) events")
            } else {
                failed = true
                for problem in problems { Terminal.say("BROKEN \(name): \(TextEscaping.visible(problem))") }
            }
        }
        if let folder { try run(folder: folder.path, publicKey: publicKey, checkpoints: folder.checkpoints) }
        if failed { throw ExitCode(3) }
    }
}

/// ``CommandFailure`` for work that does not suspend.
enum CommandFailureSync {
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.complain("icpledger: error: \(error)")
            throw ExitCode.failure
        }
    }
}
