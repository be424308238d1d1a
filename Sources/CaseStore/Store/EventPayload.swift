import Foundation

/// Details stored with an event as canonical JSON (sorted keys, no optional nulls), so the same
/// change always serialises to the same bytes and a case can be rebuilt from its events alone.
/// Events are never rewritten: readers here also read the forms earlier versions wrote.
enum EventPayload {
    /// Everything a case was logged with: who and what it is about, the decisions as first logged,
    /// and its content, one key per field of `CaseFields`.
    struct Created: Equatable {
        var platform: String
        var handle: String
        var policy: String
        var decisions: Decisions
        var content: CaseContent
        var openedAt: Timestamp
        var evidence: [String]
        /// The statement of reasons the case was imported from, whole.
        var statement: StatementOfReasons?
    }

    /// The decisions changed when the case was actioned.
    struct DecisionChange: Equatable {
        var decisions: Decisions
    }

    struct EvidenceAdded: Codable, Equatable {
        var reference: String
    }

    /// A payload that cannot be read as the event's kind requires.
    struct Unreadable: Error {
        let problem: String
    }
}

extension EventPayload.Created {
    var canonicalJSON: String {
        var json = CanonicalJSON()
        json.add("platform", platform)
        json.add("handle", handle)
        json.add("policy", policy)
        json.add("decisions", decisions.texts)
        json.add("opened_at", openedAt.iso8601)
        json.add("evidence", evidence.isEmpty ? nil : evidence)
        json.addJSON("statement", statement?.canonicalJSON)
        for field in CaseFields.content {
            let text = field.text(content)
            if field.isNumber { json.add(field.name, text.flatMap { Int64($0) }) } else { json.add(field.name, text) }
        }
        return json.text
    }

    /// Reads a creation payload of any version: before v5 it held one `action` (and `action_ends_at`)
    /// instead of `decisions`, and `automated_decision` only when automation took part.
    init(json: String) throws {
        let object: [String: PayloadValue]
        do {
            object = try JSONDecoder().decode([String: PayloadValue].self, from: Data(json.utf8))
        } catch {
            throw EventPayload.Unreadable(problem: "the creation event's details are not a JSON object")
        }
        func text(_ key: String) throws -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .text(let text)?: return text
            case .number(let number)?: return String(number)
            default: throw EventPayload.Unreadable(problem: "'\(key)' of the creation event is not a single value")
            }
        }
        func required(_ key: String) throws -> String {
            guard let value = try text(key) else { throw EventPayload.Unreadable(problem: "the creation event has no '\(key)'") }
            return value
        }
        do {
            platform = try required("platform")
            handle = try required("handle")
            policy = try required("policy")
            openedAt = try Timestamp.stored(try required("opened_at"), column: "payload.opened_at")
            if case .list(let texts)? = object["decisions"] {
                decisions = try Decisions(parsing: texts)
            } else {
                let action = try InputParsing.choice(EnforcementAction.self, try required("action"), field: "action")
                let end = try text("action_ends_at").map { try Timestamp.stored($0, column: "payload.action_ends_at") }
                decisions = try Decisions([action.decision(endsAt: end)])
            }
            if case .list(let references)? = object["evidence"] { evidence = references } else { evidence = [] }
            struct WithStatement: Decodable { var statement: StatementOfReasons? }
            statement = object["statement"] == nil
                ? nil : try JSONDecoder().decode(WithStatement.self, from: Data(json.utf8)).statement
            var content = try CaseFields.content { try text($0.name) }
            content.automatedDecision = AutomatedDecision.effective(declared: content.automatedDecision, statement: statement)
            self.content = content
        } catch let error as EventPayload.Unreadable {
            throw error
        } catch let CaseStoreError.invalidValue(field, problem) {
            throw EventPayload.Unreadable(problem: "'\(field)' of the creation event \(problem)")
        } catch {
            throw EventPayload.Unreadable(problem: "the creation event's details cannot be read (\(error))")
        }
    }
}

extension EventPayload.DecisionChange {
    var canonicalJSON: String {
        var json = CanonicalJSON()
        json.add("decisions", decisions.texts)
        return json.text
    }

    /// Reads a change of any version: before v5, one `action` (and `action_ends_at`).
    init(json: String) throws {
        struct Stored: Decodable {
            var decisions: [String]?
            var action: EnforcementAction?
            var action_ends_at: String?
        }
        do {
            let stored = try JSONDecoder().decode(Stored.self, from: Data(json.utf8))
            if let texts = stored.decisions {
                decisions = try Decisions(parsing: texts)
            } else if let action = stored.action {
                let end = try stored.action_ends_at.map { try Timestamp.stored($0, column: "payload.action_ends_at") }
                decisions = try Decisions([action.decision(endsAt: end)])
            } else {
                throw EventPayload.Unreadable(problem: "the decision change names no decisions")
            }
        } catch let error as EventPayload.Unreadable {
            throw error
        } catch {
            throw EventPayload.Unreadable(problem: "the decision change cannot be read")
        }
    }
}

extension EventPayload.EvidenceAdded {
    var canonicalJSON: String {
        var json = CanonicalJSON()
        json.add("reference", reference)
        return json.text
    }
}

/// One member of a payload object, as far as readers need to tell them apart. Nested objects (the
/// statement) are read by their own decoders.
enum PayloadValue: Decodable {
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
