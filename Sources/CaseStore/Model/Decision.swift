import SQLiteDatabase

/// The four kinds of restriction the DSA names (Article 17(1)); a statement of reasons may carry one
/// decision of each.
public enum DecisionFamily: String, CaseIterable, Sendable {
    /// What happens to the item: removed, disabled, demoted, age-restricted, labelled…
    case visibility
    /// Payments to the account: suspended, terminated…
    case monetary
    /// The service as a whole: suspended or terminated, partly or wholly.
    case service
    /// The account: suspended or terminated.
    case account

    /// The column of a DSA statement that holds the family's decision, and the one with its end date.
    var dsaColumns: (decision: String, endDate: String) {
        switch self {
        case .visibility: ("decision_visibility", "end_date_visibility_restriction")
        case .monetary: ("decision_monetary", "end_date_monetary_restriction")
        case .service: ("decision_provision", "end_date_service_restriction")
        case .account: ("decision_account", "end_date_account_restriction")
        }
    }
}

/// One kind of decision, as the DSA Transparency Database spells them. Declared most severe first:
/// that order is "most severe" in reports and lists. Each kind's `bit` is its fixed place in a
/// case's `decision_mask` and its row in the `decision_kinds` table (migration 0005): a new kind is
/// a migration inserting its row plus a case here with the next free bit.
public enum DecisionKind: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    case accountTerminated = "account_terminated"
    case serviceTotalTermination = "service_total_termination"
    case servicePartialTermination = "service_partial_termination"
    case accountSuspended = "account_suspended"
    case serviceTotalSuspension = "service_total_suspension"
    case servicePartialSuspension = "service_partial_suspension"
    case monetaryTermination = "monetary_termination"
    case contentRemoved = "content_removed"
    case contentDisabled = "content_disabled"
    case monetarySuspension = "monetary_suspension"
    case contentDemoted = "content_demoted"
    case contentAgeRestricted = "content_age_restricted"
    case contentInteractionRestricted = "content_interaction_restricted"
    case visibilityOther = "visibility_other"
    case monetaryOther = "monetary_other"
    case contentLabelled = "content_labelled"

    public var family: DecisionFamily {
        switch self {
        case .contentRemoved, .contentDisabled, .contentDemoted, .contentAgeRestricted, .contentInteractionRestricted,
             .contentLabelled, .visibilityOther: .visibility
        case .monetarySuspension, .monetaryTermination, .monetaryOther: .monetary
        case .servicePartialSuspension, .serviceTotalSuspension, .servicePartialTermination, .serviceTotalTermination: .service
        case .accountSuspended, .accountTerminated: .account
        }
    }

    /// Fixed for ever once released (stored in `cases.decision_mask`); never reuse one.
    public var bit: Int {
        switch self {
        case .contentRemoved: 0
        case .contentDisabled: 1
        case .contentDemoted: 2
        case .contentAgeRestricted: 3
        case .contentInteractionRestricted: 4
        case .contentLabelled: 5
        case .visibilityOther: 6
        case .monetarySuspension: 7
        case .monetaryTermination: 8
        case .monetaryOther: 9
        case .servicePartialSuspension: 10
        case .serviceTotalSuspension: 11
        case .servicePartialTermination: 12
        case .serviceTotalTermination: 13
        case .accountSuspended: 14
        case .accountTerminated: 15
        }
    }

    /// The key of a DSA statement of reasons.
    public var dsaKey: String {
        switch self {
        case .contentRemoved: "DECISION_VISIBILITY_CONTENT_REMOVED"
        case .contentDisabled: "DECISION_VISIBILITY_CONTENT_DISABLED"
        case .contentDemoted: "DECISION_VISIBILITY_CONTENT_DEMOTED"
        case .contentAgeRestricted: "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"
        case .contentInteractionRestricted: "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED"
        case .contentLabelled: "DECISION_VISIBILITY_CONTENT_LABELLED"
        case .visibilityOther: "DECISION_VISIBILITY_OTHER"
        case .monetarySuspension: "DECISION_MONETARY_SUSPENSION"
        case .monetaryTermination: "DECISION_MONETARY_TERMINATION"
        case .monetaryOther: "DECISION_MONETARY_OTHER"
        case .servicePartialSuspension: "DECISION_PROVISION_PARTIAL_SUSPENSION"
        case .serviceTotalSuspension: "DECISION_PROVISION_TOTAL_SUSPENSION"
        case .servicePartialTermination: "DECISION_PROVISION_PARTIAL_TERMINATION"
        case .serviceTotalTermination: "DECISION_PROVISION_TOTAL_TERMINATION"
        case .accountSuspended: "DECISION_ACCOUNT_SUSPENDED"
        case .accountTerminated: "DECISION_ACCOUNT_TERMINATED"
        }
    }

    public init?(dsaKey: String) {
        guard let match = Self.allCases.first(where: { $0.dsaKey == dsaKey }) else { return nil }
        self = match
    }

    /// What it means, for people: lists, the case file and the notice to the account holder.
    public var summary: String {
        switch self {
        case .contentRemoved: "content removed"
        case .contentDisabled: "access to the content disabled"
        case .contentDemoted: "content demoted"
        case .contentAgeRestricted: "content age-restricted"
        case .contentInteractionRestricted: "interaction with the content restricted"
        case .contentLabelled: "content labelled"
        case .visibilityOther: "visibility otherwise restricted"
        case .monetarySuspension: "monetary payments suspended"
        case .monetaryTermination: "monetary payments terminated"
        case .monetaryOther: "monetary payments otherwise restricted"
        case .servicePartialSuspension: "the service partly suspended"
        case .serviceTotalSuspension: "the service suspended"
        case .servicePartialTermination: "the service partly terminated"
        case .serviceTotalTermination: "the service terminated"
        case .accountSuspended: "account suspended"
        case .accountTerminated: "account terminated"
        }
    }

    /// Removal and terminations are final: they have no end date. Every other kind may be temporary.
    public var isPermanent: Bool {
        switch self {
        case .contentRemoved, .monetaryTermination, .servicePartialTermination, .serviceTotalTermination, .accountTerminated: true
        default: false
        }
    }

    /// Kinds by their stored name, for reading stored decisions without normalising them.
    static let byRawValue = Dictionary(uniqueKeysWithValues: allCases.map { (Substring($0.rawValue), $0) })

    /// The position in severity order, 0 the most severe.
    public var severityRank: Int { Self.severityRanks[self] ?? Self.allCases.count }
    private static let severityRanks = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}

