import SQLiteDatabase
extension CaseStore {
    /// The chain's head: the last event's hash and the number of events.
    public func auditHead() throws -> AuditHead {
        try read {
            let count = try database.cachedStatement("SELECT count(*) FROM case_events").queryFirst { try $0.int64(0) } ?? 0
            let hash = try database.cachedStatement("SELECT hash FROM case_events ORDER BY id DESC LIMIT 1")
                .queryFirst { try $0.string(0) }
            // Read without verifying the chain: a hand-edited row could hold anything, so the hash is
            // checked to be one before it is handed out (and printed).
            if let hash, !(hash.utf8.count == 64 && hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })) {
                throw CaseStoreError.corruptRow(
                    table: "case_events", problem: "the last event's hash is not 64 hexadecimal digits; 'casetool audit verify' finds where the chain breaks")
            }
            return AuditHead(eventCount: Int(count), hash: hash ?? EventChain.genesis)
        }
    }

    /// Recomputes the hash chain over every event, then checks that every case row equals the replay
    /// of its events. With `expectingHead`, also proves that the chain still contains that head, i.e.
    /// that nothing up to it has changed since it was taken. Reads one consistent snapshot.
    public func verifyAudit(expectingHead: String? = nil, maxProblems: Int = 20) throws -> AuditReport {
        try read {
            var problems: [AuditProblem] = []
            func report(_ problem: AuditProblem) {
                if problems.count < maxProblems { problems.append(problem) }
            }
            let chain = try verifyChain(expectingHead: expectingHead, report: report)
            try verifyProjection(report: report)
            let caseCount = try database.cachedStatement("SELECT count(*) FROM cases").queryFirst { try $0.int64(0) } ?? 0
            return AuditReport(
                eventCount: chain.count, caseCount: Int(caseCount), headHash: chain.head, problems: problems)
        }
    }

    /// Walks the events in id order, checking each one's link to the one before and its own hash.
    private func verifyChain(expectingHead: String?, report: (AuditProblem) -> Void) throws -> (count: Int, head: String) {
        var expectedPrevious = EventChain.genesis
        var previousID: Int64?
        var count = 0
        var headFound = expectingHead == nil || expectingHead == EventChain.genesis
        try database.prepare("SELECT \(Columns.event) FROM case_events e ORDER BY e.id").forEachRow { row in
            count += 1
            let event: CaseEvent
            do {
                event = try row.caseEvent()
            } catch {
                report(AuditProblem(eventID: row.optionalInt64(0), caseID: row.optionalInt64(1), problem: "unreadable: \(error)"))
                return
            }
            if event.previousHash != expectedPrevious {
                let before = previousID.map { "event \($0)" } ?? "the start of the chain"
                report(AuditProblem(
                    eventID: event.id, caseID: event.caseID,
                    problem: "its link to \(before) is broken: an event before it was deleted, inserted or reordered"))
            } else if EventChain.hash(of: event, previous: event.previousHash) != event.hash {
                report(AuditProblem(
                    eventID: event.id, caseID: event.caseID,
                    problem: "its content does not match its hash: the event was altered after it was written"))
            }
            if event.hash == expectingHead { headFound = true }
            expectedPrevious = event.hash
            previousID = event.id
        }
        if !headFound, let expectingHead {
            report(AuditProblem(
                eventID: nil, caseID: nil,
                problem: "the expected head \(expectingHead) is not in the chain: history up to it was changed or removed"))
        }
        return (count, expectedPrevious)
    }

    /// Replays each case's events (in case and sequence order, one case in memory at a time) and
    /// compares the result with the stored case row.
    private func verifyProjection(report: (AuditProblem) -> Void) throws {
        var replay: ReplayedCase?
        var failedCase: Int64?
        func finish() throws {
            guard let state = replay else { return }
            replay = nil
            guard let record = try database.cachedStatement("\(Columns.caseSelect) WHERE c.id = ?")
                .queryFirst([state.caseID], { try $0.caseRecord() })
            else {
                report(AuditProblem(eventID: nil, caseID: state.caseID, problem: "has events but no case row: the case was deleted"))
                return
            }
            let evidence = try database.cachedStatement("SELECT reference FROM case_evidence WHERE case_id = ? ORDER BY id")
                .query([state.caseID]) { try $0.string(0) }
            for difference in state.differences(from: record, evidence: evidence) {
                report(AuditProblem(eventID: state.events.last?.id, caseID: state.caseID, problem: difference))
            }
        }
        try database.prepare("SELECT \(Columns.event) FROM case_events e ORDER BY e.case_id, e.seq").forEachRow { row in
            guard let event = try? row.caseEvent() else { return }  // already reported by the chain check
            if event.caseID != replay?.caseID && event.caseID != failedCase {
                try finish()
                failedCase = nil
                do {
                    replay = try ReplayedCase(created: event)
                } catch let failure as ReplayedCase.Failure {
                    report(AuditProblem(eventID: failure.eventID, caseID: event.caseID, problem: failure.problem))
                    failedCase = event.caseID
                }
            } else if event.caseID == replay?.caseID {
                do {
                    try replay?.apply(event)
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
                state = try ReplayedCase.replay(events)
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
