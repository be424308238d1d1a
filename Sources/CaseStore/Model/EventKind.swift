import SQLiteDatabase
/// What an entry in a case's history records.
public enum EventKind: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    case created
    case transition
    case note
    case evidence
    /// Someone took the case from the queue to work on it.
    case claimed
    /// A claim was given up, by its holder or a lead.
    case released
    /// A lead gave the case to someone.
    case assigned
}
