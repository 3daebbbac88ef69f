import Foundation

/// The PostgreSQL server programs (initdb, pg_ctl) of the machine's install.
public struct PostgresBinaries: Sendable, Equatable {
    /// The folder holding initdb and pg_ctl.
    public var directory: String
    /// The major version the programs belong to, e.g. 15.
    public var majorVersion: Int

    public var initdb: String { directory + "/initdb" }
    public var pgCtl: String { directory + "/pg_ctl" }

    /// Finds the install: the search's explicit folder, then `pg_config --bindir`, then
    /// the newest `/usr/lib/postgresql/*/bin`, then the search path.
    public static func locate(_ search: PostgresBinarySearch = .standard) async throws -> PostgresBinaries {
        var candidates: [String] = []
        if let explicit = search.explicitDirectory, !explicit.isEmpty { candidates.append(explicit) }
        if let output = try? await ClusterPrograms.run("pg_config", ["--bindir"]), output.status == 0 {
            candidates.append(output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(root)/\($0)/bin" }
        candidates += search.path
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory + "/initdb")
            && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl")
        {
            let version = try await ClusterPrograms.run(directory + "/pg_ctl", ["--version"])
            guard version.status == 0, let major = Self.majorVersion(fromVersionOutput: version.standardOutput) else { continue }
            return PostgresBinaries(directory: directory, majorVersion: major)
        }
        throw EmbeddedPostgresError.serverNotInstalled
    }

    /// Reads `pg_ctl (PostgreSQL) 15.18 (Debian …)` as 15.
    static func majorVersion(fromVersionOutput output: String) -> Int? {
        guard let range = output.firstRange(of: "(PostgreSQL) ") else { return nil }
        let digits = output[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }
}

/// Where to look for the server programs; the configuration fills it in (`ICPLEDGER_PG_BINDIR`, `PATH`).
public struct PostgresBinarySearch: Sendable, Hashable {
    /// A folder to try first.
    public var explicitDirectory: String?
    /// Folders to try last, in order.
    public var path: [String]

    public init(explicitDirectory: String? = nil, path: [String] = ["/usr/local/bin", "/usr/bin", "/bin"]) {
        self.explicitDirectory = explicitDirectory
        self.path = path
    }

    /// No explicit folder; the usual system folders last.
    public static let standard = PostgresBinarySearch()
}
