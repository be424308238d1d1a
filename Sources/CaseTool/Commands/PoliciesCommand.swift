import ArgumentParser
import CaseStore

struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List policies, or add one.",
        subcommands: [ListPolicies.self, AddPolicy.self],
        defaultSubcommand: ListPolicies.self)

    struct ListPolicies: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every policy.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            var table = Tabular(columns: [
                .init(key: "code", title: "CODE"),
                .init(key: "name", title: "NAME"),
                .init(key: "description", title: "DESCRIPTION", maxTableWidth: 60),
            ])
            for policy in try database.openStore().policies() {
                table.append([.text(policy.code), .text(policy.name), .text(policy.description)])
            }
            Console.output(Renderers.render(table, as: output.format))
        }
    }

    struct AddPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a policy.",
            discussion: "Example: casetool policies add election-integrity --name \"Election Integrity\"")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "Short stable code: lower-case letters, digits and dashes.") var code: String
        @Option(help: "Display name.") var name: String
        @Option(help: "What the policy prohibits.") var description: String = ""

        func run() throws {
            let policy = try database.openStore().addPolicy(code: code, name: name, description: description)
            Console.message("policy \(policy.code) added")
        }
    }
}
