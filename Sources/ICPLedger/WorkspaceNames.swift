import Foundation

/// How workspace names are compared: ignoring case and surrounding spaces.
enum WorkspaceNames {
    /// The directory key of a name.
    static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
