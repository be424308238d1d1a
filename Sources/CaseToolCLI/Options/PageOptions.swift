import ArgumentParser
import CaseStore

/// `--limit N` and `--all` for listings: a page of the most recent by default, so a database of
/// 200,000 cases answers `list` at once, with a footer saying what was left out.
struct PageOptions: ParsableArguments {
    static let defaultSize = 50

    // Unconditional, so that `--limit -1` is read as a (bad) number, not as a missing one.
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "At most this many, the most recent (default \(PageOptions.defaultSize)).", valueName: "n"))
    var limit: Int?

    @Flag(help: "Every match, however many.")
    var all = false

    func validate() throws {
        if all && limit != nil { throw ValidationError("--limit and --all cannot be used together") }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more (got \(limit)); --all shows every one") }
    }

    /// The page size to ask the store for; nil for everything.
    var size: Int? { all ? nil : limit ?? Self.defaultSize }

    /// One line on stderr when the page left matches out, or when nothing matched: what was shown,
    /// of how many, and how to see more.
    func footnote(
        shown: Int, noun: String, order: String = "the most recent", total: () throws -> Int, everything: () throws -> Int
    ) rethrows {
        if shown == 0 {
            let inAll = try everything()
            Console.message(inAll == 0 ? "no \(noun) yet" : "no \(noun) match (\(Formatting.thousands(Int64(inAll))) in all)")
        } else if let size, shown == size {
            let matching = try total()
            if matching > shown {
                Console.message("\(Formatting.thousands(Int64(shown))) of \(Formatting.thousands(Int64(matching))) \(noun) shown, "
                    + "\(order); --limit N or --all for more")
            }
        }
    }
}
