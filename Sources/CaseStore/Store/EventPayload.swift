import Foundation

/// Details stored with an event as canonical JSON (sorted keys, no optional nulls), so the same
/// change always serialises to the same bytes and a case can be rebuilt from its events alone.
enum EventPayload {
    /// Everything a case was logged with.
    struct Created: Codable, Equatable {
        var platform: String
        var handle: String
        var policy: String
        var action: EnforcementAction
        var action_ends_at: String?
        var source: DetectionSource
        var rationale: String
        var follower_count: Int64?
        var occurred_at: String?
        var opened_at: String
        var external_id: String?
        var evidence: [String]?
        /// The statement of reasons the case was imported from, whole.
        var statement: StatementOfReasons?
        /// Written only when automation took part, so creation events from before it existed read the same.
        var automated_decision: AutomatedDecision?
    }

    /// A change of the enforcement action decided when the case was actioned.
    struct ActionChange: Codable, Equatable {
        var action: EnforcementAction
        var action_ends_at: String?
    }

    struct EvidenceAdded: Codable, Equatable {
        var reference: String
    }

}

/// Writes a payload as canonical JSON: keys sorted, absent values left out, strings escaped per
/// RFC 8259 with everything else kept as UTF-8. Hand-written because it runs for every event and
/// `JSONEncoder` is slow; `JSONDecoder` reads it back.
struct CanonicalJSON {
    private var members: [(key: String, json: String)] = []

    mutating func add(_ key: String, _ value: String?) {
        if let value { members.append((key, Self.quoted(value))) }
    }

    mutating func add(_ key: String, _ value: Int64?) {
        if let value { members.append((key, String(value))) }
    }

    /// Adds a value that is already canonical JSON text.
    mutating func addJSON(_ key: String, _ json: String?) {
        if let json { members.append((key, json)) }
    }

    mutating func add(_ key: String, _ values: [String]?) {
        if let values { members.append((key, "[" + values.map(Self.quoted).joined(separator: ",") + "]")) }
    }

    var text: String {
        "{" + members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.json }.joined(separator: ",") + "}"
    }

    static func quoted(_ text: String) -> String {
        var utf8: [UInt8] = [0x22]
        utf8.reserveCapacity(text.utf8.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case 0x22: utf8 += [0x5C, 0x22]
            case 0x5C: utf8 += [0x5C, 0x5C]
            case 0x0A: utf8 += [0x5C, 0x6E]
            case 0x0D: utf8 += [0x5C, 0x72]
            case 0x09: utf8 += [0x5C, 0x74]
            case 0x00..<0x20: utf8 += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: utf8.append(byte)
            }
        }
        utf8.append(0x22)
        return String(decoding: utf8, as: UTF8.self)
    }
}

extension EventPayload.Created {
    var canonicalJSON: String {
        var json = CanonicalJSON()
        json.add("platform", platform)
        json.add("handle", handle)
        json.add("policy", policy)
        json.add("action", action.rawValue)
        json.add("action_ends_at", action_ends_at)
        json.add("source", source.rawValue)
        json.add("rationale", rationale)
        json.add("follower_count", follower_count)
        json.add("occurred_at", occurred_at)
        json.add("opened_at", opened_at)
        json.add("external_id", external_id)
        json.add("evidence", evidence)
        json.addJSON("statement", statement?.canonicalJSON)
        json.add("automated_decision", automated_decision?.rawValue)
        return json.text
    }
}

extension EventPayload.ActionChange {
    var canonicalJSON: String {
        var json = CanonicalJSON()
        json.add("action", action.rawValue)
        json.add("action_ends_at", action_ends_at)
        return json.text
    }
}

extension EventPayload.EvidenceAdded {
    var canonicalJSON: String {
        var json = CanonicalJSON()
        json.add("reference", reference)
        return json.text
    }
}

/// An event about to be appended: everything but its position in the case and the chain.
struct PendingEvent {
    let kind: EventKind
    let from: CaseStatus?
    let to: CaseStatus?
    let reason: String?
    let occurredAt: Timestamp
    let payload: String?
}

extension CaseStore {
    /// Appends the next event of a case's history, chained to the last event in the database.
    /// Call inside a write transaction: the immediate lock keeps the chain's head from moving.
    func appendEvent(
        caseID: Int64, kind: EventKind, from: CaseStatus? = nil, to: CaseStatus? = nil, actor: String,
        reason: String? = nil, payload: String? = nil, occurredAt: Timestamp
    ) throws {
        try appendEvents(
            [PendingEvent(kind: kind, from: from, to: to, reason: reason, occurredAt: occurredAt, payload: payload)],
            caseID: caseID, actor: actor)
    }

    /// Appends events to one case in order, reading the case's sequence and the chain's head once.
    func appendEvents(_ events: [PendingEvent], caseID: Int64, actor: String) throws {
        var sequence = try database.cachedStatement("SELECT coalesce(max(seq), 0) FROM case_events WHERE case_id = ?")
            .queryFirst([caseID]) { try $0.int64(0) } ?? 0
        let head = try database.cachedStatement("SELECT id, hash FROM case_events ORDER BY id DESC LIMIT 1")
            .queryFirst { (try $0.int64(0), try $0.string(1)) }
        var id = head?.0 ?? 0
        var previousHash = head?.1 ?? EventChain.genesis
        let recordedAt = clock()
        let insert = try database.cachedStatement("""
            INSERT INTO case_events (id, case_id, seq, kind, from_status, to_status, actor, reason, payload,
                                     occurred_at, recorded_at, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for pending in events {
            id += 1
            sequence += 1
            let event = CaseEvent(
                id: id, caseID: caseID, sequence: Int(sequence), kind: pending.kind, fromStatus: pending.from,
                toStatus: pending.to, actor: actor, reason: pending.reason, payload: pending.payload,
                occurredAt: pending.occurredAt, recordedAt: recordedAt, previousHash: previousHash, hash: "")
            let hash = EventChain.hash(of: event, previous: previousHash)
            try insert.executeChangingOneRow([
                id, caseID, sequence, pending.kind, pending.from, pending.to, actor, pending.reason, pending.payload,
                pending.occurredAt.iso8601, recordedAt.iso8601, previousHash, hash,
            ])
            previousHash = hash
        }
        // Read back the chain's head: the last event written must be the one just computed, or
        // something in the file moved, dropped or rewrote it.
        let stored = try database.cachedStatement("SELECT id, hash FROM case_events ORDER BY id DESC LIMIT 1")
            .queryFirst { (try $0.int64(0), try $0.string(1)) }
        guard let stored, stored.0 == id, stored.1 == previousHash else {
            throw CaseStoreError.writeNotStored(
                statement: "INSERT INTO case_events", found: "a different last event on reading it back")
        }
    }
}
