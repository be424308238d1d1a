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

    /// Appends events to one case in order, after its last one (`afterSequence`, when the caller
    /// knows it: 0 for a case being created).
    /// On a session's behalf the events must be the session's person's, and go through its channel:
    /// attribution comes from the proof of who is signed in, never from what a request says.
    func appendEvents(_ events: [PendingEvent], caseID: Int64, actor: String, afterSequence: Int64? = nil) throws {
        if let acting, acting.person != actor {
            throw CaseStoreError.invalidValue(
                field: "actor", problem: "'\(actor)' is not the signed-in person (\(acting.person)): events on a session's behalf are theirs")
        }
        let channel = acting?.channel ?? .local
        var sequence = try afterSequence
            ?? database.cachedStatement("SELECT coalesce(max(seq), 0) FROM case_events WHERE case_id = ?")
                .queryFirst([caseID]) { try $0.int64(0) } ?? 0
        var head = try chainHead ?? storedChainHead()
        let recordedAt = clock().iso8601
        var hasher = EventHasher()
        let insert = try database.cachedStatement("""
            INSERT INTO case_events (id, case_id, seq, kind, from_status, to_status, actor, reason, payload,
                                     occurred_at, recorded_at, channel, format, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for pending in events {
            // Stored numbers could be anything a hand edit left: the next one is refused, not trapped on.
            guard case (let id, false) = head.id.addingReportingOverflow(1),
                  case (let next, false) = sequence.addingReportingOverflow(1)
            else {
                throw CaseStoreError.corruptRow(
                    table: "case_events", problem: "the last event's id or sequence is at its limit; run 'casetool audit verify'")
            }
            sequence = next
            let occurredAt = pending.occurredAt.iso8601
            let hash = hasher.digest(
                previous: head.hash, id: id, caseID: caseID, sequence: sequence, kind: pending.kind.rawValue,
                from: pending.from?.rawValue, to: pending.to?.rawValue, actor: actor, reason: pending.reason,
                payload: pending.payload, occurredAt: occurredAt, recordedAt: recordedAt, channel: channel
            ).bytes
            try insert.executeChangingOneRow([
                id, caseID, sequence, pending.kind, pending.from, pending.to, actor, pending.reason, pending.payload,
                occurredAt, recordedAt, channel, EventChain.currentFormat, hash,
            ])
            // A statement lands whole or not at all: after each insert the head is this event.
            head = ChainHead(id: id, hash: hash)
            chainHead = head
        }
    }

    /// Reads back the chain's head before a transaction commits: the last event stored must be the
    /// one this transaction's appends computed, or something in the file moved, dropped or rewrote it.
    func confirmChainHead() throws {
        guard let expected = chainHead else { return }
        guard try storedChainHead() == expected else {
            throw CaseStoreError.writeNotStored(
                statement: "INSERT INTO case_events", found: "a different last event on reading it back")
        }
    }

    /// The last stored event's id and hash (0 and the genesis digest before the first).
    private func storedChainHead() throws -> ChainHead {
        try database.cachedStatement("SELECT id, hash FROM case_events ORDER BY id DESC LIMIT 1")
            .queryFirst { row in ChainHead(id: try row.int64(0), hash: row.withBytes(1) { $0.map { Array($0) } } ?? []) }
            ?? ChainHead(id: 0, hash: EventChain.genesisDigest)
    }
}

/// The last event of the chain: the next event takes the following id and covers this hash.
struct ChainHead: Equatable {
    let id: Int64
    let hash: [UInt8]
}
