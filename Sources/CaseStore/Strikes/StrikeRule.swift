/// How a policy's violations build up an account's standing: what each decision counts, how long a
/// strike stays active, and the thresholds that recommend the next decision. Stored per policy
/// (migration 0013); a policy without a rule gives no strikes.
public struct StrikeRule: Sendable, Equatable {
    /// Days a strike stays active from when its case was actioned; nil: for ever.
    public private(set) var activeDays: Int?
    /// What a decision counts when it is not 1 (0: the decision gives no strike, as a label).
    public private(set) var weights: [DecisionKind: Int]
    /// Ordered by `activeStrikes`, each count once.
    public private(set) var thresholds: [StrikeThreshold]

    /// What a decision counts when `weights` does not name it.
    public static let defaultWeight = 1
    public static let maximumDays = 36_500
    public static let maximumWeight = 100
    public static let maximumThreshold = 1_000

    public init(activeDays: Int?, weights: [DecisionKind: Int] = [:], thresholds: [StrikeThreshold] = []) throws {
        if let activeDays, !(1...Self.maximumDays).contains(activeDays) {
            throw CaseStoreError.invalidValue(field: "active_days", problem: "\(activeDays) is not a number of days from 1 to \(Self.maximumDays)")
        }
        for (kind, weight) in weights where !(0...Self.maximumWeight).contains(weight) {
            throw CaseStoreError.invalidValue(field: "counts", problem: "\(kind.rawValue) counts \(weight): a strike count is 0 to \(Self.maximumWeight)")
        }
        var seen = Set<Int>()
        for threshold in thresholds where !seen.insert(threshold.activeStrikes).inserted {
            throw CaseStoreError.invalidValue(field: "thresholds", problem: "two thresholds at \(threshold.activeStrikes) active strikes; give each count once")
        }
        self.activeDays = activeDays
        self.weights = weights.filter { $0.value != Self.defaultWeight }
        self.thresholds = thresholds.sorted { $0.activeStrikes < $1.activeStrikes }
    }

    /// The counts that differ from 1, in the decisions' fixed order: how every output lists them.
    public var orderedWeights: [(kind: DecisionKind, strikes: Int)] {
        weights.sorted { $0.key.bit < $1.key.bit }.map { ($0.key, $0.value) }
    }

    /// What a case with these decisions counts: its heaviest decision, as one case is one violation
    /// however many restrictions it carries.
    public func strikes(for decisions: Decisions) -> Int {
        decisions.all.map { weights[$0.kind] ?? Self.defaultWeight }.max() ?? 0
    }

    /// When a strike given at `time` stops being active; nil: never.
    public func expiry(ofStrikeAt time: Timestamp) -> Timestamp? {
        activeDays.map { time.adding(seconds: Int64($0) * 86_400) }
    }

    /// The highest threshold `active` strikes have reached, and the next one above it.
    public func thresholds(around active: Int) -> (reached: StrikeThreshold?, next: StrikeThreshold?) {
        (thresholds.last { $0.activeStrikes <= active }, thresholds.first { $0.activeStrikes > active })
    }

    /// The thresholds going from `before` to `after` active strikes reaches: the recommendation to
    /// show when a case is actioned, or would be.
    public func crossed(from before: Int, to after: Int) -> [StrikeThreshold] {
        thresholds.filter { before < $0.activeStrikes && $0.activeStrikes <= after }
    }
}

/// "At N active strikes, recommend this decision (for so many days)."
public struct StrikeThreshold: Sendable, Equatable {
    public let activeStrikes: Int
    public let recommends: DecisionKind
    /// How long the recommended restriction should last; nil: no end, or not one that ends.
    public let forDays: Int?

    public init(activeStrikes: Int, recommends: DecisionKind, forDays: Int? = nil) throws {
        guard (1...StrikeRule.maximumThreshold).contains(activeStrikes) else {
            throw CaseStoreError.invalidValue(
                field: "thresholds", problem: "\(activeStrikes) is not a count of active strikes from 1 to \(StrikeRule.maximumThreshold)")
        }
        if let forDays, !(1...StrikeRule.maximumDays).contains(forDays) {
            throw CaseStoreError.invalidValue(field: "thresholds", problem: "\(forDays) is not a number of days from 1 to \(StrikeRule.maximumDays)")
        }
        if recommends.isPermanent, forDays != nil {
            throw CaseStoreError.invalidValue(
                field: "thresholds", problem: "'\(recommends.rawValue)' is permanent and lasts no number of days; remove 'for …'")
        }
        self.activeStrikes = activeStrikes
        self.recommends = recommends
        self.forDays = forDays
    }

    /// "account_suspended for 7 days".
    public var recommendation: String {
        recommends.rawValue + (forDays.map { " for \($0) day" + ($0 == 1 ? "" : "s") } ?? "")
    }
}

/// The text forms of a rule's parts, one syntax for the seed catalog, the command line and what is
/// shown: `365d` or `permanent` for how long strikes stay active, `KIND=N` for what a decision
/// counts, `N KIND[ for Dd]` for a threshold ("3 account_suspended for 7d").
extension StrikeRule {
    public static func activeDays(parsing text: String, field: String = "active") throws -> Int? {
        let word = text.trimmedWhitespace.lowercased()
        if word == "permanent" { return nil }
        guard let days = Self.days(word), (1...maximumDays).contains(days) else {
            throw CaseStoreError.invalidValue(field: field, problem: "'\(text)' is not a number of days (such as 365d, 1 to \(maximumDays)) or 'permanent'")
        }
        return days
    }

    /// "365d"; "permanent" for a rule whose strikes never expire.
    public var activeText: String { activeDays.map { "\($0)d" } ?? "permanent" }

    public static func weight(parsing text: String, field: String = "count") throws -> (DecisionKind, Int) {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmedWhitespace }
        guard parts.count == 2, let strikes = Int(parts[1]), (0...maximumWeight).contains(strikes) else {
            throw CaseStoreError.invalidValue(field: field, problem: "'\(text)' is not KIND=N with N from 0 to \(maximumWeight), e.g. content_labelled=0")
        }
        return (try InputParsing.choice(DecisionKind.self, parts[0], field: field), strikes)
    }

    /// "7d" as 7; nil for anything else.
    fileprivate static func days(_ word: String) -> Int? {
        guard word.hasSuffix("d") else { return nil }
        return Int(word.dropLast())
    }
}

extension StrikeThreshold {
    public init(parsing text: String, field: String = "threshold") throws {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let form = "write N KIND[ for Dd], e.g. '3 account_suspended for 7d'"
        guard words.count == 2 || (words.count == 4 && words[2].lowercased() == "for"), let count = Int(words[0]) else {
            throw CaseStoreError.invalidValue(field: field, problem: "'\(text)' is not a threshold; \(form)")
        }
        let kind = try InputParsing.choice(DecisionKind.self, words[1], field: field)
        var forDays: Int?
        if words.count == 4 {
            guard let days = StrikeRule.days(words[3].lowercased()) else {
                throw CaseStoreError.invalidValue(field: field, problem: "'\(words[3])' is not a number of days such as 7d; \(form)")
            }
            forDays = days
        }
        try self.init(activeStrikes: count, recommends: kind, forDays: forDays)
    }

    /// "3 account_suspended for 7d": what `init(parsing:)` reads.
    public var text: String { "\(activeStrikes) \(recommends.rawValue)" + (forDays.map { " for \($0)d" } ?? "") }
}