/// Where a decision applies.
public enum TerritorialScope: Sendable, Equatable, Hashable {
    /// Wherever the service is offered.
    case everywhere
    /// In these countries only (ISO 3166-1 alpha-2 codes, sorted, without repeats).
    case territories([String])
    /// In some countries, which the record does not name: a `geoblock` logged before decisions had a scope.
    case unrecorded
}

/// One decision taken on a case: its kind, its end if temporary, and where it applies.
///
/// Its text form is the one every format uses, `KIND[ until TIME][ in CC,CC…]`, e.g.
/// `account_suspended until 2026-03-01T00:00:00Z` or `content_disabled in DE,AT`: the `--decision`
/// option, a cell of the interchange CSV, an element of JSON Lines and of event payloads.
public struct Decision: Sendable, Equatable, Hashable {
    public var kind: DecisionKind
    public var endsAt: Timestamp?
    public var scope: TerritorialScope

    public init(_ kind: DecisionKind, endsAt: Timestamp? = nil, scope: TerritorialScope = .everywhere) {
        self.kind = kind
        self.endsAt = endsAt
        self.scope = scope
    }

    public var text: String {
        var text = kind.rawValue
        if let endsAt { text += " until " + endsAt.iso8601 }
        switch scope {
        case .everywhere: break
        case .territories(let codes): text += " in " + codes.joined(separator: ",")
        case .unrecorded: text += " in " + Self.unrecordedWord
        }
        return text
    }

    static let unrecordedWord = "unrecorded"

