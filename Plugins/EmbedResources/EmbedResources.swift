import Foundation
import PackagePlugin

/// Generates `EmbeddedResources.swift` for the target from the package's top-level
/// `migrations/` and `seeds/` folders. Every file found is embedded, so adding a
/// migration needs no code change.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["migrations", "seeds"].map { root.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        var inputs: [URL] = folders
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path())) ?? []
            inputs += names.sorted().filter { !$0.hasPrefix(".") }.map { folder.appending(path: $0) }
        }
        return [
            .buildCommand(
                displayName: "Embedding migrations and seeds",
                executable: try context.tool(named: "ResourceEmbedder").url,
                arguments: [output.path()] + folders.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
