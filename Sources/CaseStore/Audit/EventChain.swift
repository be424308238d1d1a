import Crypto
import Foundation

/// The hash chain over all events. Each event's hash covers the previous event's hash and every
/// field of the event, so a stored head hash vouches for the whole history before it.
public enum EventChain {
    /// The `prev_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 of a versioned, length-prefixed encoding of the event. Length prefixes make the encoding
    /// unambiguous (no field can imitate a separator) and independent of any JSON library's choices.
    public static func hash(of event: CaseEvent, previous: String) -> String {
        var hasher = SHA256()
        func field(_ name: String, _ value: String?) {
            var line = name + "="
            if let value {
                line += "\(value.utf8.count):" + value
            } else {
                line += "-"
            }
            hasher.update(data: Data((line + "\n").utf8))
        }
        field("format", "casetool-event-v1")
        field("prev", previous)
        field("id", String(event.id))
        field("case", String(event.caseID))
        field("seq", String(event.sequence))
        field("kind", event.kind.rawValue)
        field("from", event.fromStatus?.rawValue)
        field("to", event.toStatus?.rawValue)
        field("actor", event.actor)
        field("reason", event.reason)
        field("payload", event.payload)
        field("occurred_at", event.occurredAt.iso8601)
        field("recorded_at", event.recordedAt.iso8601)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
