import ArgumentParser
import CaseStore
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Log deterministic synthetic cases, for load tests, crash tests and benchmarks.",
        usage: "casetool generate [--cases <n>] [--seed <n>] [<options>]",
        discussion: """
            Synthetic cases have external ids 'synthetic-SEED-N' and rationales saying they are synthetic; \
            use a separate database for them. Each batch is one transaction: a run interrupted at any point \
            leaves whole batches only. A new database gets the policy catalog.

            Examples:
              casetool generate --db load.db --cases 10000
              casetool generate --db load.db --cases 200000 --seed 1
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions

    @Option(help: "How many cases to log.") var cases: Int = 1_000
    @Option(help: "Cases per transaction.") var batchSize: Int = 100
    @Option(help: "Random seed: the same seed gives the same cases.") var seed: UInt64 = 1

    func validate() throws {
        guard cases >= 0 else { throw ValidationError("--cases must be 0 or more") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be 1 or more") }
    }

    func run() throws {
        // A load-test database is usually a new one: create it, and give it the policy catalog the
        // synthetic cases are drawn from.
        let store = try database.openStore(access: .createIfMissing)
        if try store.policies().isEmpty, let catalog = SeedSet.embedded.files.first(where: { $0.name == "policies.json" }) {
            let loaded = try store.loadSeeds(SeedSet(files: [catalog]), actor: actor.name)
            Console.message("\(database.path): no policies yet; loaded the policy catalog (\(loaded.policiesAdded) policies)")
        }
        try store.prepareForBulkWrites()
        var generator = try SyntheticCases(seed: seed, policyCodes: try store.policies().map(\.code), now: .now())
        let actorName = actor.name
        let progress = ProgressLine(unit: "cases")
        var written = 0
        while written < cases {
            let size = min(batchSize, cases - written)
            try store.batch {
                for _ in 0..<size {
                    try store.log(generator.next(), actor: actorName)
                }
            }
            written += size
            progress.update(done: written, fraction: cases > 0 ? Double(written) / Double(cases) : nil)
        }
        progress.finish()
        Console.message("generated \(written) cases in batches of \(batchSize) (seed \(seed))")
    }
}
