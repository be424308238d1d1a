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
    /// Appends the next event of a case's history. Call inside a write transaction.
    @discardableResult
    func appendEvent(
        caseID: Int64, kind: EventKind, from: CaseStatus? = nil, to: CaseStatus? = nil, actor: String,
        reason: String? = nil, payload: String? = nil, occurredAt: Timestamp
    ) throws -> Int64 {
        let sequence = try database.cachedStatement("SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?")
            .queryFirst([caseID]) { try $0.int64(0) } ?? 1
        try database.cachedStatement("""
            INSERT INTO case_events (case_id, seq, kind, from_status, to_status, actor, reason, payload, occurred_at, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([
                caseID, sequence, kind, from, to, actor, reason, payload, occurredAt.iso8601, clock().iso8601,
            ])
        return database.lastInsertedRowID
    }
}
