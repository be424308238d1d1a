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
    }

    /// A change of the enforcement action decided when the case was actioned.
    struct ActionChange: Codable, Equatable {
        var action: EnforcementAction
        var action_ends_at: String?
    }

    struct EvidenceAdded: Codable, Equatable {
        var reference: String
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw CaseStoreError.invalidValue(field: "payload", problem: "cannot be encoded: \(error)")
        }
    }
}

extension CaseStore {
    /// Appends the next event of a case's history, chained to the last event in the database.
    /// Call inside a write transaction: the immediate lock keeps the chain's head from moving.
    @discardableResult
    func appendEvent(
        caseID: Int64, kind: EventKind, from: CaseStatus? = nil, to: CaseStatus? = nil, actor: String,
        reason: String? = nil, payload: String? = nil, occurredAt: Timestamp
    ) throws -> Int64 {
        let sequence = try database.cachedStatement("SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?")
            .queryFirst([caseID]) { try $0.int64(0) } ?? 1
        let head = try database.cachedStatement("SELECT id, hash FROM case_events ORDER BY id DESC LIMIT 1")
            .queryFirst { (try $0.int64(0), try $0.string(1)) }
        let unhashed = CaseEvent(
            id: (head?.0 ?? 0) + 1, caseID: caseID, sequence: Int(sequence), kind: kind, fromStatus: from, toStatus: to,
            actor: actor, reason: reason, payload: payload, occurredAt: occurredAt, recordedAt: clock(),
            previousHash: head?.1 ?? EventChain.genesis, hash: "")
        let hash = EventChain.hash(of: unhashed, previous: unhashed.previousHash)
        try database.cachedStatement("""
            INSERT INTO case_events (id, case_id, seq, kind, from_status, to_status, actor, reason, payload,
                                     occurred_at, recorded_at, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([
                unhashed.id, caseID, sequence, kind, from, to, actor, reason, payload, occurredAt.iso8601,
                unhashed.recordedAt.iso8601, unhashed.previousHash, hash,
            ])
        return unhashed.id
    }
}
