import Foundation
import Testing
import Yams

/// The compose service built from the Dockerfile, and the Dockerfile's last (runtime) stage.
private struct Deployment {
    let serviceName: String
    let service: [String: Any]
    let runtime: Dockerfile.Stage
    let build: [Dockerfile.Stage]

    static func load() throws -> Deployment {
        let compose = try #require(
            try Yams.load(yaml: try Repository.text("docker-compose.yml")) as? [String: Any],
            "docker-compose.yml is not a YAML mapping")
        let services = try #require(compose["services"] as? [String: Any], "docker-compose.yml has no services")
        let built = services.filter { _, value in (value as? [String: Any])?["build"] != nil }
        guard built.count == 1, let (name, value) = built.first, let service = value as? [String: Any] else {
            throw DeploymentCheckError("docker-compose.yml: expected one service with `build:`, found \(built.count)")
        }
        let context: String?
        let dockerfile: String?
        if let build = service["build"] as? String {
            (context, dockerfile) = (build, nil)
        } else {
            let build = service["build"] as? [String: Any]
            (context, dockerfile) = (build?["context"] as? String, build?["dockerfile"] as? String)
        }
        guard context == "." || context == "./", dockerfile == nil || dockerfile == "Dockerfile" || dockerfile == "./Dockerfile" else {
            throw DeploymentCheckError("docker-compose.yml: service \(name) does not build ./Dockerfile from the repository root")
        }
        let stages = Dockerfile(text: try Repository.text("Dockerfile")).stages
        let runtime = try #require(stages.last, "Dockerfile has no FROM")
        return Deployment(serviceName: name, service: service, runtime: runtime, build: Array(stages.dropLast()))
    }

    /// The runtime command line: ENTRYPOINT then CMD.
    var command: [String] { (runtime.all("ENTRYPOINT").last?.words ?? []) + (runtime.all("CMD").last?.words ?? []) }

    /// The value of `--name value` or `--name=value` in the runtime command.
    func option(_ name: String) -> String? {
        let words = command
        for (index, word) in words.enumerated() {
            if word == name, index + 1 < words.count { return words[index + 1] }
            if word.hasPrefix(name + "=") { return String(word.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// The container ports the service publishes.
    var publishedContainerPorts: [Int] {
        ((service["ports"] as? [Any]) ?? []).compactMap { entry in
            if let long = entry as? [String: Any] { return long["target"] as? Int ?? (long["target"] as? String).flatMap { Int($0) } }
            let text = (entry as? String) ?? (entry as? Int).map(String.init) ?? ""
            let container = text.split(separator: ":").last.map { $0.split(separator: "/").first.map(String.init) ?? "" } ?? ""
            return Int(container)
        }
    }

    /// The service's environment, from either compose spelling (mapping or `KEY=VALUE` list).
    var environment: [String: String] {
        if let mapping = service["environment"] as? [String: Any] { return mapping.mapValues { "\($0)" } }
        var result: [String: String] = [:]
        for item in (service["environment"] as? [String]) ?? [] {
            let parts = item.split(separator: "=", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }

    /// The healthcheck's command words (`CMD` form, or a `CMD-SHELL`/string split at white space).
    var healthcheck: [String]? {
        guard let check = service["healthcheck"] as? [String: Any] else { return nil }
        if let shell = check["test"] as? String { return shell.split(whereSeparator: \.isWhitespace).map(String.init) }
        guard let test = check["test"] as? [String], let kind = test.first else { return nil }
        switch kind {
        case "CMD": return Array(test.dropFirst())
        case "CMD-SHELL": return test.dropFirst().joined(separator: " ").split(whereSeparator: \.isWhitespace).map(String.init)
        default: return nil
        }
    }
}

@Suite("docker-compose.yml and the Dockerfile agree")
struct ComposeAgreementTests {
    @Test("the image runs serve on all interfaces, on the port it exposes and compose publishes")
    func port() throws {
        let deployment = try Deployment.load()
        let command = deployment.command.joined(separator: " ")
        guard deployment.command.contains("serve") else {
            Issue.record("Dockerfile: the runtime ENTRYPOINT/CMD (\(command)) does not run `serve`")
            return
        }
        guard let portText = deployment.option("--port"), let port = Int(portText) else {
            Issue.record("Dockerfile: the runtime command (\(command)) passes no numeric --port")
            return
        }
        let host = deployment.option("--host")
        if host != "0.0.0.0" && host != "::" {
            Issue.record(
                "Dockerfile: serve listens on \(host ?? "127.0.0.1 (its default)"), unreachable from outside the container; pass --host 0.0.0.0")
        }
        let exposed = deployment.runtime.all("EXPOSE").flatMap(\.words).compactMap { Int($0.split(separator: "/").first ?? "") }
        if !exposed.contains(port) {
            Issue.record(
                "Dockerfile: serve listens on port \(port) but the runtime stage EXPOSEs \(exposed.map(String.init).joined(separator: ", "))")
        }
        let published = deployment.publishedContainerPorts
        if !published.contains(port) {
            Issue.record(
                "docker-compose.yml: service \(deployment.serviceName) publishes container port(s) \(published.map(String.init).joined(separator: ", ")), but the Dockerfile's serve listens on \(port)"
            )
        }
    }

    @Test("the compose healthcheck asks serve's port for /health, with a tool the image installs")
    func healthcheck() throws {
        let deployment = try Deployment.load()
        guard let words = deployment.healthcheck, let tool = words.first else {
            Issue.record("docker-compose.yml: service \(deployment.serviceName) has no healthcheck command")
            return
        }
        guard let address = words.first(where: { $0.contains("://") }), let url = URL(string: address) else {
            Issue.record("docker-compose.yml: the healthcheck (\(words.joined(separator: " "))) asks no URL")
            return
        }
        let servePort = deployment.option("--port").flatMap { Int($0) }
        if url.port != servePort {
            Issue.record(
                "docker-compose.yml: the healthcheck asks port \(url.port.map(String.init) ?? "none"), but the Dockerfile's serve listens on \(servePort.map(String.init) ?? "no --port")"
            )
        }
        if url.path != "/health" {
            Issue.record("docker-compose.yml: the healthcheck asks \(url.path), but the service answers its health check on /health")
        }
        if !["127.0.0.1", "localhost", "[::1]", "::1"].contains(url.host ?? "") {
            Issue.record("docker-compose.yml: the healthcheck asks host \(url.host ?? "none"); it runs inside the container, so ask 127.0.0.1")
        }
        if ["curl", "wget"].contains(tool) && !deployment.runtime.aptPackages.contains(tool) {
            Issue.record("Dockerfile: the compose healthcheck runs \(tool), which the runtime stage does not install")
        }
        let server = try Repository.text("Sources/HTTPServer/HealthController.swift")
        if !server.contains(#".get("health")"#) && !server.contains(#".get("/health")"#) {
            Issue.record("Sources/HTTPServer/HealthController.swift no longer registers GET /health, which the compose healthcheck asks")
        }
    }

    @Test("the runtime image sets ICPLEDGER_SCHEMA_DIR to where it copies Schema")
    func schemaDirectory() throws {
        let deployment = try Deployment.load()
        guard let configured = deployment.runtime.environment["ICPLEDGER_SCHEMA_DIR"] else {
            Issue.record("Dockerfile: the runtime stage does not set ICPLEDGER_SCHEMA_DIR")
            return
        }
        func folder(_ path: String) -> String {
            var trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
            return trimmed
        }
        let copies = deployment.runtime.all("COPY").map(\.words).filter { words in
            let paths = words.filter { !$0.hasPrefix("--") }
            return words.count == paths.count && paths.count >= 2 && paths.dropLast().contains { folder($0) == "Schema" }
        }
        let destinations = copies.compactMap(\.last).map(folder)
        if !destinations.contains(folder(configured)) {
            Issue.record(
                "Dockerfile: ICPLEDGER_SCHEMA_DIR is \(configured), but the runtime stage copies Schema to \(destinations.isEmpty ? "nowhere" : destinations.joined(separator: ", "))"
            )
        }
    }

    @Test("the runtime image has what serve needs: libpq5, zlib, CA certificates, time zones, the build's Debian release")
    func runtimePackages() throws {
        let deployment = try Deployment.load()
        let missing = ["libpq5", "zlib1g", "ca-certificates", "tzdata"].filter { !deployment.runtime.aptPackages.contains($0) }
        if !missing.isEmpty {
            Issue.record("Dockerfile line \(deployment.runtime.from.line): the runtime stage does not install \(missing.joined(separator: ", "))")
        }
        if deployment.environment["DATABASE_URL"] == nil {
            Issue.record(
                "docker-compose.yml: service \(deployment.serviceName) sets no DATABASE_URL; the image has no PostgreSQL of its own to start")
        }
        let releases = ["bookworm", "bullseye", "trixie", "jammy", "noble", "focal"]
        let runtimeRelease = releases.first { deployment.runtime.image.contains($0) }
        for stage in deployment.build where SwiftImage(reference: stage.image) != nil {
            let buildRelease = releases.first { stage.image.contains($0) }
            if buildRelease != runtimeRelease {
                Issue.record(
                    "Dockerfile: the binary is built on \(stage.image) but runs on \(deployment.runtime.image); use the same Debian release for both")
            }
        }
    }
}
