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

