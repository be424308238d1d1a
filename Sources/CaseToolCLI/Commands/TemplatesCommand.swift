import ArgumentParser
import CaseStore

/// `casetool templates`: saved reasons, used with `status --reason-template NAME`.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Save the reasons people type most, for 'status --reason-template'.",
        discussion: """
            A template is for one policy (--policy) or for all. 'status ID actioned
            --reason-template NAME' uses the case's policy's template of that name,
            else the one for all policies; its text is copied into the history.
            """,
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List templates (for one policy: its own and those for all).",
            usage: "casetool templates [list] [--policy <code>] [--format <format>]",
            discussion: """
                Examples:
                  casetool templates
                  casetool templates list --policy spam --format json
                """)

        @OptionGroup var target: ReadTargetOptions
        @OptionGroup var output: FormatOptions
        @Option(help: ArgumentHelp("Only those usable on this policy's cases.", valueName: "code")) var policy: String?

        func run() throws {
            var table = Tabular(columns: [
                .init(key: "name", title: "NAME", fit: .wrapAtHyphens),
                .init(key: "policy", title: "POLICY", fit: .wrapAtHyphens),
                .init(key: "text", title: "TEXT", fit: .wrap),
                .init(key: "created_by", title: "BY", fit: .truncate, dropRank: 0),
            ])
            for template in try target.open().reasonTemplates(policy: policy) {
                table.append([
                    .text(template.name), .text(template.policyCode ?? "(all)"), .text(template.text), .text(template.createdBy),
                ])
            }
            output.output(table, whenEmpty: "no reason templates" + (policy.map { " for policy \($0)" } ?? "")
                + " yet: 'casetool templates add NAME TEXT' saves one")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Save a reason under a name.",
            usage: "casetool templates add <name> <text> [--policy <code>]",
            discussion: """
                Examples:
                  casetool templates add bulk-links "Bulk posting of identical links" \\
                    --policy spam
                  casetool templates add repeat "Repeated violations after warnings"
                """)

        @OptionGroup var target: TargetOptions
        @Argument(help: "A short name: what people will type.") var name: String
        @Argument(help: "The reason, as the history will record it.") var text: String
        @Option(help: ArgumentHelp("Only for this policy's cases (default: all).", valueName: "code")) var policy: String?

        func run() throws {
            let template = try target.open().addReasonTemplate(name: name, policy: policy, text: text)
            Console.message("template \(template.name) saved for " + (template.policyCode.map { "policy \($0)" } ?? "all policies"))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove a template; reasons written from it stay.",
            usage: "casetool templates remove <name> [--policy <code>]",
            discussion: """
                Examples:
                  casetool templates remove bulk-links --policy spam
                """)

        @OptionGroup var target: ReadTargetOptions
        @Argument(help: "The template's name.") var name: String
        @Option(help: ArgumentHelp("The policy it is for (default: the one for all).", valueName: "code")) var policy: String?

        func run() throws {
            try target.open().removeReasonTemplate(name: name, policy: policy)
            Console.message("template \(name) removed")
        }
    }
}
