import Foundation

extension CaseEvent {
    /// The summary, with what the case was logged with taken from its row where the creation event
    /// commits to it by digest (events since schema v6).
    public func summary(loggedAs record: CaseRecord) -> String {
        guard kind == .created, let payload, let created = try? EventPayload.Created(json: payload, loggedAs: record) else {
            return summary
        }
        return Self.loggedLine(created)
    }

    private static func loggedLine(_ created: EventPayload.Created) -> String {
        "logged: \(created.policy), \(created.decisions.texts.joined(separator: "; ")) (\(created.content.source.rawValue))"
    }

    /// One line saying what the event did, for people reading a history.
    public var summary: String {
        switch kind {
        case .created:
            // Since schema v6 the event commits to the rest of the case by digest: the case shows it.
            if let created = payload.flatMap({ try? EventPayload.Created(json: $0, loggedAs: nil) }) {
                return Self.loggedLine(created)
            }
            guard let decisions = payload.flatMap(EventPayload.Created.decisions(in:)) else { return "case logged" }
            return "logged: \(decisions.texts.joined(separator: "; "))"
        case .transition:
            var text = reason ?? "\(fromStatus?.rawValue ?? "?") → \(toStatus?.rawValue ?? "?")"
            if let change = payload.flatMap({ try? EventPayload.DecisionChange(json: $0) }) {
                text += " [decisions: \(change.decisions.texts.joined(separator: "; "))]"
            }
            return text
        case .note:
            return reason ?? ""
        case .evidence:
            return "evidence: " + (decodedPayload(EventPayload.EvidenceAdded.self)?.reference ?? "")
        case .claimed, .assigned, .released:
            let change = payload.flatMap { try? EventPayload.ClaimChange(json: $0) }
            let until = change?.until.map { " until \($0)" } ?? ""
            switch kind {
            case .claimed: return "claimed" + until
            case .assigned: return "assigned to \(change?.holder ?? "?")" + until
            default: return change?.holder.map { $0 == actor ? "released" : "released \($0)'s claim" } ?? "released"
            }
        }
    }

    private func decodedPayload<T: Decodable>(_ type: T.Type) -> T? {
        guard let payload else { return nil }
        return try? JSONDecoder().decode(type, from: Data(payload.utf8))
    }
}
