import SQLiteDatabase
/// How far automation decided a case's action, in the DSA's terms (Article 17(3)(c)): a person
/// logging a case with `casetool new` decided it, unless told otherwise.
public enum AutomatedDecision: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    /// Decided by automated means alone.
    case fully
    /// Automated means proposed or shaped the decision, a person took it.
    case partially
    case notAutomated = "not_automated"

    public var summary: String {
        switch self {
        case .fully: "decided by automated means alone"
        case .partially: "decided with the help of automated means"
        case .notAutomated: "decided by a person"
        }
    }

    /// The key a DSA statement of reasons uses.
    public var dsaKey: String {
        switch self {
        case .fully: "AUTOMATED_DECISION_FULLY"
        case .partially: "AUTOMATED_DECISION_PARTIALLY"
        case .notAutomated: "AUTOMATED_DECISION_NOT_AUTOMATED"
        }
    }

    /// A statement of reasons says how its decision was taken; other cases say what they were told.
    static func effective(declared: AutomatedDecision, statement: StatementOfReasons?) -> AutomatedDecision {
        statement?.text("automated_decision").flatMap(AutomatedDecision.init(dsaKey:)) ?? declared
    }

    public init?(dsaKey: String) {
        guard let match = Self.allCases.first(where: { $0.dsaKey == dsaKey }) else { return nil }
        self = match
    }
}

/// Whether automation detected a case: for source `automated`, and for a DSA statement that says so
/// whatever its source. One rule, shared by logging, replay and migration 0003.
enum AutomatedDetection {
    static func detected(source: DetectionSource, statement: StatementOfReasons?) -> Bool {
        source == .automated || statement?.text("automated_detection") == "Yes"
    }
}
