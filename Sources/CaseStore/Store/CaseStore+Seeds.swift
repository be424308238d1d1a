/// What loading seeds did.
public struct SeedSummary: Sendable, Equatable {
    public var policiesAdded = 0
    public var policiesPresent = 0
    public var casesAdded = 0
    public var casesPresent = 0
    /// Strike rules given to policies that had none (new ones, and those of databases made before rules).
    public var strikeRulesAdded = 0

    public init(policiesAdded: Int = 0, policiesPresent: Int = 0, casesAdded: Int = 0, casesPresent: Int = 0, strikeRulesAdded: Int = 0) {
        self.strikeRulesAdded = strikeRulesAdded
        self.policiesAdded = policiesAdded
        self.policiesPresent = policiesPresent
        self.casesAdded = casesAdded
        self.casesPresent = casesPresent
    }
}

/// A set of seed files: name and JSON text.
public struct SeedSet: Sendable {
    public let files: [(name: String, text: String)]

    public init(files: [(name: String, text: String)]) {
        self.files = files.sorted { $0.name < $1.name }
    }

    /// The seeds built into this binary from `seeds/`.
    public static let embedded = SeedSet(files: EmbeddedResources.seeds.filter { $0.name.hasSuffix(".json") })
}

extension CaseStore {
    /// Loads policies, then cases with their history, from every file, in one transaction.
    /// Policies and cases already present (by code, and by platform and external id) are left as they
    /// are, so loading the same seeds twice adds nothing.
    @discardableResult
    public func loadSeeds(_ seeds: SeedSet, actor: String) throws -> SeedSummary {
        let parsed = try seeds.files.map { (name: $0.name, content: try SeedFile.decode($0.text, file: $0.name)) }
        var summary = SeedSummary()
        try write {
            for file in parsed {
                for (index, seed) in (file.content.policies ?? []).enumerated() {
                    try seedContext(file: file.name, item: "policies[\(index)]") {
                        if (try? policy(code: seed.code)) != nil {
                            summary.policiesPresent += 1
                        } else {
                            try addPolicy(
                                code: seed.code, name: seed.name, description: seed.description ?? "",
                                dsaCategory: seed.dsa_category)
                            summary.policiesAdded += 1
                        }
                        // A policy keeps the rule it has, even one its team changed; one without gets the seed's.
                        if let strikes = seed.strikes, try !strikeRuleChosen(policy: seed.code) {
                            try setStrikeRule(try strikes.rule(), policy: seed.code)
                            summary.strikeRulesAdded += 1
                        }
                    }
                }
            }
            for file in parsed {
                for (index, seed) in (file.content.cases ?? []).enumerated() {
                    try seedContext(file: file.name, item: "cases[\(index)]") {
                        do {
                            try logSeedCase(seed, actor: actor)
                            summary.casesAdded += 1
                        } catch CaseStoreError.alreadyLogged {
                            summary.casesPresent += 1
                        }
                    }
                }
            }
        }
        return summary
    }

    private func logSeedCase(_ seed: SeedFile.SeedCase, actor: String) throws {
        let newCase: NewCase
        do {
            newCase = try CaseInterchange.newCase(InterchangeRow(seed.record, file: "seed"))
        } catch let CaseStoreError.invalidImport(_, _, field, problem) {
            throw CaseStoreError.invalidValue(field: field ?? "case", problem: problem)
        }
        let id = try logCase(newCase, actor: actor)
        for (index, step) in (seed.history ?? []).enumerated() {
            let at = try Timestamp(parsing: step.at, field: "history[\(index)].at")
            if let status = step.to {
                try transition(
                    Transition(
                        caseID: id, to: status, reason: step.reason, at: at,
                        decisions: try step.decisions.map { try $0.map { try Decision(parsing: $0, field: "history[\(index)].decisions") } }),
                    actor: step.by ?? actor)
            } else if let note = step.note {
                try addNote(caseID: id, text: note, actor: actor, at: at)
            } else {
                throw CaseStoreError.invalidValue(field: "history[\(index)]", problem: "needs 'to' (a status) or 'note'")
            }
        }
    }

    /// Names the seed file and item in any error raised while loading it.
    private func seedContext(file: String, item: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CaseStoreError {
            if case .invalidSeed = error { throw error }
            throw CaseStoreError.invalidSeed(file: file, problem: "\(item): \(error)")
        }
    }
}
