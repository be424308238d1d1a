import Foundation

/// The JSON shape of a file in `seeds/`: policies to add and cases (with their history) to log.
struct SeedFile: Decodable {
    var policies: [SeedPolicy]?
    var cases: [SeedCase]?

    struct SeedPolicy: Decodable {
        var code: String
        var name: String
        var description: String?
        var dsa_category: String?
    }

    struct SeedCase: Decodable {
        /// Required: it is what makes loading the seeds twice add nothing.
        var external_id: String
        var platform: String
        var handle: String
        var display_name: String?
        var account_type: AccountType?
        var follower_count: Int64?
        var policy: String
        var action: EnforcementAction
        var action_ends_at: String?
        var source: DetectionSource
        var rationale: String
        var occurred_at: String?
        var opened_at: String
        var evidence: [String]?
        var history: [SeedStep]?
    }

    /// A later step of a case: a status change (`to`) or a note.
    struct SeedStep: Decodable {
        var to: CaseStatus?
        var note: String?
        var at: String
        var reason: String?
        var action: EnforcementAction?
        var action_ends_at: String?
    }

    static func decode(_ text: String, file: String) throws -> SeedFile {
        do {
            return try JSONDecoder().decode(SeedFile.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw CaseStoreError.invalidSeed(file: file, problem: Self.describe(error))
        } catch {
            throw CaseStoreError.invalidSeed(file: file, problem: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
                : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
