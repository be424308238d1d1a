import Foundation

/// What a statement of reasons says, in plain words, for notices and case files: the platform's own
/// decisions (not casetool's mapped action), where they apply and what the content was.
public struct StatementWording: Sendable, Equatable {
    /// One sentence per decision the statement records, e.g. "Access to the content was disabled until 2024-04-01."
    public let decisions: [String]
    /// "in France", "in Austria and Germany", "in every EU and EEA country"; nil when the statement names none.
    public let territory: String?
    /// "a video", "a product listing and an image"; nil when not given.
    public let content: String?

    public init(_ statement: StatementOfReasons) {
        var decisions: [String] = []
        func until(_ field: String) -> String {
            statement.text(field).flatMap { $0.isEmpty ? nil : " until \($0.prefix(10))" } ?? ""
        }
        for key in statement.keys("decision_visibility") {
            let other = statement.text("decision_visibility_other").map { ": \($0)" } ?? ""
            decisions.append((Self.visibility[key] ?? key) + (key == "DECISION_VISIBILITY_OTHER" ? other : "")
                + until("end_date_visibility_restriction") + ".")
        }
        for key in statement.keys("decision_monetary") {
            let other = statement.text("decision_monetary_other").map { ": \($0)" } ?? ""
            decisions.append((Self.monetary[key] ?? key) + (key == "DECISION_MONETARY_OTHER" ? other : "")
                + until("end_date_monetary_restriction") + ".")
        }
        for key in statement.keys("decision_provision") {
            decisions.append((Self.provision[key] ?? key) + until("end_date_service_restriction") + ".")
        }
        for key in statement.keys("decision_account") {
            decisions.append((Self.account[key] ?? key) + until("end_date_account_restriction") + ".")
        }
        self.decisions = decisions

        let countries = statement.keys("territorial_scope")
        territory = countries.isEmpty ? nil : Self.place(countries)
        let types = statement.keys("content_type").map { key in
            key == "CONTENT_TYPE_OTHER" ? statement.text("content_type_other").map { "other content (\($0))" } ?? "other content"
                : Self.contentTypes[key] ?? key
        }
        content = types.isEmpty ? nil : Self.joined(types)
    }

    /// "the Netherlands" sorts under N.
    private static func sortKey(_ name: String) -> String {
        name.hasPrefix("the ") ? String(name.dropFirst(4)) : name
    }

    static func joined(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    static let visibility = [
        "DECISION_VISIBILITY_CONTENT_REMOVED": "The content was removed",
        "DECISION_VISIBILITY_CONTENT_DISABLED": "Access to the content was disabled",
        "DECISION_VISIBILITY_CONTENT_DEMOTED": "The content was demoted (shown less)",
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED": "The content was age-restricted",
        "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED": "Interaction with the content was restricted",
        "DECISION_VISIBILITY_CONTENT_LABELLED": "The content was labelled",
        "DECISION_VISIBILITY_OTHER": "The content's visibility was restricted",
    ]
    static let monetary = [
        "DECISION_MONETARY_SUSPENSION": "Payments were suspended",
        "DECISION_MONETARY_TERMINATION": "Payments were ended",
        "DECISION_MONETARY_OTHER": "Payments were restricted",
    ]
    static let provision = [
        "DECISION_PROVISION_PARTIAL_SUSPENSION": "The service was partly suspended",
        "DECISION_PROVISION_TOTAL_SUSPENSION": "The service was suspended",
        "DECISION_PROVISION_PARTIAL_TERMINATION": "The service was partly ended",
        "DECISION_PROVISION_TOTAL_TERMINATION": "The service was ended",
    ]
    static let account = [
        "DECISION_ACCOUNT_SUSPENDED": "The account was suspended",
        "DECISION_ACCOUNT_TERMINATED": "The account was closed",
    ]
    static let contentTypes = [
        "CONTENT_TYPE_APP": "an app", "CONTENT_TYPE_AUDIO": "audio", "CONTENT_TYPE_IMAGE": "an image",
        "CONTENT_TYPE_PRODUCT": "a product listing", "CONTENT_TYPE_SYNTHETIC_MEDIA": "synthetic media",
        "CONTENT_TYPE_TEXT": "text", "CONTENT_TYPE_VIDEO": "a video",
    ]
    /// Where something applies, for people: "in every EU and EEA country", or the countries by name, as
    /// people look for their country, not by ISO code ("in Czechia, Denmark and Germany"). Codes
    /// outside the EU and EEA are named as Foundation's English region names give them.
    static func place(_ codes: [String]) -> String {
        if Set(codes) == DSAVocabulary.territorySet { return "in every EU and EEA country" }
        let english = Locale(identifier: "en")
        let names = codes.map { countryNames[$0] ?? english.localizedString(forRegionCode: $0) ?? $0 }
        return "in " + joined(names.sorted { sortKey($0) < sortKey($1) })
    }

    static let countryNames = [
        "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
        "DK": "Denmark", "EE": "Estonia", "ES": "Spain", "FI": "Finland", "FR": "France", "GR": "Greece",
        "HR": "Croatia", "HU": "Hungary", "IE": "Ireland", "IS": "Iceland", "IT": "Italy", "LI": "Liechtenstein",
        "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "MT": "Malta", "NL": "the Netherlands", "NO": "Norway",
        "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia",
    ]
}
