import ArgumentParser
import Foundation

/// Turns any error into one line on stderr and exit code 1.
enum CommandFailure {
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let error as CleanExit {
            throw error
        } catch {
            Terminal.complain("icpledger: error: \(error)")
            throw ExitCode.failure
        }
    }
}
