import Foundation
import Testing

/// Settings that cannot be used stop a command before it does anything, with one line naming them.
@Suite("icpledger settings at start-up", .timeLimit(.minutes(10)))
struct CLIConfigurationTests {
    @Test("a malformed setting is one line naming it; a secret is not repeated; nothing is stored")
    func malformedSettings() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let cases: [(String, String, String)] = [
            (
                "ICPLEDGER_LOG_LEVEL", "loud",
                "icpledger: error: ICPLEDGER_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical (it is 'loud')"
            ),
            ("ICPLEDGER_PREPARED_STATEMENTS", "sometimes", "icpledger: error: ICPLEDGER_PREPARED_STATEMENTS must be on or off (it is 'sometimes')"),
            ("ICPLEDGER_SERVER_PORT", "http", "icpledger: error: ICPLEDGER_SERVER_PORT must be a whole number from 0 to 65535 (it is 'http')"),
            (
                "DATABASE_URL", "postgresql://owner:s3cret@db/ledger?colour=blue",
                "icpledger: error: DATABASE_URL must be a libpq connection string (key=value …) or a postgresql:// URL that libpq can parse"
            ),
        ]
        for (variable, value, message) in cases {
            let result = try await cli.run(["workspace", "create", "acme"], environment: [variable: value])
            #expect(result.status == 1, "\(variable)=\(value): \(result)")
            #expect(result.stderr == message + "\n", "\(variable)=\(value): \(result)")
            #expect(!result.stderr.contains("s3cret"))
        }
        #expect(try await cli.stored() == [0, 0])
    }

    @Test("help is given whatever the environment holds")
    func helpWithBadSettings() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        for arguments in [["--help"], ["workspace", "list", "--help"], ["--version"]] {
            let result = try await cli.run(arguments, environment: ["ICPLEDGER_LOG_LEVEL": "loud"])
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(!result.stdout.isEmpty)
        }
    }

    @Test("serve on a port another program holds says so in one line, and stops")
    func portInUse() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        // Hold a loopback port, as another server would.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(holder >= 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(holder, $0, length) == 0 && listen(holder, 1) == 0 && getsockname(holder, $0, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let result = try await cli.run(["serve", "--port", String(port)])
        #expect(result.status == 1, "\(result)")
        #expect(
            result.stderr
                == "icpledger: error: cannot listen on 127.0.0.1:\(port): another program already listens there; choose another port with --port\n",
            "\(result)")
    }

    @Test("serve's own options are checked by the command line, naming the option")
    func serveOptions() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let port = try await cli.run(["serve", "--port", "99999"])
        #expect(port.status == 64 && port.stderr.hasPrefix("Error: --port must be from 0 to 65535, not 99999"), "\(port)")
        let lag = try await cli.run(["serve", "--max-lag", "-5"])
        #expect(lag.status == 64 && lag.stderr.contains("--max-lag"), "\(lag)")
    }
}
