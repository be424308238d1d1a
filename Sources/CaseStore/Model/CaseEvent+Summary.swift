import Foundation

extension CaseEvent {
    /// One line saying what the event did, for people reading a history.
    public var summary: String {
        switch kind {
        case .created:
            guard let created = decodedPayload(EventPayload.Created.self) else { return "case logged" }
            return "logged: \(created.policy), \(created.action.rawValue) (\(created.source.rawValue))"
        case .transition:
            var text = reason ?? "\(fromStatus?.rawValue ?? "?") → \(toStatus?.rawValue ?? "?")"
            if let change = decodedPayload(EventPayload.ActionChange.self) {
                text += " [action: \(change.action.rawValue)\(change.action_ends_at.map { " until \($0)" } ?? "")]"
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
