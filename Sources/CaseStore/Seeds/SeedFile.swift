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
        var strikes: SeedStrikeRule?
    }

    /// A policy's strike rule in the text forms `casetool policies strikes` takes (see `StrikeRule`).
    struct SeedStrikeRule: Decodable {
        var active: String
        var counts: [String: Int]?
        var thresholds: [String]?

        func rule() throws -> StrikeRule {
            var weights: [DecisionKind: Int] = [:]
            for (kind, strikes) in counts ?? [:] {
                let (parsed, count) = try StrikeRule.weight(parsing: "\(kind)=\(strikes)", field: "strikes.counts")
                weights[parsed] = count
            }
            return try StrikeRule(
                activeDays: try StrikeRule.activeDays(parsing: active, field: "strikes.active"), weights: weights,
                thresholds: try (thresholds ?? []).map { try StrikeThreshold(parsing: $0, field: "strikes.thresholds") })
        }
    }

    /// A case: the interchange columns as keys (`CaseInterchange.columns`, read by the same code as an
    /// import row), `external_id` required, and the case's later `history`.
    struct SeedCase: Decodable {
        var record: ImportRecord
        var history: [SeedStep]?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyCodingKey.self)
            var fields: [(name: String, value: ImportRecord.Value)] = []
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where key.stringValue != "history" {
                switch try container.decode(SeedValue.self, forKey: key) {
                case .null: fields.append((key.stringValue, .null))
                case .text(let text): fields.append((key.stringValue, .text(text)))
                case .number(let number): fields.append((key.stringValue, .text(String(number))))
                case .list(let list): fields.append((key.stringValue, .list(list)))
                case .object:
                    throw DecodingError.typeMismatch(
                        String.self, .init(codingPath: container.codingPath + [key], debugDescription: "expected a value, not an object"))
                }
            }
            // Required: it is what makes loading the seeds twice add nothing.
            guard fields.contains(where: { $0.name == "external_id" }) else {
                throw DecodingError.keyNotFound(AnyCodingKey(stringValue: "external_id"), .init(codingPath: container.codingPath, debugDescription: ""))
            }
            record = ImportRecord(line: 0, fields: fields)
            history = try container.decodeIfPresent([SeedStep].self, forKey: AnyCodingKey(stringValue: "history"))
        }
    }

    /// A later step of a case: a status change (`to`, with the `decisions` taken when actioned) or a note.
    /// `by` names who took it when that is on the public record (an appeal decided by an oversight
    /// body); otherwise the step is the loader's.
    struct SeedStep: Decodable {
        var to: CaseStatus?
        var by: String?
        var note: String?
        var at: String
        var reason: String?
        var decisions: [String]?
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

/// One member of a seed case, as far as the reader needs to tell them apart.
enum SeedValue: Decodable {
    case null
    case text(String)
    case number(Int64)
    case list([String])
    case object

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            self = .object
        }
    }
}
