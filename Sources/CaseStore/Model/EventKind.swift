import SQLiteDatabase
/// What an entry in a case's history records.
public enum EventKind: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    case created
    case transition
    case note
    case evidence
}