    /// Reads the text form as people write it: `-` for `_` and any case in the kind are accepted, as
    /// for other choices; countries must be assigned ISO 3166-1 codes. `in unrecorded` (what a
    /// migrated geoblock says, and so what its export says) is read from files, where it round-trips,
    /// but refused where someone is deciding now (`allowingUnrecorded: false`, the command line).
    /// Throws `invalidValue` naming `field`.
    public init(parsing text: String, field: String = "decision", allowingUnrecorded: Bool = true) throws {
        try self.init(text, field: field, stored: false, allowingUnrecorded: allowingUnrecorded)
    }

    /// Reads the text form casetool stored, which may say `in unrecorded` (a geoblock from before
    /// decisions had a scope). Stored text is canonical (single spaces, exact kind, `Z` times), so it
    /// is read by exact lookups, as replay does for every event; anything else takes the full parser.
    init(restoring text: String) throws {
        let words = text.utf8.split(separator: 0x20, omittingEmptySubsequences: false)
        if let kind = words.first.flatMap({ DecisionKind.byRawValue[Substring($0)] }), words.count % 2 == 1 {
            var endsAt: Timestamp?
            var scope = TerritorialScope.everywhere
            var index = 1
            var canonical = true
            while index + 1 < words.count, canonical {
                let (keyword, value) = (Substring(words[index]), Substring(words[index + 1]))
                if keyword == "until", endsAt == nil, let end = try? Timestamp.stored(String(value), column: "decisions") {
                    endsAt = end
                } else if keyword == "in", scope == .everywhere {
                    scope = value == Self.unrecordedWord ? .unrecorded : .territories(value.split(separator: ",").map(String.init))
                } else {
                    canonical = false
                }
                index += 2
            }
            if canonical {
                self.init(kind, endsAt: endsAt, scope: scope)
                return
            }
        }
        try self.init(text, field: "decisions", stored: true, allowingUnrecorded: true)
    }

    private init(_ text: String, field: String, stored: Bool, allowingUnrecorded: Bool) throws {
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        guard let kindWord = words.popFirst() else {
            throw CaseStoreError.invalidValue(field: field, problem: "is empty; give a decision such as content_removed")
        }
        let kind = try InputParsing.choice(DecisionKind.self, kindWord, field: field)
        var endsAt: Timestamp?
        var scope = TerritorialScope.everywhere
        while let keyword = words.popFirst() {
            guard let value = words.popFirst() else {
                throw CaseStoreError.invalidValue(field: field, problem: "'\(keyword)' needs a value after it in '\(text)'")
            }
            switch keyword.lowercased() {
            case "until" where endsAt == nil:
                endsAt = try Timestamp(parsing: value, field: field)
            case "in" where scope == .everywhere:
                scope = try Self.scope(parsing: value, field: field, stored: stored, allowingUnrecorded: allowingUnrecorded)
            default:
                throw CaseStoreError.invalidValue(
                    field: field,
                    problem: "'\(keyword)' is not understood in '\(text)'; write KIND[ until TIME][ in CC,CC…] (countries comma-separated, no spaces), e.g. 'account_suspended until 2027-03-01 in DE,AT'")
            }
        }
        self.init(kind, endsAt: endsAt, scope: scope)
    }

    private static func scope(parsing text: String, field: String, stored: Bool, allowingUnrecorded: Bool) throws -> TerritorialScope {
        if text == unrecordedWord {
            guard allowingUnrecorded else {
                throw CaseStoreError.invalidValue(
                    field: field, problem: "'in unrecorded' marks geoblocks migrated without their countries; name the countries, e.g. 'in DE,AT'")
            }
            return .unrecorded
        }
        var codes = Set<String>()
        for code in text.split(separator: ",", omittingEmptySubsequences: false) {
            let upper = code.uppercased()
            guard upper.utf8.count == 2, upper.utf8.allSatisfy({ (0x41...0x5A).contains($0) }), stored || CountryCodes.assigned.contains(upper) else {
                throw CaseStoreError.invalidValue(
                    field: field, problem: "'\(code)' is not a country code; give ISO 3166-1 alpha-2 codes such as DE,FR (GB for the United Kingdom)")
            }
            codes.insert(upper)
        }
        return .territories(codes.sorted())
    }

