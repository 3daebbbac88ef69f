import ArgumentParser

/// `icpledger workspace create|list|show`: the workspaces (one per company whose ICPs are governed).
struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Create, list and inspect workspaces (one per company whose ICPs you govern).",
        subcommands: [WorkspaceCreateCommand.self, WorkspaceListCommand.self, WorkspaceShowCommand.self])
}
