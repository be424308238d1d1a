import SQLiteDatabase
extension CaseStore {
    /// The chain's head: the last event's hash and the number of events.
    public func auditHead() throws -> AuditHead {
        try read {
            let count = try database.cachedStatement("SELECT count(*) FROM case_events").queryFirst { try $0.int64(0) } ?? 0
            let hash = try database.cachedStatement("SELECT hash FROM case_events ORDER BY id DESC LIMIT 1")
                .queryFirst { row in row.withBytes(0) { $0.map { Array($0) } } }
            // Read without verifying the chain: a hand-edited row could hold anything, so the hash is
            // checked to be one before it is handed out (and printed).
            if let hash, hash?.count != EventChain.digestLength {
                throw CaseStoreError.corruptRow(
                    table: "case_events", problem: "the last event's hash is not 32 bytes; 'casetool audit verify' finds where the chain breaks")
            }
            return AuditHead(eventCount: Int(count), hash: (hash ?? nil).map { Hex.encode($0) } ?? EventChain.genesis)
        }
    }

    /// Recomputes the hash chain over every event, then checks that every case row equals the replay
    /// of its events. With `expectingHead`, also proves that the chain still contains that head, i.e.
    /// that nothing up to it has changed since it was taken. Reads one consistent snapshot.
    /// `progress` is told the step (`AuditStep`), the checks done so far and the share of the whole
    /// verification done: each event is checked twice, once in the chain and once replaying its case.
    public func verifyAudit(
        expectingHead: String? = nil, maxProblems: Int = 20,
        progress: (_ step: AuditStep, _ events: Int, _ fraction: Double) -> Void = { _, _, _ in }
    ) throws -> AuditReport {
        try read {
            var problems: [AuditProblem] = []
            func report(_ problem: AuditProblem) {
                if problems.count < maxProblems { problems.append(problem) }
            }
            let total = try database.cachedStatement("SELECT count(*) FROM case_events").queryFirst { try $0.int64(0) } ?? 0
            let chain = try verifyChain(expectingHead: expectingHead, report: report) { done in
                progress(.chain, done, total == 0 ? 1 : Double(done) / Double(2 * total))
            }
            try verifyProjection(report: report) { done in
                progress(.replay, Int(total) + done, total == 0 ? 1 : Double(Int(total) + done) / Double(2 * total))
            }
            let caseCount = try database.cachedStatement("SELECT count(*) FROM cases").queryFirst { try $0.int64(0) } ?? 0
            return AuditReport(
                eventCount: chain.count, caseCount: Int(caseCount), headHash: chain.head, problems: problems)
        }
    }

    /// Walks the events in id order, checking that each one's id follows the one before and that its
    /// hash is the hash of its stored bytes and the previous event's hash. Reads each row's bytes in
    /// place: nothing is decoded, formatted or copied for an event of the current format.
    private func verifyChain(
        expectingHead: String?, report: (AuditProblem) -> Void, progress: (Int) -> Void
    ) throws -> (count: Int, head: String) {
        let expectedHead = expectingHead.flatMap(Hex.decode)
        var previous = EventChain.genesisDigest
        var previousID: Int64 = 0
        var count = 0
        var headFound = expectingHead == nil || expectingHead == EventChain.genesis
        var hasher = EventHasher()
        var previousMatched = true
        try database.prepare("""
            SELECT id, case_id, seq, kind, from_status, to_status, actor, reason, payload, occurred_at, recorded_at,
                   channel, format, hash
            FROM case_events ORDER BY id
            """).forEachRow { row in
            count += 1
            let id = row.notNullInt64(0), caseID = row.notNullInt64(1)
            if id != previousID &+ 1 {  // wrapping: a stored id at Int64.max must not trap
                let before = previousID == 0 ? "the start of the chain" : "event \(previousID)"
                report(AuditProblem(
                    eventID: id, caseID: caseID,
                    problem: "its link to \(before) is broken: an event before it was deleted, inserted or reordered"))
            } else if !Self.hashMatches(row, previous: previous, hasher: &hasher) {
                // Its own bytes changed, or it no longer follows the event before: that one was
                // rewritten with a hash of its own (which then checks), or another took its place.
                report(AuditProblem(
                    eventID: id, caseID: caseID,
                    problem: previousID == 0 || !previousMatched
                        ? "its content does not match its hash: the event was altered after it was written"
                        : "its content does not match its hash, or its link to event \(previousID) is broken: "
                            + "one of the two was altered after it was written"))
                previousMatched = false
            } else {
                previousMatched = true
            }
            previous = row.withBytes(13) { $0.map { Array($0) } } ?? []
            if let expectedHead, previous == expectedHead { headFound = true }
            previousID = id
            if count % AuditStep.progressInterval == 0 { progress(count) }
        }
        if !headFound, let expectingHead {
            report(AuditProblem(
                eventID: nil, caseID: nil,
                problem: "the expected head \(expectingHead) is not in the chain: history up to it was changed or removed"))
        }
        return (count, Hex.encode(previous))
    }
    /// Whether a row of the chain query holds the hash of its own fields after `previous`.
    private static func hashMatches(_ row: Row, previous: [UInt8], hasher: inout EventHasher) -> Bool {
        let format = Int(row.notNullInt64(12))
        switch format {
        case 2, 3:
            previous.withUnsafeBytes {
                hasher.begin(format: format, previous: $0, id: row.notNullInt64(0), caseID: row.notNullInt64(1), sequence: row.notNullInt64(2))
            }
            // Format 2's eight texts are kind … recorded_at; format 3 adds the channel after them.
            for column in 3..<(3 + (EventHasher.textCount[format] ?? 0)) { row.withBytes(column) { hasher.text($0) } }
            let digest = hasher.finish()
            return row.withBytes(13) { digest.matches($0) }
        case 1:
            // Written before schema v6: its hash covers text forms, rebuilt from the stored text.
            guard let kind = row.optionalString(3), let actor = row.optionalString(6),
                  let occurredAt = row.optionalString(9), let recordedAt = row.optionalString(10)
            else { return false }
            let hash = EventChain.formatOneHash(
                previous: Hex.encode(previous), id: row.notNullInt64(0), caseID: row.notNullInt64(1),
                sequence: row.notNullInt64(2), kind: kind, from: row.optionalString(4), to: row.optionalString(5),
                actor: actor, reason: row.optionalString(7), payload: row.optionalString(8), occurredAt: occurredAt,
                recordedAt: recordedAt)
            return row.withBytes(13) { stored in stored.map { Hex.encode($0) == hash } ?? false }
        default:
            return false
        }
    }

