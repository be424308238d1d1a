import Foundation

extension CaseEvent {
    /// One line saying what the event did, for people reading a history.
    public var summary: String {
        switch kind {
        case .created:
            // Since schema v6 the event commits to the rest of the case by digest: the case shows it.
            if let created = payload.flatMap({ try? EventPayload.Created(json: $0, loggedAs: nil) }) {
                return "logged: \(created.policy), \(created.decisions.texts.joined(separator: "; ")) (\(created.content.source.rawValue))"
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
        }
    }

    private func decodedPayload<T: Decodable>(_ type: T.Type) -> T? {
        guard let payload else { return nil }
        return try? JSONDecoder().decode(type, from: Data(payload.utf8))
    }
}
