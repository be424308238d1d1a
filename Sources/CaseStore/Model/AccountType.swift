import SQLiteDatabase
/// What kind of account a case concerns; policy teams treat public figures and governments differently.
public enum AccountType: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    case individual
    case publicFigure = "public_figure"
    case government
    case organization
    case media
    case business
    case unknown
}
