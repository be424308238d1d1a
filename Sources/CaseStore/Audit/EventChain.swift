import Crypto
import Foundation

/// The hash chain over all events. Each event's hash covers the previous event's hash and every
/// field of the event, so a stored head hash vouches for the whole history before it.
///
/// Three encodings exist; an event's `format` says which its hash covers. All are unambiguous (every
/// field is length-prefixed or fixed-width, so no field can imitate another) and independent of any
/// JSON library's choices. Format 2, for events written from schema v6, is binary and fixed-width,
/// so it is built from the stored bytes without formatting numbers or times; format 3, for every
/// event written since schema v9, is format 2 with the channel the event came through after the
/// other fields, so that where an event came from is as fixed as what it says.
public enum EventChain {
    /// The `previousHash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)
    static let genesisDigest = [UInt8](repeating: 0, count: digestLength)
    static let digestLength = 32
    /// The format of the events this build writes.
    public static let currentFormat = 3
    public static let formats = 1...3

    /// The hash of `event` in its format, as lower-case hex, given the previous event's (hex).
    public static func hash(of event: CaseEvent, previous: String) -> String {
        if event.format == 1 { return formatOneHash(of: event, previous: previous) }
        var hasher = EventHasher()
        let digest = hasher.digest(
            format: event.format, previous: Hex.decode(previous) ?? [], id: event.id, caseID: event.caseID, sequence: Int64(event.sequence),
            kind: event.kind.rawValue, from: event.fromStatus?.rawValue, to: event.toStatus?.rawValue, actor: event.actor,
            reason: event.reason, payload: event.payload, occurredAt: event.occurredAt.iso8601,
            recordedAt: event.recordedAt.iso8601, channel: event.channel)
        return Hex.encode(digest)
    }

    /// Format 1 (events written before schema v6): SHA-256 of `name=LENGTH:VALUE` lines, numbers and
    /// times as text, the previous hash as its hex digits.
    static func formatOneHash(of event: CaseEvent, previous: String) -> String {
        formatOneHash(
            previous: previous, id: event.id, caseID: event.caseID, sequence: Int64(event.sequence),
            kind: event.kind.rawValue, from: event.fromStatus?.rawValue, to: event.toStatus?.rawValue, actor: event.actor,
            reason: event.reason, payload: event.payload, occurredAt: event.occurredAt.iso8601,
            recordedAt: event.recordedAt.iso8601)
    }

    static func formatOneHash(
        previous: String, id: Int64, caseID: Int64, sequence: Int64, kind: String, from: String?, to: String?,
        actor: String, reason: String?, payload: String?, occurredAt: String, recordedAt: String
    ) -> String {
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
        field("id", String(id))
        field("case", String(caseID))
        field("seq", String(sequence))
        field("kind", kind)
        field("from", from)
        field("to", to)
        field("actor", actor)
        field("reason", reason)
        field("payload", payload)
        field("occurred_at", occurredAt)
        field("recorded_at", recordedAt)
        return Hex.encode(SHA256.hash(data: bytes))
    }
}

/// Builds format-2 and format-3 event encodings in one reused buffer and hashes them: the format's
/// tag, the previous digest (32 bytes), id, case and sequence as 8-byte big-endian integers, then
/// kind, from, to, actor, reason, payload, occurred_at and recorded_at, and for format 3 channel,
/// each as a 4-byte big-endian length and its UTF-8 bytes, or 0xFFFFFFFF for NULL.
struct EventHasher {
    private static let tags = [2: Array("casetool-event-v2\n".utf8), 3: Array("casetool-event-v3\n".utf8)]
    /// The texts after the three integers, in order, for each binary format.
    static let textCount = [2: 8, 3: 9]
    private static let null: UInt32 = .max
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(1_024)
    }

    /// Starts an event's encoding in a binary format (2 or 3); add its texts (`textCount`) in order
    /// with `text`, then call `finish`.
    mutating func begin(format: Int, previous: UnsafeRawBufferPointer, id: Int64, caseID: Int64, sequence: Int64) {
        buffer.removeAll(keepingCapacity: true)
        buffer += Self.tags[format] ?? []
        buffer += previous
        integer(id)
        integer(caseID)
        integer(sequence)
    }

    mutating func text(_ bytes: UnsafeRawBufferPointer?) {
        guard let bytes else { return length(Self.null) }
        // Stored values are far below 4 GiB (SQLite's own limit is 1 GB); clamp rather than trap.
        length(UInt32(clamping: bytes.count))
        buffer += bytes
    }

    mutating func text(_ string: String?) {
        guard var string else { return text(nil as UnsafeRawBufferPointer?) }
        string.withUTF8 { text(UnsafeRawBufferPointer($0)) }
    }

    func finish() -> SHA256.Digest {
        SHA256.hash(data: buffer)
    }

    /// The digest of an event given as Swift values, in a binary format (the channel counts in format 3 only).
    mutating func digest(
        format: Int = EventChain.currentFormat, previous: [UInt8], id: Int64, caseID: Int64, sequence: Int64,
        kind: String, from: String?, to: String?, actor: String, reason: String?, payload: String?,
        occurredAt: String, recordedAt: String, channel: Channel
    ) -> SHA256.Digest {
        previous.withUnsafeBytes { begin(format: format, previous: $0, id: id, caseID: caseID, sequence: sequence) }
        for value in [kind, from, to, actor, reason, payload, occurredAt, recordedAt] { text(value) }
        if format >= 3 { text(channel.rawValue) }
        return finish()
    }

    private mutating func integer(_ value: Int64) {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { buffer += $0 }
    }

    private mutating func length(_ value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { buffer += $0 }
    }
}

extension SHA256.Digest {
    /// Whether the digest is exactly these 32 bytes (a stored hash), compared without copying.
    func matches(_ stored: UnsafeRawBufferPointer?) -> Bool {
        guard let stored, stored.count == EventChain.digestLength else { return false }
        return withUnsafeBytes { $0.elementsEqual(stored) }
    }

    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