    /// Checks the decision's own rules: a permanent kind has no end date.
    func validated(field: String) throws -> Decision {
        if kind.isPermanent, endsAt != nil {
            throw CaseStoreError.invalidValue(
                field: field, problem: "'\(kind.rawValue)' is permanent and has no end date; remove 'until …'")
        }
        if case .territories(let codes) = scope {
            guard !codes.isEmpty else {
                throw CaseStoreError.invalidValue(field: field, problem: "'\(kind.rawValue)' is limited to no country; name at least one")
            }
            if let unknown = codes.first(where: { !CountryCodes.assigned.contains($0) }) {
                throw CaseStoreError.invalidValue(field: field, problem: "'\(unknown)' is not an ISO 3166-1 country code")
            }
        }
        var valid = self
        valid.endsAt = try endsAt?.plausible(field: field)
        return valid
    }
}

/// The decisions of one case: never empty, one per kind, most severe first. That order is the one
/// declaration of their order everywhere they are written, so the same decisions give the same bytes.
public struct Decisions: Sendable, Equatable, Hashable {
    public let all: [Decision]

    /// Checks and orders `decisions`: at least one, each kind once, permanent kinds without an end.
    public init(_ decisions: [Decision], field: String = "decisions") throws {
        guard !decisions.isEmpty else {
            throw CaseStoreError.invalidValue(field: field, problem: "a case needs at least one decision")
        }
        var seen = Set<DecisionKind>()
        for decision in decisions where !seen.insert(decision.kind).inserted {
            throw CaseStoreError.invalidValue(field: field, problem: "'\(decision.kind.rawValue)' is given twice; give each kind once")
        }
        all = try decisions.map { try $0.validated(field: field) }.sorted { $0.kind.severityRank < $1.kind.severityRank }
    }

    public init(parsing texts: [String], field: String = "decisions") throws {
        try self.init(try texts.map { try Decision(parsing: $0, field: field) }, field: field)
    }

    /// Decisions as casetool stored them (a `decisions` column, an event's payload).
    init(restoring texts: [String]) throws {
        try self.init(try texts.map { try Decision(restoring: $0) })
    }

    public var mostSevere: DecisionKind { all[0].kind }
    public var texts: [String] { all.map(\.text) }
    public var kinds: [DecisionKind] { all.map(\.kind) }

    /// One bit per kind (`DecisionKind.bit`): what reports count without reading the decisions.
    public var mask: Int64 { all.reduce(0) { $0 | (1 << Int64($1.kind.bit)) } }

    /// Only the account or the service was restricted: no item of content was acted on.
    public var concernAccountOnly: Bool { all.allSatisfy { $0.kind.family == .account || $0.kind.family == .service } }

    /// The JSON array stored in `cases.decisions` and written in payloads.
    var json: String { JSONText.stringArray(texts) }

    /// A longer restriction than ten years is permanent in all but name.
    static let longestRestrictionSeconds: Int64 = 3_653 * 86_400

    /// Restrictions starting at `start` must not end before it and, when `inForce`, must end within
    /// ten years of it. An end equal to the start is allowed: statements of reasons give dates by the
    /// day, and a restriction of ten minutes ends on the day it was applied.
    func checkEnds(startingAt start: Timestamp, inForce: Bool = true, field: String) throws {
        for decision in all {
            guard let end = decision.endsAt else { continue }
            if end < start {
                throw CaseStoreError.invalidValue(
                    field: field,
                    problem: "'\(decision.text)' ends before it starts (\(start)); a restriction ends after it begins")
            }
            if inForce && end > start.adding(seconds: Self.longestRestrictionSeconds) {
                throw CaseStoreError.invalidValue(
                    field: field,
                    problem: "'\(decision.text)' ends more than 10 years after it starts (\(start)); so long a restriction is permanent: give no end date")
            }
        }
    }
}
