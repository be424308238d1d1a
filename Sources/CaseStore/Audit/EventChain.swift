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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        func field(_ name: String, _ value: String?) {
            bytes += name.utf8
            bytes.append(0x3D)  // =
            if let value {
                bytes += String(value.utf8.count).utf8
                bytes.append(0x3A)  // :
                bytes += value.utf8
            } else {
                bytes.append(0x2D)  // -
            }
            bytes.append(0x0A)
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
        return Hex.encode(SHA256.hash(data: bytes))
    }
}