    /// Replays each case's events (in case and sequence order, one case in memory at a time) and
    /// compares the result with the stored case row.
    private func verifyProjection(report: (AuditProblem) -> Void, progress: (Int) -> Void) throws {
        // The case being replayed and its row, which creation events since v6 commit to by digest.
        var replay: (state: ReplayedCase, record: CaseRecord)?
        var failedCase: Int64?
        func finish() throws {
            guard let (state, record) = replay else { return }
            replay = nil
            let evidence = try database.cachedStatement("SELECT reference FROM case_evidence WHERE case_id = ? ORDER BY id")
                .query([state.caseID]) { try $0.string(0) }
            let claim = try storedClaim(caseID: state.caseID)
            for difference in state.differences(from: record, evidence: evidence, claim: claim) {
                report(AuditProblem(eventID: state.events.last?.id, caseID: state.caseID, problem: difference))
            }
        }
        func start(_ event: CaseEvent) throws {
            guard let record = try database.cachedStatement("\(Columns.caseSelect) WHERE c.id = ?")
                .queryFirst([event.caseID], { try $0.caseRecord() })
            else {
                report(AuditProblem(eventID: nil, caseID: event.caseID, problem: "has events but no case row: the case was deleted"))
                failedCase = event.caseID
                return
            }
            do {
                replay = (try ReplayedCase(created: event, loggedAs: record), record)
            } catch let failure as ReplayedCase.Failure {
                report(AuditProblem(eventID: failure.eventID, caseID: event.caseID, problem: failure.problem))
                failedCase = event.caseID
            }
        }
        var replayed = 0
        try database.prepare("SELECT \(Columns.eventWithoutHashes) FROM case_events e ORDER BY e.case_id, e.seq").forEachRow { row in
            replayed += 1
            if replayed % AuditStep.progressInterval == 0 { progress(replayed) }
            guard let event = try? row.caseEvent() else { return }  // already reported by the chain check
            if event.caseID != replay?.state.caseID && event.caseID != failedCase {
                try finish()
                failedCase = nil
                try start(event)
            } else if event.caseID == replay?.state.caseID {
                do {
                    try replay?.state.apply(event)
                } catch let failure as ReplayedCase.Failure {
                    report(AuditProblem(eventID: failure.eventID, caseID: event.caseID, problem: failure.problem))
                    replay = nil
                    failedCase = event.caseID
                }
            }
        }
        try finish()
        try database.prepare("""
            SELECT c.id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id) ORDER BY c.id
            """).forEachRow { row in
            report(AuditProblem(eventID: nil, caseID: try row.int64(0), problem: "has no events: it was written without its history"))
        }
    }

    /// The case as it stood at `time`, rebuilt from the events that had happened by then.
    public func caseAsOf(id: Int64, time: Timestamp) throws -> CaseDetail {
        try read {
            let current = try caseDetail(id: id)
            let events = current.events.filter { $0.occurredAt <= time }
            guard !events.isEmpty else {
                throw CaseStoreError.invalidValue(
                    field: "as_of", problem: "case \(id) was opened at \(current.record.openedAt), after \(time)")
            }
            let state: ReplayedCase
            do {
                state = try ReplayedCase.replay(events, loggedAs: current.record)
            } catch let failure as ReplayedCase.Failure {
                throw CaseStoreError.corruptRow(
                    table: "case_events", problem: "event \(failure.eventID): \(failure.problem); run 'casetool audit verify'")
            }
            let record = CaseRecord(
                id: id, account: current.record.account, policy: try policy(code: state.policyCode),
                decisions: state.decisions, status: state.status, content: state.content,
                automatedDetection: state.automatedDetection, openedAt: state.openedAt, actionedAt: state.actionedAt,
                appealCount: state.appealCount, createdBy: state.createdBy, createdAt: current.record.createdAt,
                updatedAt: events[events.count - 1].recordedAt, storedMostSevere: state.decisions.mostSevere.rawValue,
                storedDecisionMask: state.decisions.mask)
            return CaseDetail(record: record, evidence: state.evidence, events: events)
        }
    }
}

/// The two passes of `audit verify`, for progress.
public enum AuditStep: Sendable {
    /// Every event's hash, in id order.
    case chain
    /// Every case rebuilt from its events and compared with its row.
    case replay

    static let progressInterval = 10_000
}
