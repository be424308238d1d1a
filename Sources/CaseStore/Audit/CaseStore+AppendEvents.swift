import Foundation
import SQLiteDatabase

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
        var (id, previousHash) = try chainHead()
        let recordedAt = clock().iso8601
        var hasher = EventHasher()
        let insert = try database.cachedStatement("""
            INSERT INTO case_events (id, case_id, seq, kind, from_status, to_status, actor, reason, payload,
                                     occurred_at, recorded_at, format, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for pending in events {
            id += 1
            sequence += 1
            let occurredAt = pending.occurredAt.iso8601
            let hash = hasher.digest(
                previous: previousHash, id: id, caseID: caseID, sequence: sequence, kind: pending.kind.rawValue,
                from: pending.from?.rawValue, to: pending.to?.rawValue, actor: actor, reason: pending.reason,
                payload: pending.payload, occurredAt: occurredAt, recordedAt: recordedAt
            ).bytes
            try insert.executeChangingOneRow([
                id, caseID, sequence, pending.kind, pending.from, pending.to, actor, pending.reason, pending.payload,
                occurredAt, recordedAt, EventChain.currentFormat, hash,
            ])
            previousHash = hash
        }
        // Read back the chain's head: the last event written must be the one just computed, or
        // something in the file moved, dropped or rewrote it.
        let stored = try chainHead()
        guard stored.id == id, stored.hash == previousHash else {
            throw CaseStoreError.writeNotStored(
                statement: "INSERT INTO case_events", found: "a different last event on reading it back")
        }
    }

    /// The last event's id and hash (0 and the genesis digest before the first).
    private func chainHead() throws -> (id: Int64, hash: [UInt8]) {
        try database.cachedStatement("SELECT id, hash FROM case_events ORDER BY id DESC LIMIT 1")
            .queryFirst { row in (try row.int64(0), row.withBytes(1) { $0.map { Array($0) } } ?? []) }
            ?? (0, EventChain.genesisDigest)
    }
}
