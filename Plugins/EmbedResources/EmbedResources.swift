import Foundation
import PackagePlugin

/// Generates `EmbeddedResources.swift` for the target from the package's top-level folders it
/// carries: `migrations/` and `seeds/` for the store, `openapi/` for the API. Every file found is
/// embedded, so adding a migration needs no code change.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let names = target.name == "CaseAPI" ? ["openapi"] : ["migrations", "seeds"]
        let folders = names.map { root.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        var inputs: [URL] = folders
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path())) ?? []
            inputs += names.sorted().filter { !$0.hasPrefix(".") }.map { folder.appending(path: $0) }
        }
        return [
            .buildCommand(
                displayName: "Embedding " + names.joined(separator: " and "),
                executable: try context.tool(named: "ResourceEmbedder").url,
                arguments: [output.path()] + zip(names, folders).map { "\($0)=\($1.path())" },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
