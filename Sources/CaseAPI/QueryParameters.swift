import CaseStore

/// A request's query string, read strictly: an unknown parameter (400) or a value that is not one of
/// the allowed ones (422) is refused with the parameter's name, not ignored.
public struct QueryParameters: Sendable {
    private let values: [String: String]

    /// Refuses parameters not in `known`, and a parameter given twice. An empty value is checked as
    /// given (`?status=` is not a status), as the OpenAPI document says.
    public init(_ pairs: [(String, String)], known: [String]) throws {
        var values: [String: String] = [:]
        for (name, value) in pairs {
            // The request is malformed (as an unknown body field is), not a value to correct: 400.
            guard known.contains(name) else {
                throw APIError(
                    .badRequest, "\(name): unknown query parameter (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            }
            guard values.updateValue(value, forKey: name) == nil else {
                throw APIError(.badRequest, "\(name): given more than once")
            }
        }
        self.values = values
    }

    public subscript(name: String) -> String? { values[name] }

    /// A parameter the route cannot do without.
    public func required(_ name: String) throws -> String {
        // Present but empty is left to the store, which says what a value must be, as for the file.
        guard let value = values[name] else { throw CaseStoreError.invalidValue(field: name, problem: "is required") }
        return value
    }

    /// One of an enumeration's raw values.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
        try values[name].map { try Self.choice($0, field: name, as: type) }
    }

    public static func choice<T: RawRepresentable & CaseIterable>(_ text: String, field: String, as type: T.Type) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw CaseStoreError.invalidValue(
                field: field, problem: "'\(text)' is not one of: " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// A head hash as `audit head` prints it: 64 hexadecimal digits (either case).
    public func headHash(_ name: String) throws -> String? {
        guard let text = values[name] else { return nil }
        guard text.count == 64, text.allSatisfy(\.isHexDigit) else {
            throw CaseStoreError.invalidValue(field: name, problem: "must be a head hash: 64 hexadecimal digits, as 'audit head' prints")
        }
        return text.lowercased()
    }

    public func time(_ name: String) throws -> Timestamp? {
        try values[name].map { try Timestamp(parsing: $0, field: name) }
    }

    /// A whole number in `range`; `standard` when absent.
    public func integer(_ name: String, in range: ClosedRange<Int>, standard: Int) throws -> Int {
        guard let text = values[name] else { return standard }
        guard let number = Int(text), range.contains(number) else {
            throw CaseStoreError.invalidValue(field: name, problem: "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The filter of `GET /cases`: the parameters `casetool list` has as options.
    public static let caseFilterNames = ["policy", "status", "platform", "handle", "decision", "source", "since", "until", "limit"]
    public static let securityLogNames = ["since", "limit"]
    /// `GET /reports`: the groupings, the period, and the cases (the list's filter, without pages).
    public static let reportNames = ["by", "period", "omit_empty"] + caseFilterNames.filter { $0 != "limit" }
    /// The most groupings one report request computes from one read of the cases.
    public static let maximumGroupings = 4
    /// The filter of `GET /events`: `casetool history`'s.
    public static let eventFilterNames = ["case_id", "actor", "since", "until", "limit"]
    /// `count=true` asks a list for `total` and `in_all`: counting the matches is a pass over them,
    /// which a client that pages needs and one that polls does not.
    public static let countName = "count"

    /// Results per request unless `limit` says otherwise, and the most one may ask for.
    public static let standardLimit = 100
    public static let maximumLimit = 1_000

    /// The query that `caseFilter()` reads back as `filter`: what a client sends.
    public static func pairs(for filter: CaseFilter) -> [(String, String)] {
        let named: [(String, String?)] = [
            ("policy", filter.policyCode), ("status", filter.status?.rawValue), ("platform", filter.platform),
            ("handle", filter.handle), ("decision", filter.decision?.rawValue), ("source", filter.source?.rawValue),
            ("since", filter.since?.iso8601), ("until", filter.until?.iso8601), ("limit", filter.limit.map(String.init)),
        ]
        return named.compactMap { name, value in value.map { (name, $0) } }
    }

    public func eventFilter() throws -> EventFilter {
        let caseID = try values["case_id"].map { text in
            guard let id = Int64(text), id > 0 else {
                throw CaseStoreError.invalidValue(field: "case_id", problem: "'\(text)' is not a case id (a whole number from 1)")
            }
            return id
        }
        // An empty value is checked as given (see init): no one is named ''.
        if values["actor"] == "" { throw CaseStoreError.invalidValue(field: "actor", problem: "must name someone (it is empty)") }
        return EventFilter(
            caseID: caseID, actor: self["actor"], since: try time("since"), until: try time("until"),
            limit: try integer("limit", in: 1...Self.maximumLimit, standard: Self.standardLimit))
    }

    /// The query that `eventFilter()` reads back as `filter`.
    public static func pairs(for filter: EventFilter) -> [(String, String)] {
        let named: [(String, String?)] = [
            ("case_id", filter.caseID.map(String.init)), ("actor", filter.actor), ("since", filter.since?.iso8601),
            ("until", filter.until?.iso8601), ("limit", filter.limit.map(String.init)),
        ]
        return named.compactMap { name, value in value.map { (name, $0) } }
    }

    /// A report's groupings, `;` between them ("period,policy;policy;period"), each as `--by` takes it;
    /// `policy` when absent.
    public func reportGroupings() throws -> [Set<ReportDimension>] {
        let parts = (values["by"] ?? "policy").split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count <= Self.maximumGroupings else {
            throw CaseStoreError.invalidValue(field: "by", problem: "at most \(Self.maximumGroupings) groupings, separated by ';'")
        }
        return try parts.map { try ReportDimension.list(String($0), field: "by") }
    }

    /// `true` or `false`; `standard` when absent.
    public func flag(_ name: String, standard: Bool) throws -> Bool {
        switch values[name] {
        case nil: return standard
        case "true": return true
        case "false": return false
        case let text?: throw CaseStoreError.invalidValue(field: name, problem: "'\(text)' is not true or false")
        }
    }

    /// The query a report request sends (see `reportGroupings`).
    public static func reportPairs(groupings: [Set<ReportDimension>], period: ReportPeriod, filter: CaseFilter, omitEmpty: Bool)
        -> [(String, String)]
    {
        var unpaged = filter
        unpaged.limit = nil
        let by = groupings.map { grouping in grouping.isEmpty ? "none" : grouping.sorted().map(\.rawValue).joined(separator: ",") }
        return [("by", by.joined(separator: ";")), ("period", period.rawValue), ("omit_empty", String(omitEmpty))]
            + pairs(for: unpaged)
    }

    public func caseFilter() throws -> CaseFilter {
        var filter = try caseFilter(limits: 1...Self.maximumLimit)
        filter.limit = filter.limit ?? Self.standardLimit
        return filter
    }

    /// The filter with `limit` only if given, in `limits`: an export gives every case unless told.
    public func caseFilter(limits: ClosedRange<Int>) throws -> CaseFilter {
        if let since = try time("since"), let until = try time("until"), since > until {
            throw CaseStoreError.invalidValue(
                field: "since", problem: "'\(since.iso8601)' is after until '\(until.iso8601)': no case could match")
        }
        return CaseFilter(
            policyCode: self["policy"], status: try choice("status", as: CaseStatus.self), platform: self["platform"],
            handle: self["handle"], decision: try choice("decision", as: DecisionKind.self),
            source: try choice("source", as: DetectionSource.self), since: try time("since"), until: try time("until"),
            limit: values["limit"] == nil ? nil : try integer("limit", in: limits, standard: 0))
    }
}
