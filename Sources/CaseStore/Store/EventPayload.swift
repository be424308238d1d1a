import Crypto
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
    /// The key under which a creation event commits to the case as logged.
    static let contentDigestKey = "content_sha256"

    /// What a creation event stores since schema v6: the decisions as first logged, the evidence
    /// given with the case, the statement it was imported from, and a SHA-256 commitment to
    /// everything else it was logged with (`contentDigest`), which the case row holds. The chain
    /// covers the commitment, so a row changed behind casetool's back no longer matches it, without
    /// a second copy of every field in the history.
    var canonicalJSON: String {
        var json = CanonicalJSON()
        json.add(Self.contentDigestKey, contentDigest)
        json.add("decisions", decisions.texts)
        json.add("evidence", evidence.isEmpty ? nil : evidence)
        json.addJSON("statement", statement?.canonicalJSON)
        return json.text
    }

    /// The SHA-256 (hex) of the logged content's canonical JSON: platform and handle as stored,
    /// policy code, opening time and one key per `CaseFields` field.
    var contentDigest: String {
        Self.contentDigest(platform: platform, handle: handle, policy: policy, openedAt: openedAt, content: content)
    }

    static func contentDigest(platform: String, handle: String, policy: String, openedAt: Timestamp, content: CaseContent) -> String {
        // The canonical JSON `CanonicalJSON` would write (keys sorted, absent values left out), built
        // in one buffer with the key order worked out once: `audit verify` computes it for every case.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        bytes.append(UInt8(ascii: "{"))
        for member in DigestMember.sorted {
            let text: String?
            var isNumber = false
            switch member.source {
            case .platform: text = platform
            case .handle: text = handle
            case .policy: text = policy
            case .openedAt: text = openedAt.iso8601
            case .field(let field):
                isNumber = field.isNumber
                text = field.text(content)
            }
            guard let text, !isNumber || Int64(text) != nil else { continue }
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes += member.quotedKey
            bytes.append(UInt8(ascii: ":"))
            if isNumber { bytes += text.utf8 } else { JSONText.appendQuoted(text, to: &bytes) }
        }
        bytes.append(UInt8(ascii: "}"))
        return Hex.encode(SHA256.hash(data: bytes))
    }

    /// A member of the digested object: where its value comes from, its key as JSON, in key order.
    private struct DigestMember: Sendable {
        enum Source: Sendable { case platform, handle, policy, openedAt, field(CaseField) }
        let key: String
        let source: Source
        var quotedKey: [UInt8] { Array(JSONText.quoted(key).utf8) }

        static let sorted: [(source: Source, quotedKey: [UInt8])] = (
            [DigestMember(key: "platform", source: .platform), DigestMember(key: "handle", source: .handle),
             DigestMember(key: "policy", source: .policy), DigestMember(key: "opened_at", source: .openedAt)]
                + CaseFields.content.map { DigestMember(key: $0.name, source: .field($0)) }
        ).sorted { $0.key < $1.key }.map { ($0.source, $0.quotedKey) }
    }

    /// The statement of reasons a creation payload of any version carries, if any.
    static func statement(in json: String) -> StatementOfReasons? {
        (try? JSONDecoder().decode(StoredCreation.self, from: Data(json.utf8)))?.statement
    }

    /// The decisions a creation payload of any version was logged with, without the case row.
    static func decisions(in json: String) -> Decisions? {
        guard let stored = try? StoredCreation(json: json) else { return nil }
        if let texts = stored.decisions { return try? Decisions(restoring: texts) }
        guard let action = stored.texts["action"].flatMap(EnforcementAction.init(rawValue:)) else { return nil }
        let end = stored.texts["action_ends_at"].flatMap { try? Timestamp.stored($0, column: "payload.action_ends_at") }
        return try? Decisions([action.decision(endsAt: end)])
    }

    /// Reads a creation payload of any version. Since v6 it commits to the logged content by digest:
    /// `record` (the case row) supplies that content, and must match the digest. Before, the payload
    /// held the content itself; before v5 one `action` (and `action_ends_at`) instead of `decisions`,
    /// and `automated_decision` only when automation took part.
    init(json: String, loggedAs record: CaseRecord?) throws {
        let stored = try StoredCreation(json: json)
        if let digest = stored.texts[Self.contentDigestKey] {
            try self.init(committed: stored, digest: digest, record: record)
        } else {
            try self.init(logged: stored)
        }
    }

    private init(committed stored: StoredCreation, digest: String, record: CaseRecord?) throws {
        guard let record else {
            throw EventPayload.Unreadable(problem: "the creation event commits to the case row by digest, and the case has no row")
        }
        guard let texts = stored.decisions else { throw EventPayload.Unreadable(problem: "the creation event has no 'decisions'") }
        do {
            decisions = try Decisions(restoring: texts)
        } catch let CaseStoreError.invalidValue(_, problem) {
            throw EventPayload.Unreadable(problem: "'decisions' of the creation event \(problem)")
        }
        platform = record.account.platform
        handle = record.account.handle
        policy = record.policy.code
        openedAt = record.openedAt
        content = record.content
        evidence = stored.evidence ?? []
        statement = stored.statement
        guard contentDigest == digest else {
            throw EventPayload.Unreadable(
                problem: "its row no longer holds what the case was logged with (account, policy, opened_at or a "
                    + "field of \(CaseFields.names.joined(separator: ", "))): the row was altered after it was written")
        }
    }

    private init(logged stored: StoredCreation) throws {
        func required(_ key: String) throws -> String {
            guard let value = stored.texts[key] else { throw EventPayload.Unreadable(problem: "the creation event has no '\(key)'") }
            return value
        }
        do {
            platform = try required("platform")
            handle = try required("handle")
            policy = try required("policy")
            openedAt = try Timestamp.stored(try required("opened_at"), column: "payload.opened_at")
            if let texts = stored.decisions {
                decisions = try Decisions(restoring: texts)
            } else {
                let action = try InputParsing.choice(EnforcementAction.self, try required("action"), field: "action")
                let end = try stored.texts["action_ends_at"].map { try Timestamp.stored($0, column: "payload.action_ends_at") }
                decisions = try Decisions([action.decision(endsAt: end)])
            }
            evidence = stored.evidence ?? []
            statement = stored.statement
            var content = try CaseFields.content(restoring: { stored.texts[$0.name] })
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

/// A creation payload as stored: its lists and statement by name, every other member as text
/// (numbers too, as `CaseFields` reads them). Keys are read once each, by what they are, so replay
/// does not try one type after another.
private struct StoredCreation: Decodable {
    var texts: [String: String] = [:]
    var decisions: [String]?
    var evidence: [String]?
    var statement: StatementOfReasons?

    private static let numberKeys = Set(CaseFields.content.filter(\.isNumber).map(\.name))

    init(json: String) throws {
        if let fields = try? JSONLineParser.fields(of: Array(json.utf8)) {
            // Flat, as every payload but an imported statement's is: casetool's own reader, which
            // replay of large histories spends most of its time in otherwise.
            self.init(fields)
        } else {
            do {
                self = try JSONDecoder().decode(StoredCreation.self, from: Data(json.utf8))
            } catch {
                throw EventPayload.Unreadable(problem: "the creation event's details cannot be read as JSON")
            }
        }
    }

    /// From a flat object: numbers come as their digits, as text.
    init(_ fields: [(name: String, value: ImportRecord.Value)]) {
        for (name, value) in fields {
            switch (name, value) {
            case ("decisions", .list(let list)): decisions = list
            case ("evidence", .list(let list)): evidence = list
            case (_, .text(let text)): texts[name] = text
            default: break
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys {
            switch key.stringValue {
            case "decisions": decisions = try container.decode([String].self, forKey: key)
            case "evidence": evidence = try container.decode([String].self, forKey: key)
            case "statement": statement = try container.decode(StatementOfReasons.self, forKey: key)
            case let name where Self.numberKeys.contains(name):
                texts[name] = try container.decodeIfPresent(Int64.self, forKey: key).map(String.init)
            default:
                texts[key.stringValue] = try container.decodeIfPresent(String.self, forKey: key)
            }
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
                decisions = try Decisions(restoring: texts)
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

extension EventPayload {
    /// A claim taken, given or ended. `claimed`: until when; `assigned`: to whom and until when;
    /// `released`: whose claim ended.
    struct ClaimChange: Equatable {
        var holder: String?
        var until: Timestamp?

        var canonicalJSON: String {
            var json = CanonicalJSON()
            json.add("holder", holder)
            json.add("until", until?.iso8601)
            return json.text
        }

        init(holder: String?, until: Timestamp?) {
            self.holder = holder
            self.until = until
        }

        init(json: String) throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                throw Unreadable(problem: "the claim's details cannot be read")
            }
            holder = object["holder"] as? String
            if let until = object["until"] {
                guard let text = until as? String, let time = try? Timestamp.stored(text, column: "until") else {
                    throw Unreadable(problem: "the claim's end time cannot be read")
                }
                self.until = time
            }
        }
    }
}
