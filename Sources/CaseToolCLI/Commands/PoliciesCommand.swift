import ArgumentParser
import CaseStore

struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List policies, add one, or set the DSA category one falls under.",
        subcommands: [ListPolicies.self, AddPolicy.self, SetDSACategory.self],
        defaultSubcommand: ListPolicies.self)

    struct ListPolicies: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List every policy.",
            usage: "casetool policies [list] [--format <format>] [--wide]",
            discussion: """
                Examples:
                  casetool policies
                  casetool policies --format csv > policies.csv
                """)

        @OptionGroup var target: ReadTargetOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            var table = Tabular(columns: [
                .init(key: "code", title: "CODE", fit: .wrapAtHyphens),
                .init(key: "name", title: "NAME", fit: .wrap),
                .init(key: "dsa_category", title: "DSA CATEGORY", fit: .truncate, dropRank: 0),
                .init(key: "description", title: "DESCRIPTION", maxTableWidth: 60, fit: .truncate, dropRank: 1),
            ])
            for policy in try target.open().policies() {
                table.append([
                    .text(policy.code), .text(policy.name), policy.dsaCategory.map { .text($0) } ?? .null,
                    .text(policy.description),
                ])
            }
            Console.output(output.render(table))
        }
    }

    struct AddPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a policy.",
            usage: "casetool policies add <code> --name <name> [<options>]",
            discussion: """
                Examples:
                  casetool policies add election-integrity --name "Election Integrity"
                  casetool policies add gambling --name "Gambling" \\
                    --dsa-category STATEMENT_CATEGORY_OTHER_VIOLATION_TC
                """)

        @OptionGroup var target: ReadTargetOptions

        @Argument(help: "Short stable code: lower-case letters, digits and dashes.") var code: String
        @Option(help: "Display name.") var name: String
        @Option(help: "What the policy prohibits.") var description: String = ""
        @Option(help: "The DSA Transparency Database category it falls under (STATEMENT_CATEGORY_…).") var dsaCategory: String?

        func run() throws {
            let policy = try OptionValues.named(["name": "--name", "description": "--description", "dsa_category": "--dsa-category"]) {
                try target.open().addPolicy(code: code, name: name, description: description, dsaCategory: dsaCategory)
            }
            Console.message("policy \(policy.code) added")
        }
    }

    struct SetDSACategory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dsa-category",
            abstract: "Set the DSA category a policy falls under, for 'export --format dsa-sor|dsa-api'.",
            usage: "casetool policies dsa-category <code> <category>",
            discussion: """
                Categories: \(DSAVocabulary.categories.map(\.key).joined(separator: ", ")).

                Examples:
                  casetool policies dsa-category spam STATEMENT_CATEGORY_OTHER_VIOLATION_TC
                  casetool policies dsa-category spam none
                """)

        @OptionGroup var target: ReadTargetOptions

        @Argument(help: "The policy's code.", completion: Completions.policyCode) var code: String
        @Argument(help: "A current STATEMENT_CATEGORY_… key, or 'none' to clear it.") var category: String

        func run() throws {
            try target.open().setDSACategory(category == "none" ? nil : category, forPolicy: code)
            Console.message("policy \(code): DSA category \(category)")
        }
    }
}
