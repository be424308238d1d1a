import ArgumentParser
import CaseStore

struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List policies, add one, set the DSA category one falls under, or its strike rule.",
        subcommands: [ListPolicies.self, AddPolicy.self, SetDSACategory.self, StrikeRules.self],
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

    struct StrikeRules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "strikes",
            abstract: "Show the strike rules, or set or remove a policy's.",
            usage: """
                casetool policies strikes [<code>] [--format <format>]
                casetool policies strikes <code> --active <days> [<rule options>]
                casetool policies strikes <code> --none
                """,
            discussion: """
                An actioned case under the policy gives its account as many strikes as its heaviest \
                decision counts (1 unless --count says otherwise; 0 gives none), active from when it was \
                actioned for --active days (or permanent), until its case is reversed. Each --threshold \
                'N KIND[ for Dd]' recommends KIND once N strikes are active. Setting a rule replaces the \
                whole rule, and applies to every case's history at once (standing is derived, not stored).

                Examples:
                  casetool policies strikes
                  casetool policies strikes spam --active 90d --count content_labelled=0 \\
                    --threshold "3 account_suspended for 1d" \\
                    --threshold "10 account_terminated"
                  casetool policies strikes child-safety --active permanent \\
                    --threshold "1 account_terminated"
                  casetool policies strikes privacy --none
                """)

        @OptionGroup var target: ReadTargetOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: "The policy's code; without one, every policy's rule.", completion: Completions.policyCode) var code: String?
        @Option(help: ArgumentHelp("How long a strike stays active: days such as 365d, or 'permanent'.", valueName: "days"))
        var active: String?
        @Option(help: ArgumentHelp("What a decision counts, if not 1 (repeatable), e.g. content_labelled=0.", valueName: "kind=n"))
        var count: [String] = []
        @Option(help: ArgumentHelp("N KIND[ for Dd]: at N active strikes, recommend KIND (repeatable).", valueName: "rule"))
        var threshold: [String] = []
        @Flag(help: "Remove the policy's rule: its cases give no strikes.") var none = false

        func run() throws {
            let cases = try target.open()
            let setting = active != nil || !count.isEmpty || !threshold.isEmpty
            if setting || none {
                guard let code else {
                    throw CaseStoreError.invalidValue(
                        field: "code", problem: "name the policy whose rule to \(none ? "remove" : "set"), e.g. 'casetool policies strikes spam \(none ? "--none" : "--active 90d")'")
                }
                if none && setting {
                    throw CaseStoreError.invalidValue(field: "--none", problem: "removes the rule; it cannot be given with --active, --count or --threshold")
                }
                let rule = none ? nil : try rule()
                try cases.setStrikeRule(rule, policy: code)
                Console.message("policy \(code): " + (rule.map(Self.describe) ?? "no strike rule; its cases give no strikes"))
                return
            }
            var table = Tabular(columns: [
                .init(key: "policy", title: "POLICY", fit: .wrapAtHyphens),
                .init(key: "active", title: "ACTIVE"),
                .init(key: "counts", title: "COUNTS", fit: .wrap, dropRank: 0),
                .init(key: "thresholds", title: "THRESHOLDS", fit: .wrap),
            ])
            let rules = try cases.strikeRules()
            if let code, !rules.contains(where: { $0.policy.code == code.lowercased() }) {
                let known = rules.map { (key: $0.policy.code, label: $0.policy.name) }
                throw CaseStoreError.unknownPolicy(code: code, suggestions: Suggestions.closest(to: code, among: known))
            }
            for (policy, rule) in rules where code == nil || policy.code == code?.lowercased() {
                let line = rule.map(StrikeWording.ruleLine)
                table.append([
                    .text(policy.code), line.map { .text($0.active) } ?? .text("none"), line.map { .text($0.counts) } ?? .null,
                    line.map { .text($0.thresholds) } ?? .null,
                ])
            }
            Console.output(output.render(table))
        }

        private func rule() throws -> StrikeRule {
            guard let active else {
                throw CaseStoreError.invalidValue(field: "--active", problem: "is required to set a rule: days such as 365d, or 'permanent'")
            }
            var weights: [DecisionKind: Int] = [:]
            for text in count {
                let (kind, strikes) = try StrikeRule.weight(parsing: text, field: "--count")
                guard weights.updateValue(strikes, forKey: kind) == nil else {
                    throw CaseStoreError.invalidValue(field: "--count", problem: "\(kind.rawValue) is given twice; give each decision's count once")
                }
            }
            return try OptionValues.named(["thresholds": "--threshold", "counts": "--count"]) {
                try StrikeRule(
                    activeDays: try StrikeRule.activeDays(parsing: active, field: "--active"), weights: weights,
                    thresholds: try threshold.map { try StrikeThreshold(parsing: $0, field: "--threshold") })
            }
        }

        static func describe(_ rule: StrikeRule) -> String {
            let line = StrikeWording.ruleLine(rule)
            return StrikeWording.durationText(rule)
                + (line.counts.isEmpty ? "" : "; counts \(line.counts)")
                + "; " + (line.thresholds.isEmpty ? "no thresholds" : "thresholds \(line.thresholds)")
        }
    }
}
